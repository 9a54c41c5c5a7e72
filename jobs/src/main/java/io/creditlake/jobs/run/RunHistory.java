package io.creditlake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.creditlake.common.lake.Runs;
import io.creditlake.jobs.JobContext;
import java.sql.Date;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

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
   * Rows read and quarantined by the source's last {@code n} successful ingests of other dates
   * (the latest attempt per date), as {@code [read, quarantined, days]}.
   */
  long[] recentQuarantine(String source, int n) {
    List<Row> rows = spark.read().format("delta").load(ctx.lake().runs())
        .filter(col(Runs.JOB).equalTo("ingest").and(col(Runs.SOURCE).equalTo(source))
            .and(col(Runs.STATUS).equalTo(Runs.SUCCEEDED)).and(col(Runs.ROWS_READ).gt(0))
            .and(col(Runs.DATE_TO).lt(lit(Date.valueOf(ctx.from())))))
        .orderBy(col(Runs.STARTED_AT).desc())
        .select(Runs.DATE_FROM, Runs.DATE_TO, Runs.ROWS_READ, Runs.ROWS_QUARANTINED)
        .limit(n * 4).collectAsList();
    Map<String, Row> latestPerDates = new LinkedHashMap<>();
    for (Row r : rows) {
      latestPerDates.putIfAbsent(r.get(0) + ".." + r.get(1), r);
    }
    long read = 0;
    long quarantined = 0;
    int days = 0;
    for (Row r : new ArrayList<>(latestPerDates.values()).subList(0, Math.min(n, latestPerDates.size()))) {
      read += r.getLong(2);
      quarantined += r.getLong(3);
      days++;
    }
    return new long[] {read, quarantined, days};
  }

  /** When the period's rates were last scored successfully by any run, or null. */
  Instant ratesScored(YearMonth period) {
    List<Row> rows = spark.read().format("delta").load(ctx.lake().runs())
        .filter(col(Runs.JOB).equalTo("rates").and(col(Runs.STATUS).equalTo(Runs.SUCCEEDED))
            .and(col(Runs.DATE_FROM).equalTo(lit(Date.valueOf(period.atDay(1))))))
        .agg(org.apache.spark.sql.functions.max(Runs.STARTED_AT)).collectAsList();
    return rows.isEmpty() || rows.get(0).isNullAt(0) ? null : rows.get(0).getTimestamp(0).toInstant();
  }
}
