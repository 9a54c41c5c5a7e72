package io.creditlake.common.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    return commitTagged(rows.sparkSession(), path, tag);
  }

  /**
   * The commit whose user metadata is {@code tag}, among the table's latest {@link #HISTORY_WINDOW}:
   * read from the commit files themselves. Delta's {@code history()} answers the same from the
   * same files, but through a Spark job of its own, which cost a second or two after every write.
   */
  static Commit commitTagged(SparkSession spark, String path, String tag) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long latest = -1;
      for (FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (COMMIT_FILE.matcher(name).matches()) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      for (long v = latest; v >= 0 && v > latest - HISTORY_WINDOW; v--) {
        JsonNode info = commitInfo(fs, new Path(log, String.format("%020d.json", v)));
        if (info != null && tag.equals(info.path("userMetadata").asText(null))) {
          String written = info.path("operationMetrics").path("numOutputRows").asText(null);
          if (written == null) {
            throw new IllegalStateException("Delta commit " + v + " of " + path + " reports no numOutputRows: " + info);
          }
          return new Commit(v, Long.parseLong(written));
        }
      }
      return new Commit(-1, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Delta log of " + path + ": " + e.getMessage(), e);
    }
  }

  private static final Pattern COMMIT_FILE = Pattern.compile("\\d{20}\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The commitInfo action of a commit file, or null (a file cleaned up by log retention has none). */
  private static JsonNode commitInfo(FileSystem fs, Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        // only the commitInfo line is parsed (Delta writes it first); add lines can be long
        if (line.contains("\"commitInfo\"")) {
          JsonNode info = JSON.readTree(line).get("commitInfo");
          if (info != null) {
            return info;
          }
        }
      }
      return null;
    } catch (FileNotFoundException e) {
      return null;
    }
  }

  /** A commit's version (-1 when nothing was committed) and the rows it wrote. */
  public record Commit(long version, long rowsWritten) {}
}
