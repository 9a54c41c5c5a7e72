package io.creditlake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.domain.Source;
import io.creditlake.jobs.generate.World.Fact;
import io.creditlake.jobs.generate.model.AdverseEvent;
import io.creditlake.jobs.generate.model.Business;
import io.creditlake.jobs.generate.model.Population;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The world behind the files: the hidden risk shows in the records — arrears, overdue loans and
 * lawsuits rise once a business is in distress, and each adverse event appears where it should.
 */
class WorldTest {

  static final YearMonth FIRST = YearMonth.of(2023, 10);
  static final int MONTHS = 36;
  static final int N = 6_000;
  static final Business[] FIRMS;
  static final World WORLD;

  static {
    Population p = new Population(5, N, FIRST.atDay(1), FIRST.plusMonths(MONTHS - 1).atEndOfMonth());
    FIRMS = IntStream.range(0, N).mapToObj(p::get).toArray(Business[]::new);
    WORLD = new World(5, FIRMS, FIRST.atDay(1));
  }

  /** Per business-month: [months, with tax arrears, with a loan overdue, lawsuits as defendant], split by distress. */
  @Test
  void distressRaisesArrearsOverdueLoansAndLawsuits() {
    long[][] c = new long[2][4];
    for (Business b : FIRMS) {
      for (int m = 0; m < MONTHS; m++) {
        YearMonth month = FIRST.plusMonths(m);
        if (!b.activeBetween(month.atDay(1), month.atEndOfMonth())) {
          continue;
        }
        long[] k = c[b.distressedOn(month.atEndOfMonth()) ? 1 : 0];
        k[0]++;
        for (Fact f : WORLD.facts(Source.TAX, b, month)) {
          Object overdue = f.rec().get("overdue_amount");
          k[1] += f.rec().get("filing_date") == null || ((BigDecimal) overdue).signum() > 0 ? 1 : 0;
        }
        k[2] += WORLD.facts(Source.LOAN, b, month).stream().anyMatch(f -> (Integer) f.rec().get("days_overdue") > 0) ? 1 : 0;
        k[3] += WORLD.facts(Source.LITIGATION, b, month).stream()
            .filter(f -> f.rec().get("uscc").equals(b.uscc()) && f.rec().get("party_role").equals("DEFENDANT")).count();
      }
    }
    String[] what = {"", "tax arrears or no filing", "an overdue loan", "lawsuits as defendant"};
    for (int i = 1; i < 4; i++) {
      double healthy = c[0][i] / (double) c[0][0];
      double distressed = c[1][i] / (double) c[1][0];
      assertThat(distressed).as("%s per business-month: distressed %.4f vs healthy %.4f", what[i], distressed, healthy)
          .isGreaterThan(3 * healthy);
      assertThat(healthy).as("healthy businesses show some %s too: the signal is noisy", what[i]).isPositive();
    }
  }

