package io.creditlake.common.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Weight of evidence and information value of a binned feature, the scorecard's currency.
 * WOE of a bin = ln(share of all goods in it ÷ share of all bads in it): positive is safer than
 * average. IV = Σ (good share − bad share) × WOE: below 0.02 useless, 0.1–0.3 medium, above 0.3
 * strong. A bin with no goods or no bads gets half a count in the empty cell, so its WOE is
 * finite (the usual smoothing) — otherwise one small pure bin would dominate the model. A bin
 * with no rows at all is neutral: WOE 0.
 */
public final class Woe {

  private Woe() {}

  /** One bin's counts: goods have label 0, bads label 1. */
  public record Count(String bin, long good, long bad) {}

  /** One bin's counts, WOE and its part of the feature's IV. */
  public record Bin(String bin, long good, long bad, double woe, double iv) {}

  /** Each bin's WOE and IV part, in the order given. */
  public static List<Bin> of(List<Count> counts) {
    double goods = 0;
    double bads = 0;
    for (Count c : counts) {
      goods += c.good();
      bads += c.bad();
    }
    List<Bin> out = new ArrayList<>();
    if (goods == 0 || bads == 0) {
      // one class only: no evidence either way
      for (Count c : counts) {
        out.add(new Bin(c.bin(), c.good(), c.bad(), 0.0, 0.0));
      }
      return out;
    }
    for (Count c : counts) {
      if (c.good() == 0 && c.bad() == 0) {
        out.add(new Bin(c.bin(), 0, 0, 0.0, 0.0));
        continue;
      }
      double g = (c.good() == 0 ? 0.5 : c.good()) / goods;
      double b = (c.bad() == 0 ? 0.5 : c.bad()) / bads;
      double woe = Math.log(g / b);
      out.add(new Bin(c.bin(), c.good(), c.bad(), woe, (g - b) * woe));
    }
    return out;
  }

  /** The feature's information value: the sum of its bins' parts. */
  public static double iv(List<Bin> bins) {
    return bins.stream().mapToDouble(Bin::iv).sum();
  }
}
