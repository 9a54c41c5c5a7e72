package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.model.Separation;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * How well a model separates on rows it did not train on. Never accuracy alone: at a few per
 * cent of positives, calling everyone good is already 95 % accurate.
 *
 * @param rows rows evaluated
 * @param positives rows with an adverse event in the horizon
 * @param baseRate positives ÷ rows
 * @param auc area under the ROC curve
 * @param prAuc area under the precision-recall curve (compare with the base rate)
 * @param ks Kolmogorov–Smirnov statistic over percentiles of the probability
 * @param cutoffScore a business scoring below this is flagged (the flag grades' top)
 * @param flagged rows flagged at the cut-off
 * @param precision positives among the flagged
 * @param recall flagged among the positives
 * @param roc the ROC curve: false positive rate, true positive rate
 * @param ksCurve per percentile, riskiest first: population, bads and goods taken so far (shares)
 * @param calibration per decile of probability, riskiest first
 */
public record Evaluation(long rows, long positives, double baseRate, double auc, double prAuc, double ks,
    double cutoffScore, long flagged, double precision, double recall, List<double[]> roc, List<double[]> ksCurve,
    List<Decile> calibration) {

  /** One decile: rows, positives, mean predicted probability, observed rate. */
  public record Decile(int decile, long rows, long positives, double predicted, double observed) {}

  /**
   * Evaluates rows holding {@code label} (0/1, double), {@code p} (probability) and
   * {@code score} (points). The caller caches them: this reads them several times.
   */
  static Evaluation of(Dataset<Row> scored, double cutoffScore) {
    Row totals = scored.agg(count(lit(1)), sum(col("label")), sum(when(col("score").lt(cutoffScore), 1).otherwise(0)),
        sum(when(col("score").lt(cutoffScore).and(col("label").equalTo(1.0)), 1).otherwise(0))).first();
    long rows = totals.getLong(0);
    long positives = totals.isNullAt(1) ? 0 : (long) totals.getDouble(1);
    long flagged = totals.isNullAt(2) ? 0 : totals.getLong(2);
    long hits = totals.isNullAt(3) ? 0 : totals.getLong(3);

    BinaryClassificationMetrics m = new BinaryClassificationMetrics(scored.select(col("p"), col("label")).javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd(), 1000);
    double auc = positives == 0 || positives == rows ? Double.NaN : m.areaUnderROC();
    double prAuc = positives == 0 ? Double.NaN : m.areaUnderPR();
    List<double[]> roc = new ArrayList<>();
    for (Object o : (Object[]) m.roc().collect()) {
      @SuppressWarnings("unchecked")
      Tuple2<Object, Object> t = (Tuple2<Object, Object>) o;
      roc.add(new double[] {(Double) t._1(), (Double) t._2()});
    }
    m.unpersist();

    List<long[]> percentiles = buckets(scored, 100);
    long[] goods = new long[percentiles.size()];
    long[] bads = new long[percentiles.size()];
    List<double[]> ksCurve = new ArrayList<>();
    double cn = 0;
    double cg = 0;
    double cb = 0;
    for (int i = 0; i < percentiles.size(); i++) {
      long[] b = percentiles.get(i);
      goods[i] = b[0] - b[1];
      bads[i] = b[1];
      cn += b[0];
      cg += goods[i];
      cb += bads[i];
      ksCurve.add(new double[] {cn / Math.max(rows, 1), cb / Math.max(positives, 1), cg / Math.max(rows - positives, 1)});
    }
    double ks = Separation.ks(goods, bads).ks();

    List<Decile> calibration = new ArrayList<>();
    List<long[]> deciles = buckets(scored, 10);
    for (int i = 0; i < deciles.size(); i++) {
      long[] d = deciles.get(i);
      calibration.add(new Decile(i + 1, d[0], d[1], d[2] / 1e9 / Math.max(d[0], 1), (double) d[1] / Math.max(d[0], 1)));
    }
    return new Evaluation(rows, positives, rows == 0 ? Double.NaN : (double) positives / rows, auc, prAuc, ks, cutoffScore,
        flagged, flagged == 0 ? Double.NaN : (double) hits / flagged, positives == 0 ? Double.NaN : (double) hits / positives,
        roc, ksCurve, calibration);
  }

  /**
   * Quantile buckets of the probability, riskiest first: rows, positives, and the sum of
   * probabilities in billionths (so it fits the long array). Ties share a bucket, so there may be
   * fewer than asked.
   */
  private static List<long[]> buckets(Dataset<Row> scored, int n) {
    double[] probs = new double[n - 1];
    for (int i = 1; i < n; i++) {
      probs[i - 1] = (double) i / n;
    }
    double[] q = scored.stat().approxQuantile("p", probs, 0.0005);
    java.util.TreeSet<Double> cuts = new java.util.TreeSet<>();
    for (double v : q) {
      cuts.add(v);
    }
    List<Double> splits = new ArrayList<>();
    splits.add(Double.NEGATIVE_INFINITY);
    splits.addAll(cuts);
    splits.add(Double.POSITIVE_INFINITY);
    if (splits.size() > 2 && splits.get(1).equals(Double.NEGATIVE_INFINITY)) {
      splits.remove(1);
    }
    Dataset<Row> bucketed = new Bucketizer().setInputCol("p").setOutputCol("_bucket")
        .setSplits(splits.stream().mapToDouble(Double::doubleValue).toArray()).transform(scored);
    List<Row> rows = bucketed.groupBy("_bucket").agg(count(lit(1)), sum(col("label")), sum(col("p")))
        .orderBy(col("_bucket").desc()).collectAsList();
    List<long[]> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new long[] {r.getLong(1), (long) r.getDouble(2), (long) (r.getDouble(3) * 1e9)});
    }
    return out;
  }
}
