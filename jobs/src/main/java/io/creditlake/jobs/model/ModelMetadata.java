package io.creditlake.jobs.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the registry keeps beside a model's pipeline ({@code metadata.json}): enough to know what
 * it learned from, how good it was out of time, and to score, explain and watch it.
 *
 * @param name the model's name
 * @param version {@code v1}, {@code v2}, …
 * @param family {@code scorecard} or {@code gbt}
 * @param createdAt when it was trained
 * @param codeVersion the CreditLake version that trained it
 * @param numeric numeric features offered
 * @param categorical categorical features offered
 * @param used the features the model reads (the scorecard leaves out those without information)
 * @param label the label definition
 * @param training the training window
 * @param validation the out-of-time validation window
 * @param metrics AUC, KS, PR-AUC, precision and recall at the cut-off, base rate, …
 * @param params the family's parameters
 * @param points the points scale
 * @param bins every offered feature's bins with training counts, WOE and IV
 * @param coefficients the scorecard's coefficient per feature (on its WOE); empty for trees
 * @param intercept the scorecard's intercept
 * @param importance the trees' importance per feature; empty for the scorecard
 * @param scoreSplits score bands of the training population (deciles), for the score's PSI
 * @param scoreCounts training rows per score band
 * @param positiveWeight each positive's weight in training (1 without class weights): scoring
 *     divides the model's odds by it
 */
public record ModelMetadata(String name, String version, String family, Instant createdAt, String codeVersion,
    List<String> numeric, List<String> categorical, List<String> used, Label label, Window training, Window validation,
    Map<String, Double> metrics, Map<String, String> params, Points points, List<FeatureBins> bins,
    Map<String, Double> coefficients, double intercept, Map<String, Double> importance, List<Double> scoreSplits,
    List<Long> scoreCounts, Double positiveWeight) {

  public ModelMetadata {
    positiveWeight = positiveWeight == null ? 1.0 : positiveWeight;
  }

  /**
   * @param events the adverse events counted
   * @param horizonMonths the window (t, t + horizon] after a snapshot t
   * @param excluded who is left out of training and evaluation, in words
   */
  public record Label(List<String> events, int horizonMonths, String excluded) {}

  /**
   * @param snapshots the month-end snapshots
   * @param knownBy events known to the lake by this date
   * @param rows rows used
   * @param positives rows with a positive label
   * @param sampleFraction share of the eligible rows sampled (1 = all)
   */
  public record Window(List<LocalDate> snapshots, LocalDate knownBy, long rows, long positives, double sampleFraction) {}

  public record Points(double baseScore, double baseOdds, double pdo) {
    io.creditlake.common.model.Scaling scaling() {
      return new io.creditlake.common.model.Scaling(baseScore, baseOdds, pdo);
    }
  }

  /** The bins of one feature. */
  FeatureBins bins(String feature) {
    return bins.stream().filter(b -> b.feature().equals(feature)).findFirst()
        .orElseThrow(() -> new IllegalStateException("model " + name + " " + version + " has no bins for " + feature));
  }
}
