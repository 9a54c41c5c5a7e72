package io.creditlake.jobs.model;

import io.creditlake.common.model.Woe;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One feature's bins, fitted on the training rows, with their counts and weights of evidence:
 * the scorecard's table, the basis of reason codes and the reference for drift.
 * <p>A numeric feature's bins are {@code missing}, {@code <= s1}, {@code (s1, s2]}, …,
 * {@code > sk} for quantile splits s1 … sk: closed above, so a count that is mostly zero gets
 * the bins {@code <= 0} and {@code > 0}. A categorical feature's bins are its frequent
 * values, {@code missing} and {@code other} (rare values, and values first seen after training).
 * Bins are written as Spark SQL so the pipeline's stages and the scoring job read the same
 * definition.
 *
 * @param feature the profile column
 * @param numeric numeric or categorical
 * @param splits the numeric feature's split points, ascending
 * @param categories the categorical feature's own bins
 * @param bins every bin's label, training counts (goods, bads), WOE and IV part, in bin order
 * @param iv the feature's information value
 */
public record FeatureBins(String feature, boolean numeric, List<Double> splits, List<String> categories,
    List<Woe.Bin> bins, double iv) {

  public static final String MISSING = "missing";
  public static final String OTHER = "other";

  /** The bin labels, in order, before any counting. */
  static List<String> labels(boolean numeric, List<Double> splits, List<String> categories) {
    List<String> out = new ArrayList<>();
    out.add(MISSING);
    if (numeric) {
      if (splits.isEmpty()) {
        out.add("all");
      } else {
        out.add("<= " + num(splits.get(0)));
        for (int i = 1; i < splits.size(); i++) {
          out.add("(" + num(splits.get(i - 1)) + ", " + num(splits.get(i)) + "]");
        }
        out.add("> " + num(splits.get(splits.size() - 1)));
      }
    } else {
      out.addAll(categories);
      out.add(OTHER);
    }
    return out;
  }

  /** Spark SQL for the bin label of this feature's value. */
  static String binSql(String feature, boolean numeric, List<Double> splits, List<String> categories) {
    List<String> labels = labels(numeric, splits, categories);
    String c = "`" + feature + "`";
    StringBuilder sb = new StringBuilder("CASE");
    if (numeric) {
      String v = "CAST(" + c + " AS DOUBLE)";
      sb.append(" WHEN ").append(v).append(" IS NULL OR isnan(").append(v).append(") THEN ").append(quote(MISSING));
      for (int i = 0; i < splits.size(); i++) {
        sb.append(" WHEN ").append(v).append(" <= ").append(lit(splits.get(i))).append(" THEN ").append(quote(labels.get(i + 1)));
      }
      sb.append(" ELSE ").append(quote(labels.get(labels.size() - 1))).append(" END");
    } else {
      String v = "CAST(" + c + " AS STRING)";
      sb.append(" WHEN ").append(v).append(" IS NULL THEN ").append(quote(MISSING));
      if (!categories.isEmpty()) {
        sb.append(" WHEN ").append(v).append(" IN (");
        for (int i = 0; i < categories.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(quote(categories.get(i)));
        }
        sb.append(") THEN ").append(v);
      }
      sb.append(" ELSE ").append(quote(OTHER)).append(" END");
    }
    return sb.toString();
  }

  String binSql() {
    return binSql(feature, numeric, splits, categories);
  }

  /** Spark SQL mapping this feature's value to a number per bin, e.g. its WOE; 0 for a bin not listed. */
  String perBinSql(java.util.function.ToDoubleFunction<Woe.Bin> value) {
    StringBuilder sb = new StringBuilder("CASE ").append(binSql());
    for (Woe.Bin b : bins) {
      sb.append(" WHEN ").append(quote(b.bin())).append(" THEN ").append(lit(value.applyAsDouble(b)));
    }
    return sb.append(" ELSE 0D END").toString();
  }

  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static String lit(double d) {
    return BigDecimal.valueOf(d).toPlainString() + "D";
  }

  private static String num(double d) {
    BigDecimal b = BigDecimal.valueOf(d).stripTrailingZeros();
    return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
  }
}
