package io.creditlake.common.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's Delta settings: in the business's (non-UTC) time zone, a commit to a table does
 * not rebuild the table's state a second time to check it; with Delta's default it does, which
 * shows as more Spark jobs for the same appends. Case is mapped by the JVM, not ICU. And the test
 * session runs queries interpreted.
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

  @Test
  void caseIsMappedByTheJvmNotIcuAndABusinessCodeIsUpperCasedAlike() {
    SparkSession spark = TestSpark.get();
    assertThat(spark.conf().get(SparkSessions.ICU_CASE_MAPPINGS)).isEqualTo("false");
    String code = "91350100m000100y43";
    List<String> upper = List.of(spark.range(1).select(functions.upper(functions.lit(code))).first().getString(0));
    spark.conf().set(SparkSessions.ICU_CASE_MAPPINGS, "true");
    try {
      upper = List.of(upper.get(0), spark.range(1).select(functions.upper(functions.lit(code))).first().getString(0));
    } finally {
      spark.conf().set(SparkSessions.ICU_CASE_MAPPINGS, "false");
    }
    assertThat(upper).containsExactly("91350100M000100Y43", "91350100M000100Y43");
  }

  @Test
  void testsRunQueriesInterpretedAndTheSameQueryCompilesMoreCodeWithSparksDefaults() {
    SparkSession spark = TestSpark.get();
    // a constant of its own, so the generated code cannot be in Spark's cache already (3 classes
    // against 13 when written: a few helpers, such as the aggregation's row joiner, have no
    // interpreted form)
    long k = 1_000 + System.nanoTime() % 1_000_000;
    long interpreted = compilationsOf(spark, k);
    // Spark's defaults for the codegen keys, then the test session's own values back
    Map<String, String> codegen = new TreeMap<>(TestSpark.config().spark().conf());
    codegen.keySet().removeIf(key -> !key.startsWith("spark.sql.codegen."));
    assertThat(codegen).as("the test session's codegen settings").isNotEmpty();
    long compiled;
    try {
      codegen.keySet().forEach(spark.conf()::unset);
      compiled = compilationsOf(spark, k + 1);
    } finally {
      codegen.forEach(spark.conf()::set);
    }
    assertThat(interpreted).as("classes compiled for the query in the test session, against Spark's defaults")
        .isLessThan(compiled);
  }

  /** Classes Spark compiled to filter, project, aggregate and sort a small range with {@code k} in it. */
  private static long compilationsOf(SparkSession spark, long k) {
    long before = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
    List<Row> rows = spark.range(100).selectExpr("id * " + k + " AS v", "id % 7 AS g")
        .filter("g > 2").groupBy("g").agg(functions.max("v").as("m")).orderBy("m").collectAsList();
    assertThat(rows).hasSize(4);
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - before;
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
