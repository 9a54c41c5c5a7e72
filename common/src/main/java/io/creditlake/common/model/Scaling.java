package io.creditlake.common.model;

/**
 * Probability of an adverse event to points on a scorecard's scale, by "points to double the
 * odds" (PDO): score = offset + factor × ln(odds), odds = good:bad = (1 − p) ÷ p,
 * factor = pdo ÷ ln 2, offset = base score − factor × ln(base odds). Higher is safer.
 *
 * @param baseScore the score at the base odds
 * @param baseOdds good:bad odds that score the base score (50 means 50:1)
 * @param pdo points that double the odds
 */
public record Scaling(double baseScore, double baseOdds, double pdo) {

  /** Probabilities this close to 0 or 1 are held there, so scores stay finite. */
  static final double EPSILON = 1e-9;

  public Scaling {
    if (!(baseOdds > 0) || !(pdo > 0)) {
      throw new IllegalArgumentException("base odds and points to double the odds must be positive: " + baseOdds + ", "
          + pdo);
    }
  }

  public double factor() {
    return pdo / Math.log(2);
  }

  public double offset() {
    return baseScore - factor() * Math.log(baseOdds);
  }

  /** The score of a probability of an adverse event. */
  public double score(double p) {
    double q = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    return offset() + factor() * Math.log((1 - q) / q);
  }

  /** The probability of an adverse event that a score stands for: the inverse of {@link #score}. */
  public double probability(double score) {
    double odds = Math.exp((score - offset()) / factor());
    return 1 / (1 + odds);
  }
}
