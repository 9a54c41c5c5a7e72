package io.creditlake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import io.creditlake.common.lake.Runs;
import io.creditlake.jobs.JobContext;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What {@code ops/runs} says about earlier attempts: when each step of the same dates last
 * succeeded (a rerun skips those that are still up to date), a source's recent quarantine share,
 * and whether a period's rates were already scored. Every read is a small filtered scan of the
 * log, collected as a handful of rows.
 */
final class RunHistory {

  static final String JOB = "run";

  private final SparkSession spark;
  private final JobContext ctx;
  private final Map<String, Instant> succeeded;

  private RunHistory(SparkSession spark, JobContext ctx, Map<String, Instant> succeeded) {
    this.spark = spark;
    this.ctx = ctx;
    this.succeeded = succeeded;
  }

  /** The last success of every step of {@code run} for exactly these dates. */
  static RunHistory read(SparkSession spark, JobContext ctx) {
    Map<String, Instant> last = new HashMap<>();
    for (Row r : spark.read().format("delta").load(ctx.lake().runs())
        .filter(col(Runs.JOB).equalTo(JOB).and(col(Runs.STATUS).equalTo(Runs.SUCCEEDED))
            .and(col(Runs.DATE_FROM).equalTo(lit(Date.valueOf(ctx.from()))))
            .and(col(Runs.DATE_TO).equalTo(lit(Date.valueOf(ctx.to())))))
        .groupBy(Runs.SOURCE).agg(org.apache.spark.sql.functions.max(Runs.STARTED_AT))
        .collectAsList()) {
      last.put(r.getString(0), r.getTimestamp(1).toInstant());
    }
    return new RunHistory(spark, ctx, last);
  }

  /** When the step last succeeded for these dates, or null. */
  Instant succeeded(String key) {
    return succeeded.get(key);
  }

  void record(String key, Instant started) {
    succeeded.put(key, started);
  }

  /**
   * Per source, rows read and quarantined by its last {@code n} successful ingests of earlier
   * dates (the latest attempt per dates), as {@code [read, quarantined, ingests]}: one scan of the
   * log for every source.
   */
  Map<String, long[]> recentQuarantine(int n) {
    WindowSpec perDates = Window.partitionBy(Runs.SOURCE, Runs.DATE_FROM, Runs.DATE_TO)
        .orderBy(col(Runs.STARTED_AT).desc());
    WindowSpec perSource = Window.partitionBy(Runs.SOURCE).orderBy(col(Runs.DATE_TO).desc());
    Map<String, long[]> out = new HashMap<>();
    for (Row r : spark.read().format("delta").load(ctx.lake().runs())
        .filter(col(Runs.JOB).equalTo("ingest").and(col(Runs.STATUS).equalTo(Runs.SUCCEEDED))
            .and(col(Runs.ROWS_READ).gt(0)).and(col(Runs.DATE_TO).lt(lit(Date.valueOf(ctx.from())))))
        .withColumn("_attempt", row_number().over(perDates)).filter(col("_attempt").equalTo(1))
        .withColumn("_recent", row_number().over(perSource)).filter(col("_recent").leq(n))
        .groupBy(Runs.SOURCE).agg(sum(Runs.ROWS_READ), sum(Runs.ROWS_QUARANTINED), count(lit(1)))
        .collectAsList()) {
      out.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2), r.getLong(3)});
    }
    return out;
  }

  /**
   * Every period whose rates were scored successfully by any run, with when it last was: one scan
   * of the log. A {@code rates} row covers every month from its first date to its last (a pass
   * over consecutive periods is recorded under the first one's first day to the last one's end).
   */
  Map<YearMonth, Instant> ratesScored() {
    Map<YearMonth, Instant> out = new TreeMap<>();
    for (Row r : spark.read().format("delta").load(ctx.lake().runs())
        .filter(col(Runs.JOB).equalTo("rates").and(col(Runs.STATUS).equalTo(Runs.SUCCEEDED)))
        .groupBy(Runs.DATE_FROM, Runs.DATE_TO).agg(org.apache.spark.sql.functions.max(Runs.STARTED_AT))
        .collectAsList()) {
      Instant at = r.getTimestamp(2).toInstant();
      YearMonth last = YearMonth.from(r.getDate(1).toLocalDate());
      for (YearMonth p = YearMonth.from(r.getDate(0).toLocalDate()); !p.isAfter(last); p = p.plusMonths(1)) {
        out.merge(p, at, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    return out;
  }
}
