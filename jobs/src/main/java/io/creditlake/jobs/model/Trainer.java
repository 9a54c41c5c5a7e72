package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;

import io.creditlake.common.model.Scaling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits one family on training rows and evaluates it on validation rows — the part shared by
 * {@code train} on the lake's profiles and {@code train --data} on any labelled table.
 */
final class Trainer {

  private Trainer() {}

  /**
   * A fitted model and how it did.
   *
   * @param pipeline the fitted pipeline
   * @param bins every offered feature's bins (training counts, WOE, IV)
   * @param used the features the model reads
   * @param coefficients the scorecard's coefficient per feature, or empty
   * @param intercept the scorecard's intercept
   * @param importance the trees' importance per feature, or empty
   * @param evaluation out of sample
   * @param scoreSplits deciles of the training population's scores
   * @param scoreCounts training rows per band between those splits
   * @param positiveWeight the weight each positive had in training (1 without class weights)
   */
  record Fitted(PipelineModel pipeline, List<FeatureBins> bins, List<String> used, Map<String, Double> coefficients,
      double intercept, Map<String, Double> importance, Evaluation evaluation, List<Double> scoreSplits,
      List<Long> scoreCounts, double positiveWeight) {}

  /** The training rows' weight column when classes are weighted. */
  static final String WEIGHT = "_weight";

  static Fitted fit(String family, Dataset<Row> train, Dataset<Row> validation, List<String> numeric,
      List<String> categorical, int bins, Map<String, String> gbtParams, long seed, Scaling scaling, double cutoffScore,
      String key) {
    return fit(family, train, validation, numeric, categorical, bins, gbtParams, seed, scaling, cutoffScore, key, false,
        null);
  }