  @Test
  void aLoanTurnsNonPerformingInTheMonthOfItsEvent() {
    int checked = 0;
    for (Business b : FIRMS) {
      LocalDate event = b.events().stream().filter(e -> e.type() == AdverseEvent.Type.LOAN_NON_PERFORMING)
          .map(AdverseEvent::date).findFirst().orElse(null);
      if (event == null || event.isBefore(FIRST.plusMonths(1).atDay(1)) || event.isAfter(FIRST.plusMonths(MONTHS - 1).atDay(1))) {
        continue;
      }
      YearMonth month = YearMonth.from(event);
      List<String> now = classes(b, month);
      LocalDate since = event.minusDays(91);
      boolean ranThen = WORLD.facts(Source.LOAN, b, month).stream().anyMatch(f -> !((LocalDate) f.rec().get("start_date"))
          .isAfter(since) && ((LocalDate) f.rec().get("maturity_date")).isAfter(since));
      if (!ranThen) {
        continue; // no loan ran when its arrears began: the event is noise in the records
      }
      assertThat(now).as("%s in %s, the month of its event", b.uscc(), month).containsAnyOf("SUBSTANDARD", "DOUBTFUL", "LOSS");
      assertThat(classes(b, month.minusMonths(1))).as("%s the month before", b.uscc())
          .doesNotContain("SUBSTANDARD", "DOUBTFUL", "LOSS");
      checked++;
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void dishonestListingsArriveAsEnforcementCasesWithAnExpiry() {
    int checked = 0;
    for (Business b : FIRMS) {
      for (AdverseEvent e : b.events()) {
        if (e.type() != AdverseEvent.Type.DISHONEST_LISTED || e.date().isBefore(FIRST.atDay(1))
            || e.date().isAfter(FIRST.plusMonths(MONTHS - 1).atEndOfMonth())) {
          continue;
        }
        List<Fact> listed = new ArrayList<>();
        for (int back = 0; back <= 3; back++) {
          WORLD.facts(Source.LITIGATION, b, YearMonth.from(e.date()).minusMonths(back)).stream()
              .filter(f -> f.update() != null && e.date().equals(f.update().get("dishonest_listed_date")))
              .forEach(listed::add);
        }
        assertThat(listed).as("%s listed on %s", b.uscc(), e.date()).hasSize(1);
        Fact f = listed.get(0);
        assertThat(f.rec().get("case_type")).isEqualTo("ENFORCEMENT");
        assertThat(f.rec().get("dishonest_listed_date")).as("the case is reported before the listing").isNull();
        assertThat(f.updateReady()).isEqualTo(e.date());
        assertThat((LocalDate) f.update().get("dishonest_expiry_date")).isAfterOrEqualTo(e.date().plusYears(2));
        assertThat((LocalDate) f.rec().get("filing_date")).isBefore(e.date());
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  void aRunningLoanIsReportedEveryMonthUnderTheSameId() {
    int checked = 0;
    for (Business b : FIRMS) {
      if (!b.hasLoans()) {
        continue;
      }
      for (int m = 0; m < 12; m++) {
        YearMonth month = FIRST.plusMonths(m);
        LocalDate next = month.plusMonths(1).atDay(1);
        Set<Object> nextIds = new HashSet<>();
        WORLD.facts(Source.LOAN, b, month.plusMonths(1)).forEach(f -> nextIds.add(f.rec().get("loan_id")));
        for (Fact f : WORLD.facts(Source.LOAN, b, month)) {
          boolean running = !((LocalDate) f.rec().get("maturity_date")).isBefore(next)
              && (b.endedOn() == null || b.endedOn().isAfter(next));
          if (running) {
            assertThat(nextIds).as("%s in %s", f.rec().get("loan_id"), month.plusMonths(1)).contains(f.rec().get("loan_id"));
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void aLaterVersionChangesOnlyWhatHappened() {
    int checked = 0;
    for (Business b : FIRMS) {
      for (Fact f : WORLD.facts(Source.LITIGATION, b, FIRST.plusMonths(3))) {
        if (f.update() == null) {
          continue;
        }
        for (String field : List.of("case_no", "uscc", "party_role", "case_type", "cause", "amount", "filing_date")) {
          assertThat(f.update().get(field)).as("%s of %s's judgment", field, f.rec().get("case_no")).isEqualTo(f.rec().get(field));
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void recordKeysAreUniqueByConstruction() {
    for (Source s : Source.values()) {
      Set<String> keys = new HashSet<>();
      World world = new World(5, FIRMS, FIRST.atDay(1));
      for (int m = 0; m < 12; m++) {
        for (Business b : FIRMS) {
          for (Fact f : world.facts(s, b, FIRST.plusMonths(m))) {
            String key = switch (s) {
              case REGISTRATION -> (String) f.rec().get("record_id");
              case TAX -> f.rec().get("uscc") + "|" + f.rec().get("tax_period") + "|" + f.rec().get("tax_type");
              case LOAN -> f.rec().get("loan_id") + "|" + f.rec().get("report_month");
              case LITIGATION -> f.rec().get("case_no") + "|" + f.rec().get("uscc") + "|" + f.rec().get("party_role");
            };
            assertThat(keys.add(key)).as("%s key %s once", s, key).isTrue();
          }
        }
      }
      assertThat(keys).as("%s records in a year", s).hasSizeGreaterThan(100);
    }
  }

  private static List<String> classes(Business b, YearMonth month) {
    return WORLD.facts(Source.LOAN, b, month).stream().map(f -> (String) f.rec().get("classification")).toList();
  }
}
