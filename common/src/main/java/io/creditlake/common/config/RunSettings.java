package io.creditlake.common.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The nightly run ({@code creditlake run}): when it retrains, which files it expects and when it
 * raises an alert.
 *
 * @param train when the night retrains the model: {@code monthly} (the night after a month's
 *     last day, when a new month-end snapshot exists), {@code weekly} (after Sundays),
 *     {@code daily} or {@code never}. Whatever this says, a lake without a model trains as soon
 *     as it has the history. Default {@code monthly}.
 * @param deliveries the files the departments owe and on which business days; a missing one is
 *     an alert
 * @param alerts thresholds of the run's alerts
 */
public record RunSettings(String train, List<Delivery> deliveries, Alerts alerts) {

  public static final List<String> TRAIN = List.of("monthly", "weekly", "daily", "never");
  public static final RunSettings DEFAULT = new RunSettings(null, null, null);

  public RunSettings {
    train = train == null ? "monthly" : train;
    deliveries = deliveries == null ? List.of() : List.copyOf(deliveries);
    alerts = alerts == null ? Alerts.DEFAULT : alerts;
  }

  /** Whether the schedule retrains on business date {@code d}. */
  public boolean trainsOn(LocalDate d) {
    return switch (train) {
      case "daily" -> true;
      case "weekly" -> d.getDayOfWeek() == DayOfWeek.SUNDAY;
      case "monthly" -> d.equals(d.withDayOfMonth(d.lengthOfMonth()));
      default -> false;
    };
  }

  /**
   * A file a reporting unit owes.
   *
   * @param source the source it belongs to
   * @param files a glob on the file's name, e.g. {@code loan_B01_*}
   * @param every {@code day}, a weekday ({@code MONDAY}) or a day of the month ({@code 20}; past
   *     a month's end means its last day)
   */
  public record Delivery(String source, String files, String every) {

    /** Whether the file is owed on {@code d}; throws on a schedule the validator would refuse. */
    public boolean dueOn(LocalDate d) {
      String e = every.trim();
      if (e.equalsIgnoreCase("day")) {
        return true;
      }
      if (e.chars().allMatch(Character::isDigit)) {
        int day = Integer.parseInt(e);
        return d.getDayOfMonth() == Math.min(day, d.lengthOfMonth());
      }
      return d.getDayOfWeek() == DayOfWeek.valueOf(e.toUpperCase(Locale.ROOT));
    }

    /** Why {@link #every} is not a schedule, or null. */
    String problem() {
      if (every == null || every.isBlank()) {
        return "every is missing: 'day', a weekday or a day of the month";
      }
      String e = every.trim();
      if (e.equalsIgnoreCase("day")) {
        return null;
      }
      if (e.chars().allMatch(Character::isDigit)) {
        int day = Integer.parseInt(e);
        return day >= 1 && day <= 31 ? null : "every: a day of the month is 1 … 31, got: " + every;
      }
      try {
        DayOfWeek.valueOf(e.toUpperCase(Locale.ROOT));
        return null;
      } catch (IllegalArgumentException x) {
        return "every must be 'day', a weekday (MONDAY … SUNDAY) or a day of the month, got: " + every;
      }
    }
  }

  /**
   * When the run raises an alert about a source's quarantine share: it is at least
   * {@code quarantineJump} times the share of the source's last {@code historyRuns} successful
   * ingests and at least {@code quarantineMinIncrease} above it, on at least {@code minRows}
   * rows.
   */
  public record Alerts(Double quarantineJump, Double quarantineMinIncrease, Integer historyRuns, Integer minRows) {

    public static final Alerts DEFAULT = new Alerts(null, null, null, null);

    public Alerts {
      quarantineJump = quarantineJump == null ? 3.0 : quarantineJump;
      quarantineMinIncrease = quarantineMinIncrease == null ? 0.02 : quarantineMinIncrease;
      historyRuns = historyRuns == null ? 14 : historyRuns;
      minRows = minRows == null ? 100 : minRows;
    }
  }
}
