package io.creditlake.jobs.rate;

import java.util.List;
import java.util.Map;

/**
 * What {@code rates} wrote: the league table of one period.
 *
 * @param runId the run
 * @param period the month scored, {@code yyyy-mm}
 * @param units every unit's counts, rates, score and ranks, best first
 * @param tableVersions table → Delta version committed
 * @param durationMs wall time
 */
public record RatesResult(String runId, String period, List<UnitRate> units, Map<String, Long> tableVersions,
    long durationMs) {

  /** One reporting unit's line of the league table; a rate is null when its denominator is 0. */
  public record UnitRate(String source, String unit, long expected, long received, long onTime, long valid,
      Double coverage, Double timeliness, Double validity, Double completeness, Double score, Integer rankInSource,
      Integer rankOverall) {}
}
