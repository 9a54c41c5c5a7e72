package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.config.ModelSettings;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.model.Grades;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import io.creditlake.jobs.cli.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code creditlake train --data FILE --label COLUMN}: either family on any labelled table (CSV
 * with a header, Parquet, or a Delta table). Numeric columns are numeric features; text and
 * boolean columns are categorical; dates and other types are left out (and said so). The label
 * is a 0/1 (or boolean) column, or {@code COLUMN=VALUE} for "1 where the column equals VALUE".
 * {@code --split COLUMN} names a 0/1 column (1 = training); without it a seeded 70/30 split.
 */
public final class TrainDataJob implements Job<TrainResult> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainDataJob.class);

  static final String ROW = "_row";

  /**
   * @param data the table: a {@code .csv} or {@code .parquet} file or folder, or a Delta table folder
   * @param label the label column, or {@code COLUMN=VALUE}
   * @param exclude columns that must not be features (identifiers, the label in disguise)
   * @param split a 0/1 column, 1 for training rows; null for a seeded 70/30 split
   * @param family scorecard or gbt; null for the configured one
   * @param name the registry name; null for the file's name
   * @param promote make the new version current even if one is
   */
  public record Request(String data, String label, List<String> exclude, String split, String family, String name,
      boolean promote) {}

  private final Request request;

  public TrainDataJob(Request request) {
    this.request = request;
  }

  @Override
  public TrainResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    ModelSettings m = ctx.config().model();
    String family = Trainer.family(request.family() == null ? m.family() : request.family());
    Dataset<Row> table = read(spark, request.data());
    String labelColumn = request.label().contains("=") ? request.label().substring(0, request.label().indexOf('='))
        : request.label();
    List<String> columns = List.of(table.columns());
    List<String> missing = new ArrayList<>();
    for (String c : concat(List.of(labelColumn), request.exclude(), request.split() == null ? List.of() : List.of(request.split()))) {
      if (!columns.contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new CreditLakeException(request.data() + " has no column " + String.join(", ", missing) + "; its columns are "
          + columns);
    }
    Column label = label(table, request.label(), labelColumn);
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (StructField f : table.schema().fields()) {
      String n = f.name();
      if (n.equals(labelColumn) || n.equals(request.split()) || request.exclude().contains(n)) {
        continue;
      }
      if (f.dataType() instanceof NumericType) {
        numeric.add(n);
      } else if (f.dataType() instanceof StringType || f.dataType() instanceof BooleanType) {
        categorical.add(n);
      } else {
        skipped.add(n + " (" + f.dataType().simpleString() + ")");
      }
    }
    if (!skipped.isEmpty()) {
      LOG.warn("train --data: columns of other types are not features: {}", skipped);
    }
    LOG.info("train --data {}: label {}, {} numeric and {} categorical features", request.data(), request.label(),
        numeric.size(), categorical.size());
    Dataset<Row> rows = table.withColumn(Pipelines.LABEL, label).withColumn(ROW, monotonically_increasing_id())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> train;
      Dataset<Row> validation;
      if (request.split() != null) {
        Column isTrain = coalesce(tryDouble(request.split()).equalTo(1.0), lit(false));
        train = rows.filter(isTrain);
        validation = rows.filter(isTrain.equalTo(false));
      } else {
        Dataset<Row>[] parts = rows.randomSplit(new double[] {0.7, 0.3}, m.seed());
        train = parts[0];
        validation = parts[1];
      }
      long[] tc = Trainer.totals(train);
      long[] vc = Trainer.totals(validation);
      if (tc[1] == 0 || tc[1] == tc[0] || vc[1] == 0 || vc[1] == vc[0]) {
        throw new CreditLakeException("label " + request.label() + " must have both classes in training (" + tc[1] + " of "
            + tc[0] + " positive) and in validation (" + vc[1] + " of " + vc[0] + ")");
      }
      Grades grades = TrainJob.grades(m);
      Trainer.Fitted fitted = Trainer.fit(family, train, validation, numeric, categorical, m.bins(), m.gbt(), m.seed(),
          m.points().scaling(), grades.flagCutoff(m.flagGrades()), ROW, m.weighted(family), ctx.lake().models() + "/.checkpoints");
      String name = request.name() != null ? request.name() : stem(request.data());
      ModelRegistry registry = new ModelRegistry(spark, ctx.lake(), name);
      ModelMetadata meta = new ModelMetadata(name, registry.nextVersion(), family, Instant.now(), Version.current(), numeric,
          categorical, fitted.used(), new ModelMetadata.Label(List.of(request.label()), 0, "excluded columns: "
              + request.exclude() + "; data: " + request.data()),
          new ModelMetadata.Window(List.of(), null, tc[0], tc[1], 1.0),
          new ModelMetadata.Window(List.of(), null, vc[0], vc[1], 1.0),
          TrainJob.metrics(fitted.evaluation()), TrainJob.params(family, m), TrainJob.points(m), fitted.bins(),
          fitted.coefficients(), fitted.intercept(), fitted.importance(), fitted.scoreSplits(), fitted.scoreCounts(),
            fitted.positiveWeight());
      TrainResult result = TrainJob.saved(spark, ctx, registry, fitted, meta, request.promote(), t0);
      OpsLog.append(spark, ctx, "train", name, started, "SUCCEEDED", tc[0] + vc[0], 1, 0, 0,
          name + " " + result.version() + " AUC " + TrainJob.fmt(result.metrics().get("auc")), result.durationMs(), Map.of());
      return result;
    } finally {
      rows.unpersist();
    }
  }

  static Dataset<Row> read(SparkSession spark, String data) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(data);
    boolean delta;
    try {
      org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new CreditLakeException("--data " + data + " does not exist");
      }
      delta = fs.exists(new org.apache.hadoop.fs.Path(p, "_delta_log"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Dataset<Row> d;
    String lower = data.toLowerCase(java.util.Locale.ROOT);
    if (delta) {
      d = spark.read().format("delta").load(data);
    } else if (lower.endsWith(".parquet")) {
      d = spark.read().parquet(data);
    } else if (lower.endsWith(".csv")) {
      d = spark.read().option("header", true).option("inferSchema", true).option("encoding", "UTF-8").csv(data);
    } else {
      throw new CreditLakeException("--data " + data + ": give a .csv file (with a header), a .parquet file or a Delta table");
    }
    // a byte-order mark is not part of the first column's name
    for (String c : d.columns()) {
      String clean = c.replace("\uFEFF", "").strip();
      if (!clean.equals(c)) {
        d = d.withColumnRenamed(c, clean);
      }
    }
    return d;
  }

  private static Column label(Dataset<Row> table, String spec, String column) {
    if (spec.contains("=")) {
      String value = spec.substring(spec.indexOf('=') + 1);
      return when(col(column).cast("string").equalTo(value), 1.0).otherwise(0.0);
    }
    List<Row> values = table.select(tryDouble(column)).distinct().limit(3).collectAsList();
    for (Row r : values) {
      if (r.isNullAt(0) || (r.getDouble(0) != 0.0 && r.getDouble(0) != 1.0)) {
        throw new CreditLakeException("--label " + column + " must hold 0 and 1 (or true and false); it holds "
            + table.select(column).distinct().limit(5).collectAsList()
            + ". For another coding say which value is the adverse one: --label " + column + "=VALUE");
      }
    }
    return tryDouble(column);
  }

  /** The column as a number, null where it is not one (ANSI casts would fail the job instead). */
  private static Column tryDouble(String column) {
    return org.apache.spark.sql.functions.expr("try_cast(`" + column + "` AS DOUBLE)");
  }

  private static String stem(String data) {
    String n = new org.apache.hadoop.fs.Path(data).getName();
    int dot = n.indexOf('.');
    return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_-]", "_");
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    return Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
