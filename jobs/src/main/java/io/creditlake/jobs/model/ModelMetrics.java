package io.creditlake.jobs.model;

import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.model.Scaling;
import io.creditlake.common.model.Woe;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code gold/model_metrics}: what notebooks and reports draw, one row per point. {@code kind}
 * says which columns mean something:
 * <ul>
 *   <li>{@code metric}: {@code name} and {@code value} (auc, ks, pr_auc, precision, recall, …);
 *   <li>{@code roc}: {@code seq}, {@code x} false and {@code y} true positive rate;
 *   <li>{@code ks}: {@code seq} percentile riskiest first, {@code x} population, {@code y} bads,
 *       {@code y2} goods taken so far (shares);
 *   <li>{@code calibration}: {@code seq} decile riskiest first, {@code count}, {@code bad},
 *       {@code x} mean predicted and {@code y} observed rate;
 *   <li>{@code bin}: {@code name} feature, {@code bin}, {@code seq}, training {@code count} and
 *       {@code bad}, {@code woe}, {@code iv} (the bin's part) and, for the scorecard,
 *       {@code points};
 *   <li>{@code feature}: {@code name}, {@code iv}, {@code value} the coefficient (scorecard) or
 *       importance (trees), {@code bin} "used" or "dropped".
 * </ul>
 * A version's rows are replaced when it is trained again under the same version (never, in
 * practice) — the table keeps every version.
 */
final class ModelMetrics {

  private ModelMetrics() {}

  static final String TABLE = "model_metrics";

  static final StructType SCHEMA = DataTypes.createStructType(new StructField[] {
      DataTypes.createStructField("model_name", DataTypes.StringType, false),
      DataTypes.createStructField("model_version", DataTypes.StringType, false),
      DataTypes.createStructField("family", DataTypes.StringType, false),
      DataTypes.createStructField("kind", DataTypes.StringType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("bin", DataTypes.StringType, true),
      DataTypes.createStructField("seq", DataTypes.IntegerType, true),
      DataTypes.createStructField("x", DataTypes.DoubleType, true),
      DataTypes.createStructField("y", DataTypes.DoubleType, true),
      DataTypes.createStructField("y2", DataTypes.DoubleType, true),
      DataTypes.createStructField("count", DataTypes.LongType, true),
      DataTypes.createStructField("bad", DataTypes.LongType, true),
      DataTypes.createStructField("woe", DataTypes.DoubleType, true),
      DataTypes.createStructField("iv", DataTypes.DoubleType, true),
      DataTypes.createStructField("points", DataTypes.DoubleType, true),
      DataTypes.createStructField("value", DataTypes.DoubleType, true),
      DataTypes.createStructField("created_at", DataTypes.TimestampType, false)});

  static DeltaTables.Commit write(SparkSession spark, String path, ModelMetadata m, Evaluation e) {
    DeltaTables.ensure(spark, path, SCHEMA, "each model version's metrics, ROC and KS points, calibration deciles, "
        + "bins with WOE and IV, and feature information values and weights");
    Timestamp at = Timestamp.from(m.createdAt());
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Double> metric : m.metrics().entrySet()) {
      rows.add(row(m, at, "metric", metric.getKey(), null, null, null, null, null, null, null, null, null, null,
          metric.getValue()));
    }
    int i = 0;
    for (double[] p : e.roc()) {
      rows.add(row(m, at, "roc", null, null, i++, p[0], p[1], null, null, null, null, null, null, null));
    }
    i = 0;
    for (double[] p : e.ksCurve()) {
      rows.add(row(m, at, "ks", null, null, ++i, p[0], p[1], p[2], null, null, null, null, null, null));
    }
    for (Evaluation.Decile d : e.calibration()) {
      rows.add(row(m, at, "calibration", null, null, d.decile(), d.predicted(), d.observed(), null, d.rows(), d.positives(),
          null, null, null, null));
    }
    Scaling s = m.points().scaling();
    for (FeatureBins f : m.bins()) {
      Double beta = m.coefficients().get(f.feature());
      int seq = 0;
      for (Woe.Bin b : f.bins()) {
        Double points = beta == null ? null : Reasons.points(s, beta, b.woe());
        rows.add(row(m, at, "bin", f.feature(), b.bin(), seq++, null, null, null, b.good() + b.bad(), b.bad(), b.woe(),
            b.iv(), points, null));
      }
      Double weight = beta != null ? beta : m.importance().get(f.feature());
      rows.add(row(m, at, "feature", f.feature(), m.used().contains(f.feature()) ? "used" : "dropped", null, null, null,
          null, null, null, null, f.iv(), null, weight));
    }
    return DeltaTables.replace(spark.createDataFrame(rows, SCHEMA), path,
        "model_name = '" + m.name() + "' AND model_version = '" + m.version() + "'");
  }

  private static Row row(ModelMetadata m, Timestamp at, String kind, String name, String bin, Integer seq, Double x,
      Double y, Double y2, Long count, Long bad, Double woe, Double iv, Double points, Double value) {
    return RowFactory.create(m.name(), m.version(), m.family(), kind, name, bin, seq, nan(x), nan(y), nan(y2), count, bad,
        nan(woe), nan(iv), nan(points), nan(value), at);
  }

  private static Double nan(Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? null : d;
  }
}
