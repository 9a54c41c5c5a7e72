package io.creditlake.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scorecard's arithmetic, each expected value worked out by hand (in the comments). */
class ModelMathTest {

  static final double E = 1e-6;

  @Test
  void weightOfEvidenceAndInformationValue() {
    // goods 100, bads 40. A: 0.60 / 0.25 → ln 2.4 = 0.875469, IV (0.60 − 0.25) × 0.875469 = 0.306414
    //                     B: 0.40 / 0.75 → ln 0.5333 = −0.628609, IV (−0.35) × (−0.628609) = 0.220013
    List<Woe.Bin> bins = Woe.of(List.of(new Woe.Count("A", 60, 10), new Woe.Count("B", 40, 30)));
    assertThat(bins.get(0).woe()).isCloseTo(0.875469, within(E));
    assertThat(bins.get(0).iv()).isCloseTo(0.306414, within(E));
    assertThat(bins.get(1).woe()).isCloseTo(-0.628609, within(E));
    assertThat(bins.get(1).iv()).isCloseTo(0.220013, within(E));
    assertThat(Woe.iv(bins)).isCloseTo(0.526427, within(E));
  }

  @Test
  void aBinWithoutBadsGetsHalfABadSoItsWeightStaysFinite() {
    // goods 20, bads 10. X: 0.5 / (0.5 / 10) → ln 10 = 2.302585, IV 0.45 × 2.302585 = 1.036163
    //                    Y: 0.5 / 1.0 → ln 0.5 = −0.693147, IV (−0.5) × (−0.693147) = 0.346574
    List<Woe.Bin> bins = Woe.of(List.of(new Woe.Count("X", 10, 0), new Woe.Count("Y", 10, 10)));
    assertThat(bins.get(0).woe()).isCloseTo(2.302585, within(E));
    assertThat(bins.get(0).iv()).isCloseTo(1.036163, within(E));
    assertThat(bins.get(1).woe()).isCloseTo(-0.693147, within(E));
    assertThat(Woe.iv(bins)).isCloseTo(1.382737, within(E));
    assertThat(Woe.of(List.of(new Woe.Count("empty", 0, 0), new Woe.Count("X", 10, 0), new Woe.Count("Y", 10, 10)))
        .get(0).woe()).as("an empty bin is neutral").isZero();
    assertThat(Woe.iv(Woe.of(List.of(new Woe.Count("only goods", 5, 0), new Woe.Count("more", 7, 0))))).isZero();
  }

  @Test
  void pointsToDoubleTheOdds() {
    // base 600 at 50:1, 20 points double the odds: factor 20 / ln 2 = 28.853901,
    // offset 600 − 28.853901 × ln 50 = 487.122876
    Scaling s = new Scaling(600, 50, 20);
    assertThat(s.factor()).isCloseTo(28.853901, within(E));
    assertThat(s.offset()).isCloseTo(487.122876, within(E));
    assertThat(s.score(1.0 / 51)).isCloseTo(600, within(E));
    assertThat(s.score(1.0 / 101)).as("odds 100:1").isCloseTo(620, within(E));
    assertThat(s.score(1.0 / 26)).as("odds 25:1").isCloseTo(580, within(E));
    assertThat(s.score(0.5)).as("even odds").isCloseTo(487.122876, within(E));
    assertThat(s.probability(580)).isCloseTo(1.0 / 26, within(1e-12));
    assertThat(s.score(0.0)).as("held off zero").isFinite();
  }

  @Test
  void gradeBands() {
    Grades g = new Grades(List.of(new Grades.Band("C", 550), new Grades.Band("A", 650), new Grades.Band("E", 0),
        new Grades.Band("B", 600), new Grades.Band("D", 500)));
    assertThat(g.grade(650)).isEqualTo("A");
    assertThat(g.grade(649.99)).isEqualTo("B");
    assertThat(g.grade(550)).isEqualTo("C");
    assertThat(g.grade(499.5)).isEqualTo("E");
    assertThat(g.grade(-50)).as("the worst band holds everything below").isEqualTo("E");
    assertThat(g.flagCutoff(List.of("D", "E"))).as("D's top is C's minimum").isEqualTo(550);
    assertThat(g.flagCutoff(List.of("A"))).isInfinite();
    assertThat(g.flagCutoff(List.of("Z"))).isNaN();
  }

  @Test
  void populationStabilityIndex() {
    // shares 0.5/0.5 → 0.6/0.4: 0.1 × ln 1.2 + (−0.1) × ln 0.8 = 0.018232 + 0.022314 = 0.040547
    assertThat(Stability.psi(new long[] {50, 50}, new long[] {60, 40})).isCloseTo(0.040547, within(E));
    assertThat(Stability.psi(new long[] {10, 20}, new long[] {100, 200})).as("same shares").isCloseTo(0, within(E));
    // an empty bin counts as 0.0001: (0.5 − 1) ln 0.5 + (0.5 − 0.0001) ln 5000 = 0.346574 + 4.257745
    assertThat(Stability.psi(new long[] {100, 0}, new long[] {50, 50})).isCloseTo(4.604318, within(E));
    assertThat(Stability.verdict(0.04)).isEqualTo("stable");
    assertThat(Stability.verdict(0.2)).isEqualTo("moderate shift");
    assertThat(Stability.verdict(0.3)).isEqualTo("major shift");
  }

  @Test
  void kolmogorovSmirnov() {
    // riskiest bucket first; goods 100, bads 50: cumulative bads 0.60, 0.92, 1; goods 0.10, 0.40, 1
    Separation.Ks ks = Separation.ks(new long[] {10, 30, 60}, new long[] {30, 16, 4});
    assertThat(ks.ks()).isCloseTo(0.52, within(E));
    assertThat(ks.at()).isEqualTo(1);
    assertThat(Separation.ks(new long[] {5, 5}, new long[] {0, 0}).ks()).isNaN();
  }
}
