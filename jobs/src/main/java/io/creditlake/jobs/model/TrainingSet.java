package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;

import io.creditlake.common.spark.Names;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Labelled rows without leakage. The features are a month-end profile snapshot t (which only
 * knows what was known by t); the label is 1 when one of the adverse events happens in
 * (t, t + horizon] — an event on or before t is history, not a label — and counts only events
 * the lake knew of by the training date. Businesses not active at t, or already in trouble at t
 * (on the abnormal list, a non-performing loan, on the dishonest-debtor list), are left out: the
 * model is to foresee new trouble, and the rules already flag the old.
 */
final class TrainingSet {

  private TrainingSet() {}

  static final String LABEL = Pipelines.LABEL;
  static final String EXCLUDED = "businesses not active at the snapshot, or already on the abnormal list, "
      + "with a non-performing loan or on the dishonest-debtor list at the snapshot";

  /** Who is scored and trained on: active and not yet in trouble at the snapshot. */
  static Column eligible() {
    return col(ProfileFeatures.IS_ACTIVE).and(col(ProfileFeatures.ABNORMAL_ON_LIST).equalTo(false))
        .and(col(ProfileFeatures.DISHONEST_NOW).equalTo(false)).and(col(ProfileFeatures.LOAN_NPL_BALANCE).equalTo(0));
  }

  /**
   * The latest month-end whose label window has closed by {@code date}: t with
   * t + horizon ≤ date.
   */
  static LocalDate validationSnapshot(LocalDate date, int horizonMonths) {
    LocalDate t = YearMonth.from(date).minusMonths(horizonMonths).atEndOfMonth();
    return YearMonth.from(t).plusMonths(horizonMonths).atEndOfMonth().isAfter(date)
        ? YearMonth.from(t).minusMonths(1).atEndOfMonth() : t;
  }

  /** {@code count} month-ends ending {@code gapMonths} before {@code validation}, oldest first. */
  static List<LocalDate> trainingSnapshots(LocalDate validation, int gapMonths, int count) {
    YearMonth last = YearMonth.from(validation).minusMonths(gapMonths);
    List<LocalDate> out = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      out.add(last.minusMonths(i).atEndOfMonth());
    }
    return out;
  }

  /**
   * The eligible profiles of the given month-end snapshots with their label (0 or 1, double).
   *
   * @param events {@link AdverseEvents} rows
   * @param knownBy count only events the lake knew of by this date
   */
  static Dataset<Row> label(Dataset<Row> profiles, Dataset<Row> events, List<LocalDate> snapshots, int horizonMonths,
      LocalDate knownBy) {
    Object[] dates = snapshots.stream().map(Date::valueOf).toArray();
    Dataset<Row> rows = profiles.filter(col(ProfileFeatures.SNAPSHOT_DATE).isin(dates)).filter(eligible());
    Dataset<Row> known = events.filter(col(AdverseEvents.KNOWN).leq(lit(Date.valueOf(knownBy))));
    Column t = col(ProfileFeatures.SNAPSHOT_DATE);
    Dataset<Row> positive = rows.select(col(ProfileFeatures.USCC), t)
        .join(known, Names.seq(ProfileFeatures.USCC))
        .filter(col(AdverseEvents.DATE).gt(t).and(col(AdverseEvents.DATE).leq(last_day(add_months(t, horizonMonths)))))
        .select(col(ProfileFeatures.USCC), t).distinct().withColumn(LABEL, lit(1.0));
    return rows.join(positive, Names.seq(ProfileFeatures.USCC, ProfileFeatures.SNAPSHOT_DATE), "left")
        .na().fill(0.0, new String[] {LABEL});
  }
}
