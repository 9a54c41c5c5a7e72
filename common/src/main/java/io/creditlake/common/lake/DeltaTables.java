package io.creditlake.common.lake;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Creates and writes the lake's Delta tables. Every table is created with the same pinned
 * protocol — reader 1, writer 2, no table features — so any Delta reader (Delta Kernel,
 * delta-rs, DuckDB) can read it; enabling a feature is a deliberate change here.
 */
public final class DeltaTables {

  /** Table properties every CreditLake table is created with. */
  public static final Map<String, String> PINNED = Map.of(
      "delta.minReaderVersion", "1",
      "delta.minWriterVersion", "2");

  /**
   * Columns Delta keeps min/max statistics for, where a table has them (partition columns aside):
   * those that {@code replaceWhere} and readers filter on and that {@code maintain} Z-orders by.
   * Delta's default, the first 32 columns, made writing bronze twice as slow (every text column's
   * minimum and maximum); the others never prune a file. Set when a table is created: a lake made
   * before keeps Delta's default until its tables are recreated.
   */
  static final List<String> STATS_COLUMNS = List.of("uscc", "_batch_date", "_known_since", "snapshot_date", "period");

  /** How far back {@link #replace} looks for its own commit among concurrent ones. */
  private static final int HISTORY_WINDOW = 50;

  private DeltaTables() {}

  /** Creates the table at {@code path} with {@code schema} unless it exists. */
  public static void ensure(SparkSession spark, String path, StructType schema, String comment, String... partitionBy) {
    if (DeltaTable.isDeltaTable(spark, path)) {
      return;
    }
    DeltaTableBuilder builder = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema).comment(comment);
    if (partitionBy.length > 0) {
      builder = builder.partitionedBy(partitionBy);
    }
    for (Map.Entry<String, String> p : PINNED.entrySet()) {
      builder = builder.property(p.getKey(), p.getValue());
    }
    List<String> stats = statsColumns(schema, List.of(partitionBy));
    if (!stats.isEmpty()) {
      builder = builder.property("delta.dataSkippingStatsColumns", String.join(",", stats));
    }
    builder.execute();
  }

  /** The {@link #STATS_COLUMNS} a table has, in its schema's order, partition columns left out. */
  static List<String> statsColumns(StructType schema, List<String> partitionBy) {
    return java.util.Arrays.stream(schema.fieldNames())
        .filter(f -> STATS_COLUMNS.contains(f) && !partitionBy.contains(f)).toList();
  }

  /**
   * Replaces the rows matching {@code replaceWhere} with {@code rows} in one commit and reports
   * that commit. The commit is found by a tag in its user metadata, so concurrent writers to the
   * same table (sources ingested side by side into {@code quarantine}) cannot be mistaken for it.
   * When Delta commits nothing, zero rows are reported.
   */
  public static Commit replace(Dataset<Row> rows, String path, String replaceWhere) {
    String tag = "creditlake:" + UUID.randomUUID();
    rows.write().format("delta").mode("overwrite")
        .option("replaceWhere", replaceWhere)
        .option("userMetadata", tag)
        .save(path);
    List<Row> mine = DeltaTable.forPath(rows.sparkSession(), path).history(HISTORY_WINDOW)
        .filter(functions.col("userMetadata").equalTo(tag))
        .select("version", "operationMetrics").collectAsList();
    if (mine.isEmpty()) {
      return new Commit(-1, 0);
    }
    Row h = mine.get(0);
    Map<String, String> metrics = h.isNullAt(1) ? Map.of() : scala.jdk.javaapi.CollectionConverters.asJava(h.<String, String>getMap(1));
    String written = metrics.get("numOutputRows");
    if (written == null) {
      throw new IllegalStateException("Delta commit " + h.getLong(0) + " of " + path + " reports no numOutputRows: " + metrics);
    }
    return new Commit(h.getLong(0), Long.parseLong(written));
  }

  /** A commit's version (-1 when nothing was committed) and the rows it wrote. */
  public record Commit(long version, long rowsWritten) {}
}
