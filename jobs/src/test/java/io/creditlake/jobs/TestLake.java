package io.creditlake.jobs;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.Settings;
import io.creditlake.common.domain.Source;
import io.creditlake.common.domain.Uscc;
import io.creditlake.common.spark.TestSpark;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A lake and an input folder under a test's temp folder, configured with the project's real
 * {@code conf/local.yaml} (so tests exercise the shipped header mappings), plus helpers to write
 * department files and read tables back.
 */
public final class TestLake {

  public static final Path PROJECT_CONF = Path.of("../conf/local.yaml");

  public final Path root;
  public final Path input;
  public final Settings settings;

  public TestLake(Path tmp) {
    this(tmp, PROJECT_CONF);
  }

  /** With another configuration file, e.g. a test profile under {@code src/test/resources}. */
  public TestLake(Path tmp, Path config) {
    this.root = tmp.resolve("lake");
    this.input = tmp.resolve("input");
    this.settings = Settings.resolve(config, root.toString(), input.toString(), new ConfigLoader(n -> null));
  }

  public SparkSession spark() {
    return TestSpark.get();
  }

  public JobContext day(LocalDate date) {
    return JobContext.of(settings, date, date);
  }

  public JobContext range(LocalDate from, LocalDate to) {
    return JobContext.of(settings, from, to);
  }

  /** Writes {@code input/<source>/<date>/<name>} in the given charset; lines joined with \n. */
  public Path write(Source source, LocalDate date, String name, Charset charset, String... lines) throws IOException {
    Path dir = input.resolve(source.id()).resolve(date.toString());
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(charset));
    return file;
  }

  /** One Parquet file at {@code input/<source>/<date>/<name>}, written by Spark, as a data platform exports it. */
  public Path writeParquet(Source source, LocalDate date, String name, org.apache.spark.sql.types.StructType schema,
      List<Row> rows) throws IOException {
    Path out = Files.createTempDirectory(root.getParent(), "spark-out");
    spark().createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(out.resolve("p").toString());
    Path part;
    try (var files = Files.list(out.resolve("p"))) {
      part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Path dir = input.resolve(source.id()).resolve(date.toString());
    Files.createDirectories(dir);
    return Files.move(part, dir.resolve(name));
  }

  public Dataset<Row> table(String relative) {
    return spark().read().format("delta").load(settings.lake().root() + "/" + relative);
  }

  /** A valid USCC, distinct per {@code n}. */
  public static String uscc(int n) {
    return Uscc.build('9', '1', "440305", String.format("MA5F%04d", n));
  }

  /** Every row of a table sorted by the given columns, as strings, for exact comparison. */
  public List<String> rows(Dataset<Row> df, String... columns) {
    Dataset<Row> out = df.selectExpr(columns);
    return out.orderBy(java.util.Arrays.stream(out.columns()).map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).collectAsList().stream().map(Row::toString).toList();
  }
}
