package io.creditlake.common.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Labels the Spark jobs a step runs, so the Spark UI shows "ingest tax 2026-11-26" instead of
 * "collect at IngestJob.java:87". Restores the previous description afterwards.
 */
public final class JobLabel {

  private JobLabel() {}

  public static <T> T with(SparkSession spark, String group, String description, Supplier<T> body) {
    var sc = spark.sparkContext();
    String previous = sc.getLocalProperty("spark.job.description");
    sc.setJobGroup(group, description, false);
    try {
      return body.get();
    } finally {
      sc.clearJobGroup();
      sc.setJobDescription(previous);
    }
  }

  public static void with(SparkSession spark, String group, String description, Runnable body) {
    with(spark, group, description, () -> {
      body.run();
      return null;
    });
  }
}
