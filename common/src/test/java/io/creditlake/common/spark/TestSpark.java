package io.creditlake.common.spark;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of a test JVM: {@code local[2]}, 2 shuffle partitions, no UI, Delta
 * configured, warehouse in a temp folder. Built through {@link SparkSessions} so tests run with
 * the production settings, but for one: queries run interpreted, without generated code.
 * Tests run many small, different queries over a few thousand rows each, so compiling each
 * query's code cost more than running it: {@code RatesJobTest} took 190 s instead of 268 s
 * interpreted (docs/BENCHMARKS.md). Spark's own tests run both ways. ClusterIT's night, submitted
 * to the cluster, runs with generated code as production does; integration tests that run the
 * command line in process reuse this session when it is running. Stopped when the JVM exits.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      Path warehouse;
      try {
        warehouse = Files.createTempDirectory("creditlake-warehouse");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      CreditLakeConfig base = config();
      Map<String, String> conf = new java.util.HashMap<>(base.spark().conf());
      conf.put("spark.sql.warehouse.dir", warehouse.toString());
      session = SparkSessions.getOrCreate(new CreditLakeConfig(null, null, null,
          new SparkSettings(base.spark().master(), base.spark().shufflePartitions(), conf), null, null, List.of(), List.of(), null, null, null, null), "creditlake-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
    }
    return session;
  }

  /** The configuration tests run with: local[2], small shuffles, no UI, no generated code. */
  public static CreditLakeConfig config() {
    return new CreditLakeConfig(null, null, null,
        new SparkSettings("local[2]", 2, Map.of(
            "spark.ui.enabled", "false",
            "spark.databricks.delta.snapshotPartitions", "1",
            "spark.sql.adaptive.enabled", "true",
            "spark.sql.codegen.wholeStage", "false",
            // internal, meant for tests: projections, predicates and orderings interpreted
            "spark.sql.codegen.factoryMode", "NO_CODEGEN")),
        null, null, List.of(), List.of(), null, null, null, null);
  }
}
