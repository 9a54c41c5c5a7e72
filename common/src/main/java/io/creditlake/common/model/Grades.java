package io.creditlake.common.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Score bands to grades. A grade holds the scores from its {@code minScore} up to the next
 * better grade's; the worst grade holds everything below too.
 */
public final class Grades {

  /** A band: scores at or above {@code minScore}. */
  public record Band(String grade, double minScore) {}

  private final List<Band> bestFirst;

  public Grades(List<Band> bands) {
    if (bands.isEmpty()) {
      throw new IllegalArgumentException("at least one grade band is needed");
    }
    List<Band> sorted = new ArrayList<>(bands);
    sorted.sort(Comparator.comparingDouble(Band::minScore).reversed());
    this.bestFirst = List.copyOf(sorted);
  }

  public String grade(double score) {
    for (Band b : bestFirst) {
      if (score >= b.minScore()) {
        return b.grade();
      }
    }
    return bestFirst.get(bestFirst.size() - 1).grade();
  }

  /** The bands, best first. */
  public List<Band> bands() {
    return bestFirst;
  }

  /**
   * The highest score that still falls in one of {@code grades}: a business scoring at or below
   * it is flagged. {@code NaN} when none of them is a band here.
   */
  public double flagCutoff(List<String> grades) {
    double cut = Double.NaN;
    for (int i = 0; i < bestFirst.size(); i++) {
      if (grades.contains(bestFirst.get(i).grade())) {
        // the band's top is the better band's minimum; the best band has no top
        double top = i == 0 ? Double.POSITIVE_INFINITY : bestFirst.get(i - 1).minScore();
        cut = Double.isNaN(cut) ? top : Math.max(cut, top);
      }
    }
    return cut;
  }
}
