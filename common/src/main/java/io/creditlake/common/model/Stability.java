package io.creditlake.common.model;

/**
 * Population stability index between an expected (training) and an actual (today's)
 * distribution over the same bins: Σ (a − e) × ln(a ÷ e) over the bins' shares. Below 0.1
 * stable, 0.1–0.25 a moderate shift, above 0.25 a major one. An empty bin counts as a share of
 * 0.0001, so the index stays finite.
 */
public final class Stability {

  private Stability() {}

  static final double FLOOR = 1e-4;

  public static double psi(long[] expected, long[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException("bins differ: " + expected.length + " and " + actual.length);
    }
    double e = 0;
    double a = 0;
    for (int i = 0; i < expected.length; i++) {
      e += expected[i];
      a += actual[i];
    }
    if (e == 0 || a == 0) {
      return Double.NaN;
    }
    double psi = 0;
    for (int i = 0; i < expected.length; i++) {
      double pe = Math.max(expected[i] / e, FLOOR);
      double pa = Math.max(actual[i] / a, FLOOR);
      psi += (pa - pe) * Math.log(pa / pe);
    }
    return psi;
  }

  public static String verdict(double psi) {
    return Double.isNaN(psi) ? "unknown" : psi < 0.1 ? "stable" : psi <= 0.25 ? "moderate shift" : "major shift";
  }
}
