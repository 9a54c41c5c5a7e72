package io.creditlake.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.apache.spark.sql.functions.col;

import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.Generator;
import io.creditlake.jobs.generate.GeneratorTest;
import io.creditlake.jobs.ingest.IngestJob;
import io.creditlake.jobs.profile.GoldFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submission rates: every formula on the gold fixture by hand; on a generated city, the generator's
 * truth and several months in one pass against each month alone.
 */
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

  /**
   * July 2026 with late, broken, incomplete and missing records, every count and rate worked out
   * by hand. Tax (owed: a July filing by each of the three registered businesses, by August 31):
   * U1 on time and complete; U2 late (September 5) without filing date and arrears (2 of 4
   * optional fields); U3 on time but its declared amount is broken (quarantined). Loans (owed by
   * August 10): B01 reported L1 and L2 in June and only L1 in July; B02's June loan L3 matured in
   * June (not owed), its new loan L4 came late without lender and days overdue (3 of 5), and L5
   * came on time with a broken amount.
   */
  @Test
  void lateBrokenIncompleteAndMissingRecordsByHand(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    String u1 = TestLake.uscc(201);
    String u2 = TestLake.uscc(202);
    String u3 = TestLake.uscc(203);
    java.nio.charset.Charset gbk = java.nio.charset.Charset.forName("GBK");
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    java.time.LocalDate june1 = java.time.LocalDate.of(2026, 6, 1);
    lake.writeParquet(io.creditlake.common.domain.Source.REGISTRATION, june1, "registration_SZAMR.parquet",
        TestLake.REGISTRATION, List.of(registered("R1", u1, "2015-03-02"), registered("R2", u2, "2020-01-10"),
            registered("R3", u3, "2021-05-20")));
    var tax = io.creditlake.common.domain.Source.TAX;
    lake.write(tax, java.time.LocalDate.of(2026, 8, 20), "tax_SZTAX.csv", gbk, TestLake.TAX_HEADER,
        u1 + ",20260731,增值税,20260815,20260810,1000.00,1000.00,0.00,,,SZTAX,20260820",
        u3 + ",20260731,增值税,20260815,20260812,12x.00,50.00,0.00,,,SZTAX,20260820");
    lake.write(tax, java.time.LocalDate.of(2026, 9, 5), "tax_SZTAX.csv", gbk, TestLake.TAX_HEADER,
        u2 + ",20260731,增值税,20260815,,300.00,300.00,,,,SZTAX,20260905");
    var loan = io.creditlake.common.domain.Source.LOAN;
    lake.write(loan, java.time.LocalDate.of(2026, 7, 8), "loan_B01.csv", utf8, TestLake.LOAN_HEADER,
        "L1," + u1 + ",中国银行深圳分行,2026-06-30,600000.00,500000.00,2025-01-01,2027-01-01,0,正常,B01,2026-07-08",
        "L2," + u2 + ",中国银行深圳分行,2026-06-30,200000.00,150000.00,2025-06-01,2027-06-01,0,正常,B01,2026-07-08");
    lake.write(loan, java.time.LocalDate.of(2026, 7, 8), "loan_B02.csv", utf8, TestLake.LOAN_HEADER,
        "L3," + u3 + ",工商银行深圳分行,2026-06-30,80000.00,0.00,2025-06-15,2026-06-15,0,正常,B02,2026-07-08");
    lake.write(loan, java.time.LocalDate.of(2026, 8, 8), "loan_B01.csv", utf8, TestLake.LOAN_HEADER,
        "L1," + u1 + ",中国银行深圳分行,2026-07-31,600000.00,480000.00,2025-01-01,2027-01-01,0,正常,B01,2026-08-08");
    lake.write(loan, java.time.LocalDate.of(2026, 8, 9), "loan_B02.csv", utf8, TestLake.LOAN_HEADER,
        "L5," + u3 + ",工商银行深圳分行,2026-07-31,1O0000.00,50000.00,2026-01-01,2027-01-01,0,正常,B02,2026-08-09");
    lake.write(loan, java.time.LocalDate.of(2026, 8, 12), "loan_B02.csv", utf8, TestLake.LOAN_HEADER,
        "L4," + u3 + ",,2026-07-31,100000.00,100000.00,2026-07-05,2027-07-05,,正常,B02,2026-08-12");
    // L1's July report sent again, late and broken, after its valid delivery: the first delivery
    // still counts (received on time and valid), whatever order the two are read in
    lake.write(loan, java.time.LocalDate.of(2026, 8, 20), "loan_B01.csv", utf8, TestLake.LOAN_HEADER,
        "L1," + u1 + ",中国银行深圳分行,2026-07-31,6O0000.00,480000.00,2025-01-01,2027-01-01,0,正常,B01,2026-08-20");
    var ingested = new IngestJob(List.of()).run(lake.spark(), lake.range(june1, java.time.LocalDate.of(2026, 9, 5)));
    assertThat(ingested.sources().stream().mapToLong(s -> s.rowsQuarantined()).sum()).as("%s", ingested).isEqualTo(3);

    new RatesJob(YearMonth.of(2026, 7)).run(lake.spark(), lake.day(java.time.LocalDate.of(2026, 9, 5)));
    // tax: expected 3, received 3, on time 2, valid 2, optional 4 + 2 + 4 of 12:
    //   40 × 1 + 30 × 0.6667 + 20 × 0.6667 + 10 × 0.8333 = 81.67
    // B01: expected 2 (L1, L2), received 1, on time 1, valid 1, 5 of 5: 40 × 0.5 + 30 + 20 + 10 = 80
    // B02: expected 2 (L4, L5), received 2, on time 1, valid 1, 3 + 5 of 10: 40 + 15 + 10 + 8 = 73
    assertThat(lake.rows(lake.table("gold/submission_rates"), "rank_overall", "source", "unit", "expected", "received",
        "on_time", "valid", "optional_filled", "optional_total", "coverage", "timeliness", "validity", "completeness",
        "score", "rank_in_source")).containsExactly(
        "[1,tax,SZTAX,3,3,2,2,10,12,1.0,0.6667,0.6667,0.8333,81.67,1]",
        "[2,loan,B01,2,1,1,1,5,5,0.5,1.0,1.0,1.0,80.0,1]",
        "[3,loan,B02,2,2,1,1,8,10,1.0,0.5,0.5,0.8,73.0,2]");
  }

  private static org.apache.spark.sql.Row registered(String id, String uscc, String founded) {
    return org.apache.spark.sql.RowFactory.create(id, uscc, "深圳市测试" + id + "有限公司", "企业", "I6510",
        new java.math.BigDecimal("1000000.00"), "CNY", java.sql.Date.valueOf(founded), "440305", "张伟",
        "440305198001010011", "存续", "设立登记", java.sql.Date.valueOf(founded), null, null, "SZAMR",
        java.sql.Date.valueOf("2026-06-01"));
  }

  /** The generator's units, scored by the pipeline, against what the generator says they did. */
  @Test
  void everyUnitsRatesMatchTheGeneratorsTruthWithinOnePoint() throws Exception {
    TestLake lake = city();
    YearMonth period = YearMonth.of(2025, 3);
    RatesResult r = new RatesJob(period).run(lake.spark(), lake.day(CITY_END));

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

  /**
   * Months scored in one pass are row for row what each month scored alone gives — the first
   * month of history (nothing before it), the next, and one after a month not scored (its loans
   * carried over the gap) — and every month's active businesses, counted for all months at once,
   * are exactly the registry's: founded by the month's last day, not revoked or deregistered by its
   * first.
   */
  @Test
  void periodsScoredInOnePassEqualEachScoredAlone() throws Exception {
    TestLake lake = city();
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth p = YearMonth.of(2025, 1); !p.isAfter(YearMonth.from(CITY_END)); p = p.plusMonths(1)) {
      months.add(p);
    }
    Map<String, Long> registry = new TreeMap<>();
    List<Row> rows = lake.table("silver/registration")
        .select("uscc", "founding_date", "event_type", "status", "event_date").collectAsList();
    for (YearMonth p : months) {
      Date first = Date.valueOf(p.atDay(1));
      Date last = Date.valueOf(p.atEndOfMonth());
      Set<String> founded = new HashSet<>();
      Set<String> ended = new HashSet<>();
      for (Row r : rows) {
        if (!r.isNullAt(1) && !r.getDate(1).after(last)) {
          founded.add(r.getString(0));
        }
        boolean ends = "REVOKED".equals(r.getString(3)) || "DEREGISTERED".equals(r.getString(3));
        if ("STATUS_CHANGED".equals(r.getString(2)) && ends && !r.isNullAt(4) && !r.getDate(4).after(first)) {
          ended.add(r.getString(0));
        }
      }
      founded.removeAll(ended);
      registry.put(p.toString(), (long) founded.size());
    }
    Map<String, Long> counted = new TreeMap<>();
    new RatesJob(months).activeCounts(lake.spark(), lake.settings.lake()).collectAsList()
        .forEach(r -> counted.put(r.getString(0), r.getLong(1)));
    assertThat(counted).as("active businesses per month").isEqualTo(registry);
    assertThat(new HashSet<>(registry.values())).as("the city changes every month: %s", registry)
        .hasSize(months.size());

    List<YearMonth> periods = List.of(YearMonth.of(2025, 1), YearMonth.of(2025, 2), YearMonth.of(2025, 4));
    String[] columns = {"period", "source", "unit", "expected", "received", "on_time", "valid", "optional_filled",
        "optional_total", "coverage", "timeliness", "validity", "completeness", "score", "rank_in_source", "rank_overall"};
    // cleared, so that only what rates caches can show below (the tests share one session)
    lake.spark().catalog().clearCache();
    Map<YearMonth, List<String>> alone = new TreeMap<>();
    for (YearMonth p : periods) {
      new RatesJob(p).run(lake.spark(), lake.day(CITY_END));
      alone.put(p, lake.rows(rates(lake, p), columns));
    }
    assertThat(lake.spark().sharedState().cacheManager().isEmpty()).as("what rates cached for each period is released")
        .isTrue();
    RatesResult r = new RatesJob(List.of(periods.get(2), periods.get(0), periods.get(1))).run(lake.spark(),
        lake.day(CITY_END));
    assertThat(lake.spark().sharedState().cacheManager().isEmpty()).as("what rates cached for the pass is released")
        .isTrue();
    assertThat(r.periods()).containsExactly("2025-01", "2025-02", "2025-04");
    long written = 0;
    for (YearMonth p : periods) {
      assertThat(lake.rows(rates(lake, p), columns)).as("%s in one pass", p).hasSize(14)
          .containsExactlyElementsOf(alone.get(p));
      assertThat(rates(lake, p).select("_run_id").distinct().collectAsList()).extracting(x -> x.getString(0))
          .as("%s written by the pass", p).containsExactly(r.runId());
      assertThat(r.units(p.toString())).extracting(RatesResult.UnitRate::rankOverall).as("%s best first", p).isSorted();
      written += alone.get(p).size();
    }
    assertThat(r.units()).hasSize((int) written);
  }

  private static Dataset<Row> rates(TestLake lake, YearMonth p) {
    return lake.table("gold/submission_rates").filter(col("period").equalTo(p.toString()));
  }

  private static TestLake city;

  /** The city's last day of history. */
  private static final LocalDate CITY_END = LocalDate.of(2025, 7, 31);

  /** A generated city of 5,000 businesses, January to July 2025, ingested; built once per test JVM. */
  private static synchronized TestLake city() throws Exception {
    if (city == null) {
      TestLake lake = new TestLake(Files.createTempDirectory("creditlake-rates-city"));
      GenerateOptions options = new GenerateOptions(lake.input, 5_000, YearMonth.of(2025, 1), 7, 5, 3, 0.01, 0.01, false);
      new Generator(options, GeneratorTest.CONFIG).run();
      new IngestJob(List.of()).run(lake.spark(), lake.range(options.start(), CITY_END));
      city = lake;
    }
    return city;
  }
}
