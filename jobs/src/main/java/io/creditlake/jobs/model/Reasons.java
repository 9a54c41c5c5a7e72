package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;

import io.creditlake.common.model.Scaling;
import io.creditlake.common.model.Woe;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Reason codes: the features that cost a business the most points.
 * <ul>
 *   <li>scorecard: a feature's points in a bin are −factor × coefficient × WOE; what the
 *       business's bin costs is the feature's best bin's points minus its own;
 *   <li>trees (documented approximation): the feature's importance in the trees × how far its
 *       bin's WOE falls short of the feature's best bin, in the same points (× factor) — the
 *       features the trees lean on, where the business sits in a bad-looking bin.
 * </ul>
 * A reason reads {@code feature: bin (−N points)}; features costing nothing give no reason.
 */
final class Reasons {

  private Reasons() {}

  static final int TOP = 3;

  static double points(Scaling s, double beta, double woe) {
    return -s.factor() * beta * woe;
  }

  /** An array column of at most three reasons, the costliest first. */
  static Column top(ModelMetadata m) {
    Scaling s = m.points().scaling();
    List<Column> costs = new ArrayList<>();
    for (String f : m.used()) {
      FeatureBins bins = m.bins(f);
      java.util.function.ToDoubleFunction<Woe.Bin> pts;
      if (m.coefficients().containsKey(f)) {
        double beta = m.coefficients().get(f);
        pts = b -> points(s, beta, b.woe());
      } else {
        double weight = m.importance().getOrDefault(f, 0.0);
        pts = b -> s.factor() * weight * b.woe();
      }
      double best = bins.bins().stream().filter(b -> b.good() + b.bad() > 0).mapToDouble(pts).max().orElse(0);
      costs.add(struct(expr(bins.perBinSql(b -> best - pts.applyAsDouble(b))).as("cost"), lit(f).as("feature"),
          expr(bins.binSql()).as("bin")));
    }
    if (costs.isEmpty()) {
      return array().cast("array<string>");
    }
    // sort by cost, highest first: negate for the ascending sort
    Column sorted = array_sort(transform(filter(array(costs.toArray(Column[]::new)), c -> c.getField("cost").gt(0.005)),
        c -> struct(c.getField("cost").multiply(-1).as("neg"), c.getField("feature").as("feature"),
            c.getField("bin").as("bin"), c.getField("cost").as("cost"))));
    return transform(slice(sorted, 1, TOP), c -> org.apache.spark.sql.functions.format_string("%s: %s (-%.0f points)",
        c.getField("feature"), c.getField("bin"), c.getField("cost")));
  }
}
