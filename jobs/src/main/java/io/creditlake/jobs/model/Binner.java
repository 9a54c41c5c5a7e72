package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import io.creditlake.common.model.Woe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits every feature's bins on the training rows in three passes whatever the number of features:
 * the numeric features' quantiles, the categorical features' frequent values, and the goods and
 * bads per bin. Only those small tables reach the driver.
 */
final class Binner {

  private Binner() {}

  /** A value is its own category with at least this many rows (and this share of them)… */
  static final long MIN_CATEGORY_ROWS = 10;
  static final double MIN_CATEGORY_SHARE = 0.001;
  /** …and a feature keeps at most this many categories. */
  static final int MAX_CATEGORIES = 40;

  static List<FeatureBins> fit(Dataset<Row> train, List<String> numeric, List<String> categorical, int bins, String label) {
    Map<String, List<Double>> splits = splits(train, numeric, bins);
    Map<String, List<String>> categories = categories(train, categorical);
    List<Column> pairs = new ArrayList<>();
    for (String f : numeric) {
      pairs.add(struct(lit(f).as("f"), expr(FeatureBins.binSql(f, true, splits.get(f), List.of())).as("b")));
    }
    for (String f : categorical) {
      pairs.add(struct(lit(f).as("f"), expr(FeatureBins.binSql(f, false, List.of(), categories.get(f))).as("b")));
    }
    Map<String, long[]> counts = new HashMap<>();
    for (Row r : train.select(col(label), explode(org.apache.spark.sql.functions.array(pairs.toArray(Column[]::new))).as("p"))
        .groupBy(col("p.f"), col("p.b")).agg(count(lit(1)).as("n"), sum(col(label)).as("bad")).collectAsList()) {
      long n = r.getLong(2);
      long bad = r.isNullAt(3) ? 0 : ((Number) r.get(3)).longValue();
      counts.put(r.getString(0) + "\u0000" + r.getString(1), new long[] {n - bad, bad});
    }
    List<FeatureBins> out = new ArrayList<>();
    for (String f : numeric) {
      out.add(bins(f, true, splits.get(f), List.of(), counts));
    }
    for (String f : categorical) {
      out.add(bins(f, false, List.of(), categories.get(f), counts));
    }
    return out;
  }

  private static FeatureBins bins(String f, boolean numeric, List<Double> splits, List<String> categories,
      Map<String, long[]> counts) {
    List<Woe.Count> c = new ArrayList<>();
    for (String label : FeatureBins.labels(numeric, splits, categories)) {
      long[] gb = counts.getOrDefault(f + "\u0000" + label, new long[2]);
      c.add(new Woe.Count(label, gb[0], gb[1]));
    }
    List<Woe.Bin> woe = Woe.of(c);
    return new FeatureBins(f, numeric, splits, categories, woe, Woe.iv(woe));
  }

  /** Each numeric feature's distinct quantile split points (1/bins … (bins−1)/bins), one pass. */
  private static Map<String, List<Double>> splits(Dataset<Row> train, List<String> numeric, int bins) {
    Map<String, List<Double>> out = new HashMap<>();
    if (numeric.isEmpty()) {
      return out;
    }
    double[] probs = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      probs[i - 1] = (double) i / bins;
    }
    Dataset<Row> nums = train.select(numeric.stream().map(f -> col(f).cast("double").as(f)).toArray(Column[]::new));
    double[][] q = nums.stat().approxQuantile(numeric.toArray(String[]::new), probs, 0.001);
    for (int i = 0; i < numeric.size(); i++) {
      TreeSet<Double> distinct = new TreeSet<>();
      for (double v : q[i]) {
        if (!Double.isNaN(v)) {
          distinct.add(v);
        }
      }
      out.put(numeric.get(i), List.copyOf(distinct));
    }
    return out;
  }

  /** Each categorical feature's frequent values, most frequent first, one pass. */
  private static Map<String, List<String>> categories(Dataset<Row> train, List<String> categorical) {
    Map<String, List<String>> out = new HashMap<>();
    if (categorical.isEmpty()) {
      return out;
    }
    List<Column> pairs = new ArrayList<>();
    for (String f : categorical) {
      pairs.add(struct(lit(f).as("f"), col(f).cast("string").as("v")));
    }
    List<Row> rows = train.select(explode(org.apache.spark.sql.functions.array(pairs.toArray(Column[]::new))).as("p"))
        .filter(col("p.v").isNotNull()).groupBy(col("p.f"), col("p.v")).count()
        .orderBy(col("count").desc(), col("v")).collectAsList();
    long total = train.count();
    long min = Math.max(MIN_CATEGORY_ROWS, (long) Math.ceil(MIN_CATEGORY_SHARE * total));
    for (String f : categorical) {
      out.put(f, new ArrayList<>());
    }
    for (Row r : rows) {
      List<String> kept = out.get(r.getString(0));
      if (r.getLong(2) >= min && kept.size() < MAX_CATEGORIES
          && !r.getString(1).equals(FeatureBins.MISSING) && !r.getString(1).equals(FeatureBins.OTHER)) {
        kept.add(r.getString(1));
      }
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return out;
  }
}
