package io.creditlake.jobs.flag;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code flags} wrote.
 *
 * @param runId the run
 * @param snapshots the profile snapshots flagged
 * @param flags flags written
 * @param newFlags of which new since the previous snapshot
 * @param byCode flags per rule code
 * @param newByCode new flags per rule code
 * @param tableVersions table → Delta version committed
 * @param durationMs wall time
 */
public record FlagsResult(String runId, List<LocalDate> snapshots, long flags, long newFlags, Map<String, Long> byCode,
    Map<String, Long> newByCode, Map<String, Long> tableVersions, long durationMs) {}
