package io.creditlake.common.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's Delta settings: in the business's (non-UTC) time zone, a commit to a table does
 * not rebuild the table's state a second time to check it; with Delta's default it does, which
 * shows as more Spark jobs for the same appends.
 */
class SparkSessionsTest {

  @TempDir
  Path tmp;

  @Test
  void aCommitIsNotCheckedByRebuildingTheTableInTheBusinessTimeZone() throws Exception {
    SparkSession spark = TestSpark.get();
    assertThat(spark.conf().get("spark.sql.session.timeZone")).isNotIn("UTC", "Etc/UTC", "GMT");
    assertThat(spark.conf().get(SparkSessions.NO_CRC_VERIFICATION)).isEqualTo("false");
    int off = jobsForAppends(spark, tmp.resolve("off").toString());
    spark.conf().set(SparkSessions.NO_CRC_VERIFICATION, "true");
    try {
      int on = jobsForAppends(spark, tmp.resolve("on").toString());
      assertThat(off).as("Spark jobs for the same appends, unchecked against checked").isLessThan(on);
    } finally {
      spark.conf().set(SparkSessions.NO_CRC_VERIFICATION, "false");
    }
  }

  /** Spark jobs run by five appends to a new table (the first creates it). */
  private static int jobsForAppends(SparkSession spark, String path) throws Exception {
    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        jobs.incrementAndGet();
      }
    };
    spark.range(10).toDF("id").write().format("delta").save(path);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(counter);
    try {
      for (int i = 0; i < 5; i++) {
        spark.range(i * 10, i * 10 + 10).toDF("id").write().format("delta").mode("append").save(path);
      }
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(spark.read().format("delta").load(path).count()).isEqualTo(60);
    return jobs.get();
  }
}
