package io.creditlake.jobs.bench;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@code creditlake bench} measured.
 *
 * @param date the day it ran (UTC)
 * @param started when it started (UTC, to the minute)
 * @param machine cores, memory, JVM
 * @param spark the Spark settings that shape the figures
 * @param heapMaxMb the driver's maximum heap (local mode: Spark's executors share it)
 * @param scales one entry per size, smallest first
 * @param json where the figures went as JSON
 * @param markdown the file the tables were added to
 */
public record BenchResult(String date, String started, String machine, String spark, long heapMaxMb, List<Scale> scales,
    String json, String markdown) {

  /**
   * One size of generated city.
   *
   * @param scale the fraction of full scale (1,000,000 businesses, 36 months)
   * @param historyRows rows in the history's files; {@code nightlyRows} those of the nightly batch
   * @param inputMb the generated files on disk
   * @param generateSeconds time to generate them, null when an earlier run's files were reused
   * @param countsMatchTruth whether ingest's rows read, silver and quarantined per source equal the
   *     generator's ground truth for the history and the nightly batch
   * @param baseline the bare copy and the plain aggregation
   * @param build the full build: backfill ingest, profiles, flags, train, score, rates
   * @param nightly the nightly increment: ingest, profiles, flags, score
   * @param lakeMbAfterBuild the lake on disk after the build; {@code lakeMbAfterNightly} after the night
   */
  public record Scale(String scale, int businesses, int months, LocalDate from, LocalDate to, LocalDate nightlyDate,
      long historyRows, long nightlyRows, long inputMb, Double generateSeconds, boolean countsMatchTruth,
      List<Step> baseline, List<Step> build, List<Step> nightly, long lakeMbAfterBuild, long lakeMbAfterNightly) {

    public double buildSeconds() {
      return build.stream().mapToDouble(Step::seconds).sum();
    }

    public double nightlySeconds() {
      return nightly.stream().mapToDouble(Step::seconds).sum();
    }

    /** Ingest's backfill against the bare copy of the same files; null without a baseline. */
    public Double ingestRatio() {
      return ratio(build, "ingest", "copy");
    }

    /** Profiles (every month-end snapshot) against one plain aggregation; null without a baseline. */
    public Double profilesRatio() {
      return ratio(build, "profiles", "aggregate");
    }

    private Double ratio(List<Step> steps, String step, String base) {
      Step a = find(steps, step);
      Step b = find(baseline, base);
      return a == null || b == null || b.seconds() == 0 ? null : a.seconds() / b.seconds();
    }

    static Step find(List<Step> steps, String name) {
      return steps.stream().filter(s -> s.step().equals(name)).findFirst().orElse(null);
    }
  }

  /**
   * One measured step.
   *
   * @param step {@code ingest}, {@code profiles}, … or {@code copy} and {@code aggregate} for the baseline
   * @param status the step's outcome ({@code SUCCEEDED}, or {@code SKIPPED} with the note saying why)
   * @param rows the rows the step works through (see docs/BENCHMARKS.md for each step's measure)
   * @param seconds wall time
   * @param peakHeapMb the JVM's peak heap in use during the step, garbage included
   * @param peakLiveMb the peak of the heap left after the collections during the step: what it
   *     held (0 when no collection happened in it)
   * @param spilledMb bytes Spark's tasks spilled, as their in-memory size; {@code spilledDiskMb} as written
   * @param shuffleMb shuffle bytes written
   * @param note the step's own summary
   */
  public record Step(String step, String status, long rows, double seconds, long rowsPerSecond, long peakHeapMb, long peakLiveMb,
      long spilledMb, long spilledDiskMb, long shuffleMb, long tasks, String note) {}
}
