package io.creditlake.jobs.rate;

import java.util.List;
import java.util.Map;

/**
 * What {@code rates} wrote: the league table of each period scored.
 *
 * @param runId the run
 * @param periods the months scored, {@code yyyy-mm}, in order
 * @param units every unit's counts, rates, score and ranks per period: by period, then best first
 * @param tableVersions table → Delta version committed
 * @param durationMs wall time
 */
public record RatesResult(String runId, List<String> periods, List<UnitRate> units, Map<String, Long> tableVersions,
    long durationMs) {

  /** One period's league table, best first. */
  public List<UnitRate> units(String period) {
    return units.stream().filter(u -> u.period().equals(period)).toList();
  }

  /** The distinct units (source and unit) scored in any period. */
  public long distinctUnits() {
    return units.stream().map(u -> u.source() + "/" + u.unit()).distinct().count();
  }

  /** One reporting unit's line of a period's league table; a rate is null when its denominator is 0. */
  public record UnitRate(String period, String source, String unit, long expected, long received, long onTime,
      long valid, Double coverage, Double timeliness, Double validity, Double completeness, Double score,
      Integer rankInSource, Integer rankOverall) {}
}
