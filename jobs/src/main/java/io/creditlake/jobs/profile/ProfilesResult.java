package io.creditlake.jobs.profile;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code profiles} wrote.
 *
 * @param runId the run
 * @param from first date of the range
 * @param to last date of the range
 * @param snapshots the snapshot dates computed: month-ends and the latest day
 * @param profiles profile rows written (businesses × snapshots)
 * @param tableVersions table → Delta version committed
 * @param abnormalHistory rows in {@code gold/abnormal_list_history}
 * @param abnormalStats rows in {@code gold/abnormal_list_stats}
 * @param durationMs wall time
 */
public record ProfilesResult(String runId, LocalDate from, LocalDate to, List<LocalDate> snapshots, long profiles,
    Map<String, Long> tableVersions, long abnormalHistory, long abnormalStats, long durationMs) {}
