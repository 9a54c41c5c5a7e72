package io.creditlake.jobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.CanonicalField;
import io.creditlake.common.domain.FieldType;
import io.creditlake.common.lake.Tables;
import io.creditlake.jobs.ingest.SourceFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The bare baseline the issue asks CreditLake's ingest and profiles to be compared with: the same
 * files read by Spark's own readers with a declared schema and copied into Delta — into as many
 * tables as ingest writes per source (a text copy as bronze, a typed copy as silver) — with no
 * validation, quarantine, dedup or line numbers; and one plain aggregation per business over the
 * typed copies. Values Spark cannot type (amounts with thousands separators) simply become null.
 */
final class Baseline {

  /** Rows copied per source and rows aggregated. */
  record Copied(long rows, int tables) {}

  private final SparkSession spark;
  private final List<SourceConfig> sources;
  private final String input;
  private final String root;

  Baseline(SparkSession spark, List<SourceConfig> sources, String input, String root) {
    this.spark = spark;
    this.sources = sources;
    this.input = input;
    this.root = root;
  }

  /** Copies every source's files of {@code dates} into {@code root/bronze/<source>} and {@code root/silver/<source>}. */
  Copied copy(List<LocalDate> dates) {
    // Spark 4 reads CSV only in a few Unicode charsets unless told to allow the JVM's (tax is GBK)
    String charsets = "spark.sql.legacy.javaCharsets";
    String before = spark.conf().get(charsets, "false");
    spark.conf().set(charsets, "true");
    try {
      long rows = 0;
      int tables = 0;
      for (SourceConfig s : sources) {
        List<String> paths = SourceFiles.list(spark, s, input, dates).stream().map(SourceFiles.FileTask::path).toList();
        if (paths.isEmpty()) {
          continue;
        }
        read(s, paths, false).write().format("delta").mode("overwrite").save(root + "/bronze/" + s.name());
        read(s, paths, true).write().format("delta").mode("overwrite").save(root + "/silver/" + s.name());
        tables += 2;
        rows += spark.read().format("delta").load(root + "/bronze/" + s.name()).count();
      }
      return new Copied(rows, tables);
    } finally {
      spark.conf().set(charsets, before);
    }
  }

  /** One aggregation per business over every typed copy: records, first and last event. Returns businesses. */
  long aggregate() {
    Dataset<Row> all = null;
    for (SourceConfig s : sources) {
      String uscc = s.source().fields().stream().filter(f -> f.type() == FieldType.USCC).findFirst().orElseThrow().name();
      Dataset<Row> part = spark.read().format("delta").load(root + "/silver/" + s.name())
          .select(col(uscc).as("uscc"), col(s.eventDate()).as("event_date"), lit(s.name()).as("source"));
      all = all == null ? part : all.unionByName(part);
    }
    Dataset<Row> agg = all.groupBy("uscc").agg(count(lit(1)).as("records"), min("event_date").as("first_event"),
        max("event_date").as("last_event"));
    agg.write().format("delta").mode("overwrite").save(root + "/gold/per_business");
    return spark.read().format("delta").load(root + "/gold/per_business").count();
  }

  /** The files read as their format says, columns renamed to canonical names, typed or as text. */
  private Dataset<Row> read(SourceConfig s, List<String> paths, boolean typed) {
    String[] files = paths.toArray(String[]::new);
    Map<String, String> canonical = s.columns();
    if (s.format().equals("parquet")) {
      Dataset<Row> df = spark.read().parquet(files);
      List<Column> cols = new ArrayList<>();
      for (String name : df.columns()) {
        if (canonical.containsKey(name)) {
          cols.add(col("`" + name + "`").cast(typed ? type(s, canonical.get(name)) : DataTypes.StringType)
              .as(canonical.get(name)));
        }
      }
      return df.select(cols.toArray(Column[]::new));
    }
    DataFrameReader reader = spark.read().option("encoding", s.encoding()).option("dateFormat", s.dateFormats().get(0))
        .option("mode", "PERMISSIVE");
    if (s.format().equals("jsonl")) {
      List<StructField> fields = new ArrayList<>();
      canonical.forEach((header, name) -> fields.add(DataTypes.createStructField(header,
          typed ? type(s, name) : DataTypes.StringType, true)));
      Dataset<Row> df = reader.schema(DataTypes.createStructType(fields)).json(files);
      List<Column> cols = new ArrayList<>();
      canonical.forEach((header, name) -> cols.add(col("`" + header + "`").as(name)));
      return df.select(cols.toArray(Column[]::new));
    }
    // CSV: Spark applies a declared schema by position, so it follows the first file's header
    List<StructField> fields = new ArrayList<>();
    int i = 0;
    for (String header : header(s, paths.get(0))) {
      String name = canonical.getOrDefault(header, "_ignored_" + i++);
      fields.add(DataTypes.createStructField(name, typed && canonical.containsKey(header) ? type(s, name)
          : DataTypes.StringType, true));
    }
    StructType schema = DataTypes.createStructType(fields);
    return reader.option("header", "true").option("sep", s.delimiter()).schema(schema).csv(files);
  }

  private static DataType type(SourceConfig s, String canonical) {
    CanonicalField f = s.source().field(canonical).orElseThrow();
    return f.personal() ? DataTypes.StringType : Tables.sparkType(f);
  }

  private List<String> header(SourceConfig s, String path) {
    Path p = new Path(path);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p), s.charset()))) {
      String line = in.readLine();
      if (line == null) {
        throw new IllegalStateException("bench baseline: " + path + " is empty; its header names the columns");
      }
      line = line.startsWith("\uFEFF") ? line.substring(1) : line;
      List<String> out = new ArrayList<>();
      for (String h : line.split(Pattern.quote(s.delimiter()), -1)) {
        out.add(h.strip().replaceAll("^\"|\"$", ""));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("bench baseline: cannot read the header of " + path + ": " + e.getMessage(), e);
    }
  }
}
