package io.creditlake.jobs.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

/**
 * What to generate.
 *
 * @param out folder written: {@code <source>/<yyyy-mm-dd>/…} and {@code _truth/}
 * @param entities businesses, ≥ 1
 * @param days daily batches, ≥ 1
 * @param start first batch date
 * @param seed same seed, same bytes
 * @param dirtRates share of fresh rows given each defect
 * @param duplicateRate share of rows re-sent as exact duplicates
 * @param correctionRate share of rows re-sent later with corrected content
 * @param lateRate share of rows describing a period long past (valid, but late)
 */
public record GenerateOptions(Path out, int entities, int days, LocalDate start, long seed,
    Map<DirtKind, Double> dirtRates, double duplicateRate, double correctionRate, double lateRate) {

  public GenerateOptions {
    if (entities < 1) {
      throw new IllegalArgumentException("--entities must be ≥ 1, got: " + entities);
    }
    if (days < 1) {
      throw new IllegalArgumentException("--days must be ≥ 1, got: " + days);
    }
    double total = duplicateRate + correctionRate + lateRate;
    for (Map.Entry<DirtKind, Double> e : dirtRates.entrySet()) {
      checkRate("--dirty-rate " + e.getKey(), e.getValue());
      total += e.getValue();
    }
    checkRate("--duplicate-rate", duplicateRate);
    checkRate("--correction-rate", correctionRate);
    checkRate("--late-rate", lateRate);
    if (total > 0.5) {
      throw new IllegalArgumentException("the rates add up to " + total + "; keep their sum ≤ 0.5 so most rows stay plain");
    }
    dirtRates = Map.copyOf(dirtRates);
  }

  private static void checkRate(String option, double rate) {
    if (rate < 0 || rate > 0.5) {
      throw new IllegalArgumentException(option + " must be between 0 and 0.5, got: " + rate);
    }
  }
}
