package io.creditlake.jobs.report;

import java.time.LocalDate;

/**
 * What {@code creditlake report} wrote.
 *
 * @param path where the page is (a path or URI)
 * @param bytes its size
 * @param charts the charts drawn (sections without data show a note instead)
 * @param scoreDate the score snapshot shown, or null when there are no scores yet
 * @param ratesPeriod the league table's period, or null
 * @param model the model shown ("risk v1"), or null
 */
public record ReportResult(String runId, LocalDate date, String path, long bytes, int charts, LocalDate scoreDate,
    String ratesPeriod, String model, long durationMs) {}