  /**
   * @param classWeights weigh each positive by negatives ÷ positives
   * @param checkpoints where the trees may checkpoint (a folder on the lake's file system), or null
   *     for a local temporary folder
   */
  static Fitted fit(String family, Dataset<Row> train, Dataset<Row> validation, List<String> numeric,
      List<String> categorical, int bins, Map<String, String> gbtParams, long seed, Scaling scaling, double cutoffScore,
      String key, boolean classWeights, String checkpoints) {
    List<FeatureBins> fitted = Binner.fit(train, numeric, categorical, bins, Pipelines.LABEL);
    String weight = null;
    double ratio = 1.0;
    if (classWeights) {
      Row n = train.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
          org.apache.spark.sql.functions.sum(Pipelines.LABEL)).first();
      double pos = n.getDouble(1);
      ratio = (n.getLong(0) - pos) / Math.max(pos, 1);
      train = train.withColumn(WEIGHT, org.apache.spark.sql.functions.when(col(Pipelines.LABEL).equalTo(1.0), ratio)
          .otherwise(1.0));
      weight = WEIGHT;
    }
    PipelineModel model;
    List<String> used;
    Map<String, Double> coefficients = new LinkedHashMap<>();
    Map<String, Double> importance = new LinkedHashMap<>();
    double intercept = 0;
    if (family.equals("scorecard")) {
      List<FeatureBins> features = Pipelines.scorecardFeatures(fitted);
      used = features.stream().map(FeatureBins::feature).toList();
      model = Pipelines.scorecard(features, weight).fit(train);
      LogisticRegressionModel lr = (LogisticRegressionModel) last(model);
      double[] beta = lr.coefficients().toArray();
      for (int i = 0; i < used.size(); i++) {
        coefficients.put(used.get(i), beta[i]);
      }
      intercept = lr.intercept();
    } else {
      Dataset<Row> rows = train;
      org.apache.spark.ml.Pipeline gbt = Pipelines.gbt(numeric, fitted.stream().filter(b -> !b.numeric()).toList(),
          gbtParams, seed, weight);
      model = withCheckpoints(train.sparkSession(), checkpoints, () -> gbt.fit(rows));
      used = new ArrayList<>(numeric);
      used.addAll(categorical);
      double[] imp = ((GBTClassificationModel) last(model)).featureImportances().toArray();
      for (int i = 0; i < used.size(); i++) {
        importance.put(used.get(i), imp[i]);
      }
    }
    Dataset<Row> scored = scored(model, validation, scaling, key, ratio).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> trained = scored(model, train, scaling, key, ratio).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Evaluation evaluation = Evaluation.of(scored, cutoffScore);
      double[] q = trained.stat().approxQuantile("score", new double[] {.1, .2, .3, .4, .5, .6, .7, .8, .9}, 0.001);
      List<Double> splits = new ArrayList<>(new java.util.TreeSet<>(java.util.Arrays.stream(q).boxed().toList()));
      long[] counts = Drift.counts(trained, "score", splits);
      return new Fitted(model, fitted, used, coefficients, intercept, importance, evaluation, splits,
          java.util.Arrays.stream(counts).boxed().toList(), ratio);
    } finally {
      scored.unpersist();
      trained.unpersist();
    }
  }

  /** The family asked for, checked against those there are. */
  static String family(String family) {
    if (!io.creditlake.common.config.ModelSettings.FAMILIES.contains(family)) {
      throw new io.creditlake.common.errors.CreditLakeException("--family must be one of "
          + io.creditlake.common.config.ModelSettings.FAMILIES + ", got: " + family);
    }
    return family;
  }

  /** Rows one partition of training or validation rows holds before another is worth a task. */
  static final long ROWS_PER_PARTITION = 100_000;
  /** At most this many partitions, whatever the sample cap: 64 tasks of work per iteration. */
  static final int MAX_PARTITIONS = 64;

  /**
   * Partitions for {@code rows} training or validation rows: one per {@link #ROWS_PER_PARTITION}.
   * The labelled rows come out of the lake in a partition per shuffle partition (32 on a laptop),
   * and every iteration of the fit runs a task per partition: on the sample's 10,494 rows that was
   * 1,957 tasks, two thirds of their time spent deserialising the task (measured 2026-11-29). The
   * count depends on the rows alone, not on the cores there are, because the quantile bins and the
   * trees' samples depend on how the rows are split: the same lake trains the same model on a
   * laptop and on a cluster.
   */
  static int partitions(long rows) {
    return (int) Math.max(1, Math.min(MAX_PARTITIONS, (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
  }

  /** Rows and positives. */
  static long[] totals(Dataset<Row> rows) {
    Row r = rows.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
        org.apache.spark.sql.functions.sum(Pipelines.LABEL)).first();
    return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : (long) r.getDouble(1)};
  }

  /** Rows with their key, label, probability and score. */
  static Dataset<Row> scored(PipelineModel model, Dataset<Row> rows, Scaling scaling, String key,
      double positiveWeight) {
    return model.transform(rows).select(col(key), col(Pipelines.LABEL), Pipelines.probability(positiveWeight).as("p"))
        .withColumn("score", Pipelines.score(col("p"), scaling));
  }

  /**
   * Boosting hundreds of trees grows each iteration's RDD lineage until deserialising a task
   * overflows the stack; checkpointing every few iterations (see {@link Pipelines#gbt}) cuts it.
   * The folder is removed afterwards.
   */
  private static PipelineModel withCheckpoints(org.apache.spark.sql.SparkSession spark, String dir,
      java.util.function.Supplier<PipelineModel> fit) {
    String folder = dir != null ? dir + "/" + java.util.UUID.randomUUID() : null;
    try {
      if (folder == null) {
        folder = java.nio.file.Files.createTempDirectory("creditlake-checkpoints").toUri().toString();
      }
      spark.sparkContext().setCheckpointDir(folder);
      return fit.get();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (folder != null) {
        try {
          org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(folder);
          p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
        } catch (java.io.IOException e) {
          // a leftover checkpoint folder costs disk, not correctness
        }
      }
    }
  }

  private static Transformer last(PipelineModel m) {
    return m.stages()[m.stages().length - 1];
  }
}
