package io.creditlake.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.Generator;
import io.creditlake.jobs.generate.GeneratorTest;
import io.creditlake.jobs.ingest.IngestJob;
import io.creditlake.jobs.profile.GoldFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Submission rates: every formula on the gold fixture by hand, and the generator's truth on a generated city. */
class RatesJobTest {

  @Test
  void julyOfTheFixtureByHand() throws Exception {
    TestLake lake = GoldFixture.lake();
    RatesResult r = new RatesJob(YearMonth.of(2026, 7)).run(lake.spark(), lake.day(GoldFixture.LATEST));
    // tax: two businesses active in July (U3 is not registered), one July filing received, on time
    // (by August 31); the registry, the bank and the court: one record each, on time, complete
    assertThat(lake.rows(lake.table("gold/submission_rates").orderBy("rank_overall", "source"),
        "source", "unit", "expected", "received", "on_time", "valid", "optional_filled", "optional_total",
        "coverage", "timeliness", "validity", "completeness", "score", "rank_in_source", "rank_overall")).containsExactly(
        "[litigation,C03,1,1,1,1,2,2,1.0,1.0,1.0,1.0,100.0,1,1]",
        "[loan,B05,1,1,1,1,5,5,1.0,1.0,1.0,1.0,100.0,1,1]",
        "[registration,SZAMR,1,1,1,1,5,5,1.0,1.0,1.0,1.0,100.0,1,1]",
        "[tax,SZTAX,2,1,1,1,4,4,0.5,1.0,1.0,1.0,80.0,1,2]");
    assertThat(r.units()).hasSize(4);
    assertThat(r.units().get(r.units().size() - 1).unit()).isEqualTo("SZTAX");
  }

  /** The generator's units, scored by the pipeline, against what the generator says they did. */
  @Test
  void everyUnitsRatesMatchTheGeneratorsTruthWithinOnePoint(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    GenerateOptions options = new GenerateOptions(lake.input, 5_000, YearMonth.of(2025, 1), 7, 5, 3, 0.01, 0.01, false);
    new Generator(options, GeneratorTest.CONFIG).run();
    new IngestJob(List.of()).run(lake.spark(), lake.range(options.start(), options.end()));
    YearMonth period = YearMonth.of(2025, 3);
    RatesResult r = new RatesJob(period).run(lake.spark(), lake.day(options.end()));

    Map<String, double[]> truth = new TreeMap<>();
    for (String line : Files.readAllLines(lake.input.resolve("_truth/rates.csv")).stream().skip(1).toList()) {
      String[] f = line.split(",");
      if (f[2].equals(period.toString())) {
        double[] c = new double[6];
        for (int i = 0; i < 6; i++) {
          c[i] = Double.parseDouble(f[3 + i]);
        }
        truth.put(f[0], new double[] {c[1] / c[0], c[2] / c[1], c[3] / c[1], c[4] / c[5]});
      }
    }
    assertThat(r.units()).extracting(RatesResult.UnitRate::unit).containsExactlyInAnyOrderElementsOf(truth.keySet());
    for (RatesResult.UnitRate u : r.units()) {
      double[] t = truth.get(u.unit());
      assertThat(u.coverage()).as("%s coverage", u.unit()).isCloseTo(t[0], within(0.01));
      assertThat(u.timeliness()).as("%s timeliness", u.unit()).isCloseTo(t[1], within(0.01));
      assertThat(u.validity()).as("%s validity", u.unit()).isCloseTo(t[2], within(0.01));
      assertThat(u.completeness()).as("%s completeness", u.unit()).isCloseTo(t[3], within(0.01));
    }
    // the units differ: the league table has a top and a bottom
    assertThat(r.units().get(0).score() - r.units().get(r.units().size() - 1).score()).isGreaterThan(10);
  }
}
