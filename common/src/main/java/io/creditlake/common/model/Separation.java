package io.creditlake.common.model;

/**
 * Kolmogorov–Smirnov statistic of a score: the largest gap between the cumulative shares of
 * bads and of goods when businesses are taken riskiest first. Computed from counts per score
 * bucket (riskiest bucket first), so Spark can aggregate and only the buckets reach the driver.
 */
public final class Separation {

  private Separation() {}

  /** The KS statistic (0–1) and the bucket index where the gap is largest. */
  public record Ks(double ks, int at) {}

  public static Ks ks(long[] goodPerBucket, long[] badPerBucket) {
    double goods = 0;
    double bads = 0;
    for (int i = 0; i < goodPerBucket.length; i++) {
      goods += goodPerBucket[i];
      bads += badPerBucket[i];
    }
    if (goods == 0 || bads == 0) {
      return new Ks(Double.NaN, -1);
    }
    double cg = 0;
    double cb = 0;
    double best = 0;
    int at = -1;
    for (int i = 0; i < goodPerBucket.length; i++) {
      cg += goodPerBucket[i];
      cb += badPerBucket[i];
      double gap = Math.abs(cb / bads - cg / goods);
      if (gap > best) {
        best = gap;
        at = i;
      }
    }
    return new Ks(best, at);
  }
}
