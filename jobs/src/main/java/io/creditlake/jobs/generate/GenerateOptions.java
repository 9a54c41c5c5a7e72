package io.creditlake.jobs.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * What to generate.
 *
 * @param out folder written: {@code <source>/<yyyy-mm-dd>/…} and {@code _truth/}
 * @param businesses businesses in the city, ≥ 1 (full scale: 1,000,000)
 * @param firstMonth first month of history
 * @param months months of history, ≥ 1 (full scale: 36)
 * @param seed same seed, same bytes
 * @param errorFactor multiplies every reporting unit's error rate (1: as the units behave)
 * @param duplicateRate share of delivered rows re-sent unchanged in the unit's next delivery
 * @param correctionRate share of delivered rows re-sent corrected in the unit's next delivery
 * @param nightly whether to also write the nightly batch after the history
 */
public record GenerateOptions(Path out, int businesses, YearMonth firstMonth, int months, long seed,
    double errorFactor, double duplicateRate, double correctionRate, boolean nightly) {

  /** Businesses at full scale, the reference deployment. */
  public static final int FULL_SCALE = 1_000_000;
  /** Months of history at full scale. */
  public static final int FULL_MONTHS = 36;

  public GenerateOptions {
    if (businesses < 1 || businesses > 20_000_000) {
      throw new IllegalArgumentException("--businesses must be between 1 and 20,000,000, got: " + businesses);
    }
    if (months < 1 || months > 240) {
      throw new IllegalArgumentException("--months must be between 1 and 240, got: " + months);
    }
    if (errorFactor < 0 || errorFactor > 50) {
      throw new IllegalArgumentException("--error-factor must be between 0 and 50, got: " + errorFactor);
    }
    checkRate("--duplicate-rate", duplicateRate);
    checkRate("--correction-rate", correctionRate);
    if (duplicateRate + correctionRate > 0.5) {
      throw new IllegalArgumentException("--duplicate-rate and --correction-rate add up to "
          + (duplicateRate + correctionRate) + "; keep their sum ≤ 0.5 so most rows are sent once");
    }
  }

  /** First day of history. */
  public LocalDate start() {
    return firstMonth.atDay(1);
  }

  /** Last day of history. */
  public LocalDate end() {
    return firstMonth.plusMonths(months - 1L).atEndOfMonth();
  }

  /**
   * The nightly batch's date: the 20th of the month after the history, when the tax bureau and
   * every bank deliver the month — a month-end-sized day.
   */
  public LocalDate nightlyDate() {
    return firstMonth.plusMonths(months).atDay(20);
  }

  /** Parses a scale: {@code 1}, {@code 1/4}, {@code 1/16}, {@code 1/64} or a decimal fraction. */
  public static double parseScale(String scale) {
    try {
      String[] parts = scale.trim().split("/");
      double v = parts.length == 1 ? Double.parseDouble(parts[0])
          : parts.length == 2 ? Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]) : Double.NaN;
      if (v > 0 && v <= 4) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--scale must be a fraction of full scale such as 1, 1/4, 1/16 or 1/64 (at most 4), got: "
        + scale);
  }

  private static void checkRate(String option, double rate) {
    if (rate < 0 || rate > 0.5) {
      throw new IllegalArgumentException(option + " must be between 0 and 0.5, got: " + rate);
    }
  }
}
