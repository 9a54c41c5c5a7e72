package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;

import io.creditlake.common.model.Scaling;
import io.creditlake.common.model.Woe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;

/**
 * The two model families as MLlib pipelines, every stage a built-in one so a saved model loads
 * anywhere Spark does.
 * <ul>
 *   <li><b>scorecard</b>: a SQL stage that replaces each feature by its bin's weight of evidence
 *       (the bins and weights are in the statement, fitted on the training rows), then a
 *       logistic regression on the WOE values. A missing value has its own bin. Features whose
 *       information value is below {@link #MIN_IV} carry no usable evidence and are left out.
 *   <li><b>gbt</b>: a SQL stage that puts a sentinel −1 (below every real count or amount) for a
 *       missing number and the category {@code missing} for a missing value — trees then split
 *       missing-ness off by themselves, which measured better than imputing — string indexing of
 *       the categories, and gradient-boosted trees. No class weights: they hurt the trees' ranking.
 * </ul>
 */
final class Pipelines {

  private Pipelines() {}

  static final String LABEL = "label";
  static final String FEATURES = "features";
  static final String PROBABILITY = "probability";
  /** Below this information value a feature is noise to the scorecard. */
  static final double MIN_IV = 0.02;
  static final double SENTINEL = -1.0;

  /** The scorecard's features: those with enough information value. */
  static List<FeatureBins> scorecardFeatures(List<FeatureBins> bins) {
    List<FeatureBins> kept = bins.stream().filter(b -> b.iv() >= MIN_IV).toList();
    // with no informative feature at all, keep the best one so the model still ranks
    return kept.isEmpty() && !bins.isEmpty()
        ? List.of(bins.stream().max(java.util.Comparator.comparingDouble(FeatureBins::iv)).orElseThrow()) : kept;
  }

  static String woeColumn(String feature) {
    return "woe_" + feature;
  }

  /** @param weight the training rows' weight column, or null */
  static Pipeline scorecard(List<FeatureBins> features, String weight) {
    String woe = features.stream().map(f -> f.perBinSql(Woe.Bin::woe) + " AS `" + woeColumn(f.feature()) + "`")
        .collect(Collectors.joining(", "));
    SQLTransformer toWoe = new SQLTransformer().setStatement("SELECT *, " + woe + " FROM __THIS__");
    VectorAssembler assemble = new VectorAssembler()
        .setInputCols(features.stream().map(f -> woeColumn(f.feature())).toArray(String[]::new)).setOutputCol(FEATURES);
    // a touch of ridge: WOE columns of related features are correlated
    LogisticRegression lr = new LogisticRegression().setLabelCol(LABEL).setFeaturesCol(FEATURES)
        .setProbabilityCol(PROBABILITY).setMaxIter(100).setRegParam(1e-4).setElasticNetParam(0.0);
    if (weight != null) {
      lr.setWeightCol(weight);
    }
    return new Pipeline().setStages(new PipelineStage[] {toWoe, assemble, lr});
  }

  /**
   * @param categorical the categorical features' bins: a value is its bin's label, so rare and
   *     unseen values are {@code other} and a missing one {@code missing}
   */
  static Pipeline gbt(List<String> numeric, List<FeatureBins> categoricalBins, Map<String, String> params, long seed,
      String weight) {
    List<String> categorical = categoricalBins.stream().map(FeatureBins::feature).toList();
    int maxCategories = categoricalBins.stream().mapToInt(b -> b.categories().size() + 2).max().orElse(0);
    List<String> prep = new ArrayList<>();
    for (String f : numeric) {
      prep.add("coalesce(CAST(`" + f + "` AS DOUBLE), " + FeatureBins.lit(SENTINEL) + ") AS `num_" + f + "`");
    }
    for (FeatureBins b : categoricalBins) {
      prep.add(b.binSql() + " AS `cat_" + b.feature() + "`");
    }
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new SQLTransformer().setStatement("SELECT *, " + String.join(", ", prep) + " FROM __THIS__"));
    List<String> inputs = new ArrayList<>(numeric.stream().map(f -> "num_" + f).toList());
    if (!categorical.isEmpty()) {
      stages.add(new StringIndexer().setInputCols(categorical.stream().map(f -> "cat_" + f).toArray(String[]::new))
          .setOutputCols(categorical.stream().map(f -> "idx_" + f).toArray(String[]::new))
          .setHandleInvalid("keep").setStringOrderType("frequencyDesc"));
      inputs.addAll(categorical.stream().map(f -> "idx_" + f).toList());
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(FEATURES));
    GBTClassifier gbt = new GBTClassifier().setLabelCol(LABEL).setFeaturesCol(FEATURES).setProbabilityCol(PROBABILITY)
        .setMaxIter(Integer.parseInt(params.getOrDefault("maxIter", "100")))
        .setMaxDepth(Integer.parseInt(params.getOrDefault("maxDepth", "5")))
        .setStepSize(Double.parseDouble(params.getOrDefault("stepSize", "0.1")))
        .setSubsamplingRate(Double.parseDouble(params.getOrDefault("subsamplingRate", "1.0")))
        .setFeatureSubsetStrategy(params.getOrDefault("featureSubsetStrategy", "all"))
        .setMaxBins(Math.max(32, maxCategories + 2))
        // node ids cached and checkpointed every 10 trees: keeps each tree's pass short and the
        // lineage bounded (the caller sets the checkpoint folder)
        .setCacheNodeIds(true).setCheckpointInterval(10)
        .setSeed(seed);
    if (weight != null) {
      gbt.setWeightCol(weight);
    }
    stages.add(gbt);
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /**
   * The probability of an adverse event, from the model's probability vector. A model trained
   * with each positive weighted {@code w} times over-states the odds w-fold; dividing the odds by
   * w restores the real base rate (a monotone change: the ranking is the same).
   */
  static Column probability(double positiveWeight) {
    Column p = org.apache.spark.ml.functions.vector_to_array(col(PROBABILITY), "float64").getItem(1);
    return positiveWeight == 1.0 ? p : p.divide(p.plus(lit(1.0).minus(p).multiply(positiveWeight)));
  }

  /** Points for a probability column, as {@link Scaling#score} does it. */
  static Column score(Column p, Scaling s) {
    Column q = least(greatest(p, lit(1e-9)), lit(1 - 1e-9));
    return lit(s.offset()).plus(lit(s.factor()).multiply(log(lit(1.0).minus(q).divide(q))));
  }
}
