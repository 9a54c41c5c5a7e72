package io.creditlake.jobs.generate;

import java.util.Map;

/**
 * What {@code generate} wrote.
 *
 * @param out the folder
 * @param files data files written
 * @param rows rows per source
 * @param dirty rows given a defect, per source
 * @param duplicates exact re-sends, per source
 * @param corrections corrected re-sends, per source
 * @param late valid rows describing a period long past or delivered late, per source
 * @param durationMs wall time
 */
public record GenerateResult(String out, int files, Map<String, Long> rows, Map<String, Long> dirty,
    Map<String, Long> duplicates, Map<String, Long> corrections, Map<String, Long> late, long durationMs) {}
