package io.creditlake.jobs.profile;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.Names;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The abnormal-operations list, from the registry's entries and removals (the latest version of
 * each): {@code gold/abnormal_list_history}, each business's entries and removals with their
 * grounds; and {@code gold/abnormal_list_stats}, per month-end, district and industry section,
 * how many businesses were on the list and how many were added and removed that month.
 * Both are rebuilt from the whole history on every run; they are small.
 */
final class AbnormalList {

  private AbnormalList() {}

  static final String HISTORY = "abnormal_list_history";
  /** District or section of a business whose registry record left it empty. */
  static final String UNKNOWN = "UNKNOWN";
  static final String STATS = "abnormal_list_stats";

  static final StructType HISTORY_SCHEMA = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
      DataTypes.createStructField("uscc", DataTypes.StringType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("district_code", DataTypes.StringType, true),
      DataTypes.createStructField("industry_section", DataTypes.StringType, true),
      DataTypes.createStructField("action", DataTypes.StringType, false),
      DataTypes.createStructField("event_date", DataTypes.DateType, false),
      DataTypes.createStructField("ground", DataTypes.StringType, true),
      DataTypes.createStructField("removed_on", DataTypes.DateType, true),
      DataTypes.createStructField("days_listed", DataTypes.IntegerType, true),
      DataTypes.createStructField("record_id", DataTypes.StringType, false),
      DataTypes.createStructField("known_since", DataTypes.DateType, false)});

  static final StructType STATS_SCHEMA = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
      DataTypes.createStructField("month_end", DataTypes.DateType, false),
      DataTypes.createStructField("district_code", DataTypes.StringType, true),
      DataTypes.createStructField("industry_section", DataTypes.StringType, true),
      DataTypes.createStructField("on_list", DataTypes.LongType, false),
      DataTypes.createStructField("added", DataTypes.LongType, false),
      DataTypes.createStructField("removed", DataTypes.LongType, false)});

  /** Rows written. */
  record Counts(long history, long stats) {}

  static void ensureTables(SparkSession spark, LakeLayout lake) {
    DeltaTables.ensure(spark, lake.gold(HISTORY), HISTORY_SCHEMA,
        "every abnormal-operations-list entry (ADDED, with its removal) and removal (REMOVED), with ground");
    DeltaTables.ensure(spark, lake.gold(STATS), STATS_SCHEMA,
        "per month-end, district and industry section: businesses on the abnormal list, added and removed in the month");
  }

  /**
   * @param registry the latest version of every registry record
   * @param until the last month-end the statistics cover
   */
  static Counts write(SparkSession spark, LakeLayout lake, Dataset<Row> registry, LocalDate until) {
    Dataset<Row> events = registry.filter(col("event_type").isin("ABNORMAL_ADDED", "ABNORMAL_REMOVED"))
        .select(col("uscc"), col("name"), coalesce(col("district_code"), lit(UNKNOWN)).as("district_code"),
            coalesce(substring(col("industry_code"), 1, 1), lit(UNKNOWN)).as("industry_section"),
            regexp_replace(col("event_type"), "ABNORMAL_", "").as("action"), col("event_date"),
            col("abnormal_ground").as("ground"), col("record_id"), col(Tables.KNOWN_SINCE).as("known_since"));
    // an entry ends at the business's next event if that is a removal
    Column next = lead(col("event_date"), 1).over(Window.partitionBy("uscc").orderBy("event_date", "record_id"));
    Column nextAction = lead(col("action"), 1).over(Window.partitionBy("uscc").orderBy("event_date", "record_id"));
    Dataset<Row> history = events
        .withColumn("removed_on", when(col("action").equalTo("ADDED").and(nextAction.equalTo("REMOVED")), next))
        .withColumn("days_listed", when(col("action").equalTo("ADDED"),
            org.apache.spark.sql.functions.datediff(coalesce(col("removed_on"),
                lit(Date.valueOf(until))), col("event_date"))))
        .select(HISTORY_SCHEMA.fieldNames()[0], java.util.Arrays.copyOfRange(HISTORY_SCHEMA.fieldNames(), 1,
            HISTORY_SCHEMA.fieldNames().length))
        .persist();
    try {
      DeltaTables.Commit h = DeltaTables.replace(history, lake.gold(HISTORY), "true");

      // on the list at a month-end E: entered on or before E, removed after E (or not yet)
      Column last = least(date_sub(coalesce(col("removed_on"), lit(Date.valueOf(until.plusDays(1)))), 1),
          lit(Date.valueOf(until)));
      Column lastMonthEnd = when(last_day(last).equalTo(last), last).otherwise(last_day(add_months(last, -1)));
      Dataset<Row> onList = history.filter(col("action").equalTo("ADDED"))
          .filter(lastMonthEnd.geq(last_day(col("event_date"))))
          .withColumn("month_end", explode(sequence(last_day(col("event_date")), lastMonthEnd, expr("interval 1 month"))))
          .withColumn("month_end", last_day(col("month_end")))
          .groupBy("month_end", "district_code", "industry_section").agg(countDistinct("uscc").as("on_list"));
      Dataset<Row> flows = history.filter(col("event_date").leq(lit(Date.valueOf(until))))
          .withColumn("month_end", last_day(col("event_date")))
          .groupBy("month_end", "district_code", "industry_section").agg(
              sum(when(col("action").equalTo("ADDED"), 1L).otherwise(0L)).as("added"),
              sum(when(col("action").equalTo("REMOVED"), 1L).otherwise(0L)).as("removed"));
      Dataset<Row> stats = onList.join(flows, Names.seq("month_end", "district_code", "industry_section"), "full_outer")
          .select(col("month_end"), col("district_code"), col("industry_section"),
              coalesce(col("on_list"), lit(0L)).as("on_list"),
              coalesce(col("added"), lit(0L)).as("added"),
              coalesce(col("removed"), lit(0L)).as("removed"));
      DeltaTables.Commit s = DeltaTables.replace(stats, lake.gold(STATS), "true");
      return new Counts(h.rowsWritten(), s.rowsWritten());
    } finally {
      history.unpersist();
    }
  }
}
