package io.creditlake.jobs.generate.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.domain.Uscc;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hidden risk model: deterministic, plausible rates, and risk that predicts — not perfectly. */
class PopulationTest {

  static final LocalDate START = LocalDate.of(2023, 11, 1);
  static final LocalDate END = LocalDate.of(2026, 10, 31);
  static final int N = 20_000;
  static final Population POP = new Population(42, N, START, END);

  @Test
  void aBusinessDependsOnlyOnSeedAndIndex() {
    Population again = new Population(42, N, START, END);
    Population other = new Population(43, N, START, END);
    for (int i : new int[] {0, 1, 777, N - 1}) {
      assertThat(again.get(i)).as("business %d again", i).isEqualTo(POP.get(i));
      assertThat(other.get(i).uscc()).as("business %d under another seed", i).isNotEqualTo(POP.get(i).uscc());
    }
    Population bigger = new Population(42, 2 * N, START, END);
    assertThat(bigger.get(123)).as("independent of the population's size").isEqualTo(POP.get(123));
  }

  @Test
  void codesAreValidAndDistinct() {
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < N; i++) {
      String code = POP.get(i).uscc();
      assertThat(Uscc.isValid(code)).as(code).isTrue();
      codes.add(code);
    }
    assertThat(codes).hasSize(N);
  }

  @Test
  void ratesArePlausibleAndEventsFollowDistress() {
    int distressed = 0;
    int adverseLastYear = 0;
    int[] perLevel = new int[6];
    for (int i = 0; i < N; i++) {
      Business b = POP.get(i);
      distressed += b.distressFrom() != null ? 1 : 0;
      adverseLastYear += b.adverseBetween(END.minusYears(1), END) ? 1 : 0;
      perLevel[b.riskLevel()]++;
      LocalDate previous = LocalDate.MIN;
      for (AdverseEvent e : b.events()) {
        assertThat(e.date()).as("events in date order").isAfterOrEqualTo(previous);
        previous = e.date();
        if (e.causedByDistress()) {
          assertThat(e.date()).as("an event follows its distress by months").isAfter(b.distressFrom().plusDays(59));
        }
      }
    }
    assertThat(distressed / (double) N).as("share ever distressed").isBetween(0.10, 0.22);
    assertThat(adverseLastYear / (double) N).as("yearly adverse-event rate (DOMAIN.md: 3–5 %%)").isBetween(0.025, 0.07);
    for (int level = 1; level <= 5; level++) {
      assertThat(perLevel[level]).as("businesses at level %d", level).isGreaterThan(N / 50);
    }
  }

  @Test
  void hiddenRiskRanksWellButNotPerfectly() {
    LocalDate t = START.plusMonths(12);
    List<double[]> scored = new ArrayList<>();
    double[] eventsByLevel = new double[6];
    double[] countByLevel = new double[6];
    for (int i = 0; i < N; i++) {
      Business b = POP.get(i);
      if (b.distressFrom() != null && b.events().stream().anyMatch(e -> !e.date().isAfter(t))) {
        continue;
      }
      boolean label = b.adverseBetween(t, t.plusMonths(12));
      scored.add(new double[] {b.risk(), label ? 1 : 0});
      eventsByLevel[b.riskLevel()] += label ? 1 : 0;
      countByLevel[b.riskLevel()]++;
    }
    double auc = auc(scored);
    assertThat(auc).as("oracle AUC of the hidden risk over the next 12 months").isBetween(0.70, 0.95);
    for (int level = 2; level <= 5; level++) {
      assertThat(eventsByLevel[level] / countByLevel[level]).as("event rate rises from level %d to %d", level - 1, level)
          .isGreaterThan(eventsByLevel[level - 1] / countByLevel[level - 1]);
    }
  }

  /** AUC by the rank-sum formula. */
  static double auc(List<double[]> scored) {
    scored.sort((a, b) -> Double.compare(a[0], b[0]));
    double rankSum = 0;
    long positives = 0;
    for (int i = 0; i < scored.size(); i++) {
      if (scored.get(i)[1] == 1) {
        rankSum += i + 1;
        positives++;
      }
    }
    long negatives = scored.size() - positives;
    return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
  }
}
