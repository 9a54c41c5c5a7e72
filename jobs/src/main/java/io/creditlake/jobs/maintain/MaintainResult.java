package io.creditlake.jobs.maintain;

import java.util.List;

/**
 * What {@code maintain} did (or, with {@code dryRun}, would do) to each table of the lake.
 *
 * @param runId the run
 * @param dryRun true when nothing was changed
 * @param retentionHours VACUUM's retention
 * @param tables one line per Delta table
 * @param durationMs wall time
 */
public record MaintainResult(String runId, boolean dryRun, int retentionHours, List<TableResult> tables,
    long durationMs) {

  /**
   * One table.
   *
   * @param table its path relative to the lake root
   * @param files data files in the current version before
   * @param bytes their size
   * @param filesAfter data files after OPTIMIZE (equal to {@code files} in a dry run)
   * @param zorderedBy the column the compaction clustered by, or null
   * @param vacuumFiles files VACUUM removed (would remove, in a dry run): no longer used by a
   *     version younger than the retention
   * @param durationMs wall time for the table
   */
  public record TableResult(String table, long files, long bytes, long filesAfter, String zorderedBy,
      long vacuumFiles, long durationMs) {}
}
