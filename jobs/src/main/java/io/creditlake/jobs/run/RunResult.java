package io.creditlake.jobs.run;

import io.creditlake.common.lake.Runs;
import java.time.LocalDate;
import java.util.List;

/**
 * What a night did ({@code creditlake run}): every step with its outcome and counts, the alerts,
 * and the new flags.
 *
 * @param runId the run's id in {@code ops/runs} (shared by the jobs it ran)
 * @param from first business date
 * @param to last business date (the night's date)
 * @param steps one line per step and, for ingest, per source, in order
 * @param alerts what an operator should look at even though nothing failed
 * @param newFlags flags raised this night that the business did not carry before (rules and model)
 * @param durationMs wall time
 */
public record RunResult(String runId, LocalDate from, LocalDate to, List<StepResult> steps, List<Alert> alerts,
    long newFlags, long durationMs) {

  /** True when no step and no source failed. */
  public boolean succeeded() {
    return steps.stream().noneMatch(s -> s.status().equals(Runs.FAILED));
  }

  public List<StepResult> failed() {
    return steps.stream().filter(s -> s.status().equals(Runs.FAILED)).toList();
  }

  /**
   * One step (or one source of ingest).
   *
   * @param step {@code ingest}, {@code profiles}, {@code flags}, {@code train}, {@code score}, {@code rates}
   * @param source the source for ingest, else null
   * @param status {@code SUCCEEDED}, {@code FAILED}, {@code SKIPPED} (nothing to do, see note),
   *     {@code DONE} (succeeded in an earlier attempt at the same date; not redone) or
   *     {@code BLOCKED} (a step it needs failed)
   * @param rowsIn rows the step read (records read for ingest, rows scored, training rows)
   * @param rowsOut rows it wrote (silver versions, profiles, flags, scores, league-table lines)
   * @param rejected rows rejected (quarantined for ingest)
   * @param durationMs wall time of the step
   * @param note what a reader should know: the error, why it was skipped, the model version…
   */
  public record StepResult(String step, String source, String status, long rowsIn, long rowsOut, long rejected,
      long durationMs, String note) {

    /** {@code ingest:tax} or {@code profiles}: the step's key in {@code ops/runs}. */
    public String key() {
      return source == null ? step : step + ":" + source;
    }
  }

  /**
   * Something to look at.
   *
   * @param kind {@code MISSING_FILE}, {@code QUARANTINE_JUMP} or {@code DRIFT}
   * @param source the source (or the model's variable for drift)
   * @param message what happened, with the numbers
   */
  public record Alert(String kind, String source, String message) {}
}
