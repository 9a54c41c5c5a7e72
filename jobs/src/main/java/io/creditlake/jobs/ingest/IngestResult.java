package io.creditlake.jobs.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What an ingest run did, per source. {@code rowsRead = rowsSilver + rowsQuarantined +
 * rowsDuplicate} holds for every source that succeeded (the job checks it against what the
 * Delta commits report).
 *
 * @param runId the run's id in {@code ops/runs}
 * @param from first batch date
 * @param to last batch date
 * @param sources one result per source processed
 * @param durationMs wall time of the whole run
 */
public record IngestResult(String runId, LocalDate from, LocalDate to, List<SourceResult> sources, long durationMs) {

  public boolean succeeded() {
    return sources.stream().allMatch(s -> s.error() == null);
  }

  /**
   * One source's outcome.
   *
   * @param source source name
   * @param status {@code SUCCEEDED} or {@code FAILED}
   * @param files files read
   * @param rowsRead records read from the files
   * @param rowsSilver new versions written to silver
   * @param rowsQuarantined rows written to quarantine
   * @param rowsDuplicate exact duplicates dropped (same key and content as the version before)
   * @param reasons quarantine reason code → rows carrying it (a row may carry several)
   * @param batches per batch date: the same counts
   * @param tableVersions table → Delta version this run committed
   * @param error why the source failed, or null
   * @param durationMs wall time for this source
   */
  public record SourceResult(
      String source,
      String status,
      int files,
      long rowsRead,
      long rowsSilver,
      long rowsQuarantined,
      long rowsDuplicate,
      Map<String, Long> reasons,
      List<BatchCounts> batches,
      Map<String, Long> tableVersions,
      String error,
      long durationMs) {}

  /** Counts of one batch (one source, one date). */
  public record BatchCounts(LocalDate batchDate, long read, long silver, long quarantined, long duplicate) {}
}
