package io.creditlake.common.lake;

import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Creates and inspects the lake's Delta tables. Every table is created with the same pinned
 * protocol — reader 1, writer 2, no table features — so any Delta reader (Delta Kernel,
 * delta-rs, DuckDB) can read it; enabling a feature is a deliberate change here.
 */
public final class DeltaTables {

  /** Table properties every CreditLake table is created with. */
  public static final Map<String, String> PINNED = Map.of(
      "delta.minReaderVersion", "1",
      "delta.minWriterVersion", "2");

  private DeltaTables() {}

  /** Creates the table at {@code path} with {@code schema} unless it exists. */
  public static void ensure(SparkSession spark, String path, StructType schema, String comment) {
    var builder = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema).comment(comment);
    for (Map.Entry<String, String> p : PINNED.entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    builder.execute();
  }

  /**
   * Replaces the rows matching {@code replaceWhere} with {@code rows} in one commit and reports
   * that commit. When Delta commits nothing (no rows to remove or add) the version is unchanged
   * and zero rows are reported, never a previous commit's count.
   */
  public static Commit replace(Dataset<Row> rows, String path, String replaceWhere) {
    SparkSession spark = rows.sparkSession();
    long before = DeltaTable.forPath(spark, path).history(1).select("version").first().getLong(0);
    rows.write().format("delta").mode("overwrite").option("replaceWhere", replaceWhere).save(path);
    Row h = DeltaTable.forPath(spark, path).history(1).select("version", "operationMetrics").first();
    long version = h.getLong(0);
    if (version == before) {
      return new Commit(version, 0);
    }
    Map<String, String> metrics = h.isNullAt(1) ? Map.of() : scala.jdk.javaapi.CollectionConverters.asJava(h.<String, String>getMap(1));
    String written = metrics.get("numOutputRows");
    if (written == null) {
      throw new IllegalStateException("Delta commit " + version + " of " + path + " reports no numOutputRows: " + metrics);
    }
    return new Commit(version, Long.parseLong(written));
  }

  /** A commit's version and the rows it wrote. */
  public record Commit(long version, long rowsWritten) {}
}
