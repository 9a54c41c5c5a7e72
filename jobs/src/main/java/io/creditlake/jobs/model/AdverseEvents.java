package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The adverse events a label counts, read from silver: one row per business, event and date,
 * with the first day the lake knew of it.
 * <ul>
 *   <li>{@code ABNORMAL_LISTED}: a registry entry on the abnormal-operations list, at its date;
 *   <li>{@code REVOKED}: a registry status change to revoked (吊销), at its date — a voluntary
 *       deregistration (注销) is not adverse;
 *   <li>{@code LOAN_NON_PERFORMING}: a loan's first report classed substandard, doubtful or loss,
 *       at the month it reports;
 *   <li>{@code DISHONEST_LISTED}: a court record of a dishonest-debtor listing, at its date.
 * </ul>
 * Every version counts: an event is known from the first version that said it.
 */
final class AdverseEvents {

  private AdverseEvents() {}

  static final String USCC = "uscc";
  static final String EVENT = "event";
  static final String DATE = "event_date";
  static final String KNOWN = "known_since";

  static Dataset<Row> read(SparkSession spark, LakeLayout lake, List<String> kinds) {
    List<Dataset<Row>> parts = new ArrayList<>();
    if (kinds.contains("ABNORMAL_LISTED") || kinds.contains("REVOKED")) {
      // both registry events from one scan
      org.apache.spark.sql.Column event = org.apache.spark.sql.functions
          .when(col("event_type").equalTo("ABNORMAL_ADDED"), lit("ABNORMAL_LISTED"))
          .when(col("event_type").equalTo("STATUS_CHANGED").and(col("status").equalTo("REVOKED")), lit("REVOKED"));
      parts.add(spark.read().format("delta").load(lake.silver(Source.REGISTRATION)).withColumn(EVENT, event)
          .filter(col(EVENT).isin(kinds.toArray()))
          .groupBy(col(USCC), col(EVENT), col("event_date").as(DATE)).agg(min(Tables.KNOWN_SINCE).as(KNOWN))
          .select(col(USCC), col(EVENT), col(DATE), col(KNOWN)));
    }
    if (kinds.contains("LOAN_NON_PERFORMING")) {
      Dataset<Row> npl = spark.read().format("delta").load(lake.silver(Source.LOAN))
          .filter(col("classification").isin("SUBSTANDARD", "DOUBTFUL", "LOSS"));
      // the loan's first non-performing month; known when that month's report first arrived
      parts.add(npl.withColumn(DATE, min("report_month").over(org.apache.spark.sql.expressions.Window
              .partitionBy(USCC, "loan_id"))).filter(col("report_month").equalTo(col(DATE)))
          .groupBy(col(USCC), col(DATE)).agg(min(Tables.KNOWN_SINCE).as(KNOWN))
          .select(col(USCC), lit("LOAN_NON_PERFORMING").as(EVENT), col(DATE), col(KNOWN)));
    }
    if (kinds.contains("DISHONEST_LISTED")) {
      parts.add(first(spark.read().format("delta").load(lake.silver(Source.LITIGATION))
          .filter(col("dishonest_listed_date").isNotNull()), "DISHONEST_LISTED", col("dishonest_listed_date")));
    }
    return parts.stream().reduce(Dataset::unionByName).orElseThrow();
  }

  private static Dataset<Row> first(Dataset<Row> rows, String event, org.apache.spark.sql.Column date) {
    return rows.groupBy(col(USCC), date.as(DATE)).agg(min(Tables.KNOWN_SINCE).as(KNOWN))
        .select(col(USCC), lit(event).as(EVENT), col(DATE), col(KNOWN));
  }
}
