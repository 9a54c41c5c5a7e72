package io.creditlake.jobs.generate;

import io.creditlake.common.domain.Source;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

/**
 * The reporting units of the generated city and how each one behaves — the simulation's side of
 * the submission-rate scores: a unit delivers on its own schedule, misses some records
 * altogether ({@link Unit#coverage}), holds some back past the deadline ({@link Unit#lateShare}),
 * gets some wrong ({@link Unit#errorRate}) and leaves optional fields empty
 * ({@link Unit#optionalFill}). The figures differ on purpose, so the league table has a top and
 * a bottom.
 */
public final class Units {

  private Units() {}

  /**
   * One reporting unit.
   *
   * @param code its code in the files' reporting-unit column
   * @param name what it is called (a bank's name is the loan files' lender)
   * @param source what it reports
   * @param weekly true: delivers every week on {@code weekday}; false: every month on {@code day}
   * @param weekday delivery weekday for weekly units
   * @param day delivery day of month for monthly units
   * @param coverage share of the records it owes that it ever delivers
   * @param lateShare share of its records it holds back for weeks (delivered after the deadline)
   * @param errorRate share of its rows with a defect that quarantines them
   * @param optionalFill share of optional fields it fills
   * @param weight its share of the source's records (banks' market shares, courts' caseloads)
   */
  public record Unit(String code, String name, Source source, boolean weekly, DayOfWeek weekday, int day,
      double coverage, double lateShare, double errorRate, double optionalFill, double weight) {

    /** Its first delivery strictly after {@code ready}: the day a record ready then is sent. */
    public LocalDate deliveryAfter(LocalDate ready) {
      if (weekly) {
        return ready.with(TemporalAdjusters.next(weekday));
      }
      LocalDate thisMonth = ready.withDayOfMonth(day);
      return thisMonth.isAfter(ready) ? thisMonth : ready.plusMonths(1).withDayOfMonth(day);
    }
  }

  public static final Unit SZAMR = new Unit(Vocabulary.AMR, "深圳市市场监督管理局", Source.REGISTRATION, true,
      DayOfWeek.MONDAY, 0, 1, 0.02, 0.002, 0.97, 1);
  public static final Unit SZTAX = new Unit(Vocabulary.TAX, "国家税务总局深圳市税务局", Source.TAX, false,
      null, 20, 0.99, 0.03, 0.004, 0.92, 1);

  /** Banks: a careful one, sloppy ones, and one that always reports after the 10th. */
  public static final List<Unit> BANKS = List.of(
      bank(0, 6, 0.998, 0.010, 0.001, 0.97, 0.20),
      bank(1, 8, 0.995, 0.020, 0.002, 0.92, 0.18),
      bank(2, 9, 0.990, 0.030, 0.004, 0.88, 0.14),
      bank(3, 7, 0.970, 0.050, 0.006, 0.82, 0.12),
      bank(4, 5, 0.999, 0.005, 0.0005, 0.99, 0.12),
      bank(5, 9, 0.960, 0.080, 0.010, 0.72, 0.10),
      bank(6, 14, 0.985, 0.020, 0.003, 0.78, 0.08),
      bank(7, 10, 0.930, 0.100, 0.015, 0.60, 0.06));

  /**
   * Courts: the intermediate court (large cases) and three district courts. Like the registry,
   * they publish every record (coverage 1) — there is no list to miss one against; they differ
   * in how late, how wrong and how complete.
   */
  public static final List<Unit> COURTS = List.of(
      court(0, DayOfWeek.FRIDAY, 1, 0.05, 0.003, 0.85, 0.20),
      court(1, DayOfWeek.THURSDAY, 1, 0.10, 0.008, 0.70, 0.30),
      court(2, DayOfWeek.FRIDAY, 1, 0.02, 0.002, 0.92, 0.30),
      court(3, DayOfWeek.WEDNESDAY, 1, 0.15, 0.012, 0.60, 0.20));

  /**
   * Fields whose filling measures a unit's completeness, per source — optional in the sense that
   * a row without them still loads. The submission-rate configuration names the same fields.
   */
  public static final Map<Source, List<String>> OPTIONAL = Map.of(
      Source.REGISTRATION, List.of("name", "industry_code", "registered_capital", "district_code", "legal_rep_name"),
      Source.TAX, List.of("filing_date", "declared_amount", "paid_amount", "overdue_amount"),
      Source.LOAN, List.of("lender", "amount", "start_date", "maturity_date", "days_overdue"),
      Source.LITIGATION, List.of("cause", "amount"));

  /** The units reporting a source. */
  public static List<Unit> of(Source source) {
    return switch (source) {
      case REGISTRATION -> List.of(SZAMR);
      case TAX -> List.of(SZTAX);
      case LOAN -> BANKS;
      case LITIGATION -> COURTS;
    };
  }

  /**
   * The reporting deadline of a record: registration events and court filings within 10 days,
   * a tax filing by the end of the month after its period, a loan's monthly report by the 10th
   * of the next month.
   */
  public static LocalDate deadline(Source source, LocalDate period) {
    return switch (source) {
      case REGISTRATION, LITIGATION -> period.plusDays(10);
      case TAX -> period.plusMonths(1).with(TemporalAdjusters.lastDayOfMonth());
      case LOAN -> period.plusMonths(1).withDayOfMonth(10);
    };
  }

  private static Unit bank(int i, int day, double coverage, double late, double error, double fill, double weight) {
    String[] b = Vocabulary.BANKS.get(i);
    return new Unit(b[0], b[1], Source.LOAN, false, null, day, coverage, late, error, fill, weight);
  }

  private static Unit court(int i, DayOfWeek weekday, double coverage, double late, double error, double fill,
      double weight) {
    String[] c = Vocabulary.COURTS.get(i);
    return new Unit(c[0], c[1], Source.LITIGATION, true, weekday, 0, coverage, late, error, fill, weight);
  }
}
