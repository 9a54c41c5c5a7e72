package io.creditlake.common.spark;

import io.creditlake.common.config.CreditLakeConfig;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a SparkSession is configured: Delta, the business time zone, shuffle partitions
 * and the profile's settings (where spark-submit's {@code --conf} did not set them); for a local
 * master, {@link LocalDisk} as the {@code file:} file system; Delta's re-check of every commit's
 * derived state off ({@link #NO_CRC_VERIFICATION}). The master comes from spark-submit when there
 * is one; the profile's {@code spark.master} (local by default) applies only when nothing set it.
 * Jobs never build a session themselves.
 */
public final class SparkSessions {

  private SparkSessions() {}

  /**
   * Runs {@code body} with the session and stops it afterwards — unless a session was already
   * running (an embedding program, the tests): that one is not ours to stop.
   */
  public static <T> T with(CreditLakeConfig config, String appName, java.util.function.Function<SparkSession, T> body) {
    boolean shared = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = getOrCreate(config, appName);
    try {
      return body.apply(spark);
    } finally {
      if (!shared) {
        spark.stop();
      }
    }
  }

  /**
   * The session's time zone is the business's, not UTC, and for such sessions Delta checks the
   * table state it derives after every commit by rebuilding it from the log: a Spark job and a log
   * replay per commit that change nothing, about a fifth of the README run's time. Off unless
   * spark-submit or the profile turns it on.
   */
  static final String NO_CRC_VERIFICATION = "spark.databricks.delta.allFilesInCrc.verificationMode.forceOnNonUTC.enabled";

  /**
   * Spark 4 maps case with ICU by default, and the first mapping in a JVM builds ICU's tables
   * inside the one task that validates a night's one tax file. In tax-only ingests at 1/4 scale,
   * each in a new JVM, HotSpot then never compiled that stage's large generated method and
   * validation took twice the task time; full nights showed no difference (docs/BENCHMARKS.md).
   * The only case mapping here is the business code's {@code upper}; valid codes are ASCII, where
   * the JVM's mapping is the same. Off unless spark-submit or the profile turns it on.
   */
  static final String ICU_CASE_MAPPINGS = "spark.sql.icu.caseMappings.enabled";

  /**
   * The settings that make a local master's {@code file:} paths go through {@link LocalDisk}: none
   * for a cluster master, and none that spark-submit or the profile already set.
   */
  static Map<String, String> localDisk(String master, java.util.function.Predicate<String> setElsewhere) {
    Map<String, String> out = new java.util.TreeMap<>();
    if (master.startsWith("local")) {
      LocalDisk.CONF.forEach((k, v) -> out.put("spark.hadoop." + k, v));
      out.keySet().removeIf(setElsewhere);
    }
    return out;
  }

  public static SparkSession getOrCreate(CreditLakeConfig config, String appName) {
    SparkConf fromSubmit = new SparkConf(true);
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    boolean local = !fromSubmit.contains("spark.master");
    String master = local ? config.spark().master() : fromSubmit.get("spark.master");
    // our defaults yield to spark-submit's --conf and to the profile's spark.conf
    java.util.function.Predicate<String> setElsewhere = k -> fromSubmit.contains(k) || config.spark().conf().containsKey(k);
    localDisk(master, setElsewhere).forEach(b::config);
    if (local) {
      b.master(master);
      if (master.startsWith("local")) {
        // the host name resolves oddly on some machines; a local driver needs no network name
        b.config("spark.driver.host", "127.0.0.1");
        b.config("spark.driver.bindAddress", "127.0.0.1");
      }
    }
    b.config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    b.config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    b.config("spark.sql.session.timeZone", config.timezone());
    for (String off : List.of(NO_CRC_VERIFICATION, ICU_CASE_MAPPINGS)) {
      if (!setElsewhere.test(off)) {
        b.config(off, "false");
      }
    }
    b.config("spark.ui.showConsoleProgress", "false");
    // spark-submit's --conf wins over the profile: the cluster's operator has the last word
    if (!fromSubmit.contains("spark.sql.shuffle.partitions")) {
      b.config("spark.sql.shuffle.partitions", config.spark().shufflePartitions());
    }
    for (Map.Entry<String, String> e : config.spark().conf().entrySet()) {
      if (!fromSubmit.contains(e.getKey())) {
        b.config(e.getKey(), e.getValue());
      }
    }
    return b.getOrCreate();
  }
}
