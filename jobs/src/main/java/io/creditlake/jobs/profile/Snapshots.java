package io.creditlake.jobs.profile;

import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.io.Serializable;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/**
 * The snapshot dates of a profiles run: every month-end in [from, to], and {@code to} itself
 * when it is not one (the latest day). Snapshot {@code i} is the end of the {@code i}-th month
 * from the first one, so "the first snapshot on or after a date" is month arithmetic — a Spark
 * expression, no join or lookup.
 *
 * @param dates the snapshot dates, ascending, one per month
 */
public record Snapshots(List<LocalDate> dates) implements Serializable {

  public Snapshots {
    if (dates.isEmpty()) {
      throw new IllegalArgumentException("no snapshot dates");
    }
    dates = List.copyOf(dates);
  }

  public static Snapshots of(LocalDate from, LocalDate to) {
    List<LocalDate> out = new ArrayList<>();
    for (YearMonth m = YearMonth.from(from); !m.isAfter(YearMonth.from(to)); m = m.plusMonths(1)) {
      LocalDate end = m.atEndOfMonth();
      out.add(end.isAfter(to) ? to : end);
    }
    return new Snapshots(out);
  }

  public int size() {
    return dates.size();
  }

  public LocalDate last() {
    return dates.get(dates.size() - 1);
  }

  /** Whether snapshot {@code i} is a month-end (the last one may be the latest day instead). */
  public boolean isMonthEnd(int i) {
    LocalDate d = dates.get(i);
    return d.equals(YearMonth.from(d).atEndOfMonth());
  }

  /**
   * The index of the first snapshot on or after {@code date}: 0 for dates before the first
   * snapshot's month, {@link #size()} for dates after the last snapshot (never visible).
   */
  public Column indexOf(Column date) {
    YearMonth first = YearMonth.from(dates.get(0));
    Column months = year(date).minus(first.getYear()).multiply(12).plus(month(date).minus(first.getMonthValue()));
    Column clamped = least(greatest(months, lit(0)), lit(size()));
    return when(date.isNull(), lit(size())).when(date.gt(lit(Date.valueOf(last()))), lit(size())).otherwise(clamped);
  }

  /** {@link #indexOf(Column)} in Java, for the sweep: the same rule, on an epoch day. */
  public int indexOf(int epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    if (date.isAfter(last())) {
      return size();
    }
    LocalDate first = dates.get(0);
    int months = (date.getYear() - first.getYear()) * 12 + date.getMonthValue() - first.getMonthValue();
    return Math.min(Math.max(months, 0), size());
  }

  /** The date of snapshot {@code index}. */
  public Column dateOf(Column index) {
    Column[] all = dates.stream().map(d -> lit(Date.valueOf(d))).toArray(Column[]::new);
    return element_at(functions.array(all), index.plus(1));
  }
}
