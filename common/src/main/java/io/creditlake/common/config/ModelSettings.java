package io.creditlake.common.config;

import java.util.List;
import java.util.Map;

/**
 * The risk model ({@code creditlake train} and {@code score}): what it learns, from which
 * snapshots, and how its probabilities become points, grades and flags.
 *
 * @param name the model's name in the registry ({@code models/<name>/<version>/})
 * @param family {@code scorecard} (binned, WOE, logistic regression) or {@code gbt}
 *     (gradient-boosted trees)
 * @param horizonMonths the label looks at (t, t + horizon] after a snapshot t
 * @param events the adverse events that make a positive label (see {@link #EVENTS})
 * @param trainSnapshots how many month-end snapshots are stacked for training
 * @param validationGapMonths months between the last training snapshot and the out-of-time
 *     validation snapshot (the latest month-end whose label window has closed)
 * @param sampleCap at most this many training rows: a seeded sample with the same fraction of
 *     positives and negatives (stratified by label)
 * @param seed the seed of the sample and the trees
 * @param numeric numeric profile columns used as features
 * @param categorical categorical profile columns used as features
 * @param bins quantile bins per numeric feature for the scorecard and the information values
 * @param gbt the trees' parameters: {@code maxIter}, {@code maxDepth}, {@code stepSize},
 *     {@code subsamplingRate}, {@code featureSubsetStrategy}
 * @param points points: {@code baseScore} at odds {@code baseOdds} (good:bad), {@code pdo}
 *     points to double the odds
 * @param grades grade bands, best first: a grade's {@code minScore} is its lowest score
 * @param flagGrades grades that raise a {@code MODEL_HIGH_RISK} flag
 * @param psiWarning a PSI above this is a major shift: logged as a warning
 * @param classWeights the families trained with positives weighted by negatives ÷ positives
 *     (their probabilities are corrected back to the real base rate); by measurement, {@code gbt}
 *     only (docs/MODEL.md)
 */
public record ModelSettings(
    String name,
    String family,
    Integer horizonMonths,
    List<String> events,
    Integer trainSnapshots,
    Integer validationGapMonths,
    Long sampleCap,
    Long seed,
    List<String> numeric,
    List<String> categorical,
    Integer bins,
    Map<String, String> gbt,
    Points points,
    List<Grade> grades,
    List<String> flagGrades,
    Double psiWarning,
    List<String> classWeights) {

  public static final List<String> FAMILIES = List.of("scorecard", "gbt");
  /** The adverse events a label can count; what the generator's truth calls them too. */
  public static final List<String> EVENTS = List.of("ABNORMAL_LISTED", "LOAN_NON_PERFORMING", "DISHONEST_LISTED",
      "REVOKED");
  public static final List<Grade> DEFAULT_GRADES = List.of(new Grade("A", 680.0, "minimal risk"),
      new Grade("B", 620.0, "low risk"), new Grade("C", 560.0, "moderate risk"), new Grade("D", 500.0, "high risk"),
      new Grade("E", 0.0, "very high risk"));
  public static final ModelSettings DEFAULT = new ModelSettings(null, null, null, null, null, null, null, null, null,
      null, null, null, null, null, null, null, null);

  public ModelSettings {
    name = name == null ? "risk" : name;
    family = family == null ? "scorecard" : family;
    horizonMonths = horizonMonths == null ? 12 : horizonMonths;
    events = events == null ? EVENTS : List.copyOf(events);
    trainSnapshots = trainSnapshots == null ? 6 : trainSnapshots;
    validationGapMonths = validationGapMonths == null ? 3 : validationGapMonths;
    sampleCap = sampleCap == null ? 2_000_000L : sampleCap;
    seed = seed == null ? 20261127L : seed;
    numeric = numeric == null ? List.of() : List.copyOf(numeric);
    categorical = categorical == null ? List.of() : List.copyOf(categorical);
    bins = bins == null ? 10 : bins;
    gbt = gbt == null ? Map.of() : Map.copyOf(gbt);
    points = points == null ? Points.DEFAULT : points;
    // without bands of its own a configuration gets the usual five, and the worst two flag
    flagGrades = flagGrades != null ? List.copyOf(flagGrades) : grades == null ? List.of("D", "E") : List.of();
    grades = grades == null ? DEFAULT_GRADES : List.copyOf(grades);
    psiWarning = psiWarning == null ? 0.25 : psiWarning;
    classWeights = classWeights == null ? List.of("gbt") : List.copyOf(classWeights);
  }

  /** Whether {@code family} is trained with class weights. */
  public boolean weighted(String family) {
    return classWeights.contains(family);
  }

  /** Every feature column, numeric first. */
  public List<String> features() {
    return java.util.stream.Stream.concat(numeric.stream(), categorical.stream()).toList();
  }

  /**
   * Log-odds to points: score = offset + factor × ln(odds), factor = pdo / ln 2,
   * offset = baseScore − factor × ln(baseOdds); odds are good:bad.
   */
  public record Points(Double baseScore, Double baseOdds, Double pdo) {
    public static final Points DEFAULT = new Points(null, null, null);

    public Points {
      baseScore = baseScore == null ? 600.0 : baseScore;
      baseOdds = baseOdds == null ? 50.0 : baseOdds;
      pdo = pdo == null ? 40.0 : pdo;
    }

    public io.creditlake.common.model.Scaling scaling() {
      return new io.creditlake.common.model.Scaling(baseScore, baseOdds, pdo);
    }
  }

  /** A grade band: scores at or above {@code minScore} (and below the better grade's). */
  public record Grade(String grade, Double minScore, String meaning) {}
}
