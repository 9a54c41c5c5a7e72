package io.creditlake.jobs.profile;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.ingest.IngestJob;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles on a small history written the way departments send it and loaded by ingest: every
 * feature's value at each snapshot written out by hand, and the point-in-time rules — a June
 * record that arrives in August is absent from July's snapshot and present in August's; a
 * correction sent in August changes August's snapshot, not July's.
 */
class ProfilesJobTest {

  static final String U1 = GoldFixture.U1;
  static final String U2 = GoldFixture.U2;
  static final LocalDate LATEST = GoldFixture.LATEST;
  static final LocalDate JUN = GoldFixture.JUN;
  static TestLake lake;

  @BeforeAll
  static void history() throws Exception {
    lake = GoldFixture.lake();
  }

  private static List<String> profile(String uscc, String... columns) {
    return lake.rows(lake.table("gold/entity_profiles").filter("uscc = '" + uscc + "'").orderBy("snapshot_date"), columns);
  }

  @Test
  void registrationAndAbnormalList() {
    assertThat(profile(U1, "snapshot_date", "is_month_end", "name", "entity_type", "industry_code",
        "industry_section", "district_code", "registered_capital", "founding_date", "status", "is_active", "age_years",
        "legal_rep_changes_12m")).containsExactly(
        "[2026-06-30,true,深圳市华信科技有限公司,ENTERPRISE,I6510,I,440305,1000000.00,2015-03-02,OPERATING,true,11.33,0]",
        "[2026-07-31,true,深圳市华信科技有限公司,ENTERPRISE,I6510,I,440305,1000000.00,2015-03-02,OPERATING,true,11.41,0]",
        "[2026-08-20,false,深圳市华信科技有限公司,ENTERPRISE,I6510,I,440305,1000000.00,2015-03-02,OPERATING,true,11.47,1]");
    assertThat(profile(U2, "snapshot_date", "abnormal_on_list", "abnormal_times_listed", "abnormal_days_listed")).containsExactly(
        "[2026-06-30,false,0,0]",
        "[2026-07-31,true,1,28]",
        "[2026-08-20,false,1,33]");
  }

  @Test
  void taxPointInTime() {
    assertThat(profile(U1, "snapshot_date", "tax_filings_12m", "tax_declared_12m", "tax_paid_12m", "tax_overdue_now",
        "tax_late_filings_12m", "has_tax")).containsExactly(
        "[2026-06-30,0,0.00,0.00,0.00,0,false]",
        "[2026-07-31,1,1000.00,1000.00,0.00,0,true]",
        "[2026-08-20,2,3000.00,2400.00,500.00,1,true]");
    assertThat(profile(U2, "snapshot_date", "tax_filings_12m", "tax_declared_12m", "tax_credit_level", "has_tax"))
        .as("June's filing arrived in August: absent in July, present in August").containsExactly(
        "[2026-06-30,0,0.00,null,false]",
        "[2026-07-31,0,0.00,null,false]",
        "[2026-08-20,1,300.00,A,true]");
  }

  @Test
  void loansAndLitigation() {
    assertThat(profile(U1, "snapshot_date", "loans_active", "loan_balance", "loan_npl_balance", "loan_worst_class",
        "loan_max_days_overdue_now", "loan_max_days_overdue_12m", "has_loan")).containsExactly(
        "[2026-06-30,0,0.00,0.00,null,0,0,false]",
        "[2026-07-31,1,500000.00,0.00,NORMAL,0,0,true]",
        "[2026-08-20,1,400000.00,400000.00,SUBSTANDARD,95,95,true]");
    assertThat(profile(U1, "snapshot_date", "lit_defendant_cases_1y", "lit_defendant_cases_3y", "lit_defendant_amount_1y",
        "lit_enforcement_cases_3y", "dishonest_now", "has_litigation")).containsExactly(
        "[2026-06-30,0,0,0.00,0,false,false]",
        "[2026-07-31,1,1,1000.00,0,false,true]",
        "[2026-08-20,2,2,3000.00,1,true,true]");
    assertThat(profile(U2, "snapshot_date", "loans_active", "lit_defendant_cases_3y", "dishonest_now", "has_loan"))
        .as("no records: explicit zeros").containsExactly(
        "[2026-06-30,0,0,false,false]", "[2026-07-31,0,0,false,false]", "[2026-08-20,0,0,false,false]");
  }

  @Test
  void abnormalListHistoryAndStats() {
    assertThat(lake.rows(lake.table("gold/abnormal_list_history").orderBy("event_date"),
        "uscc", "action", "event_date", "ground", "removed_on", "days_listed")).containsExactly(
        "[" + U2 + ",ADDED,2026-07-03,未按规定报送年度报告,2026-08-05,33]",
        "[" + U2 + ",REMOVED,2026-08-05,补报未报年份的年度报告并公示,null,null]");
    assertThat(lake.rows(lake.table("gold/abnormal_list_stats").orderBy("month_end"),
        "month_end", "district_code", "industry_section", "on_list", "added", "removed")).containsExactly(
        "[2026-07-31,440305,F,1,1,0]",
        "[2026-08-31,440305,F,0,0,1]");
  }

  @Test
  void rerunningAnotherDayKeepsMonthEndsAndReplacesTheLatestDay() {
    try {
      new ProfilesJob().run(lake.spark(), lake.day(LocalDate.of(2026, 8, 19)));
      assertThat(lake.rows(lake.table("gold/entity_profiles").groupBy("snapshot_date").count().orderBy("snapshot_date"),
          "snapshot_date", "count")).containsExactly("[2026-06-30,2]", "[2026-07-31,2]", "[2026-08-19,2]");
    } finally {
      new ProfilesJob().run(lake.spark(), lake.day(LATEST));
    }
  }

  @Test
  void aSnapshotLongAfterTheRecordsSweepsOnlyWhatTheWindowsHoldAndAgreesWithARange() {
    CreditLakeConfig config = lake.settings.config();
    LakeLayout layout = lake.settings.lake();
    String[] columns = Arrays.stream(ProfileFeatures.schema().fieldNames())
        .filter(c -> !c.equals("_run_id") && !c.equals("_computed_at")).toArray(String[]::new);
    // a year on: June's tax period and loan report have left the 12-month windows (on July 20 the
    // July report of 2026 is still in); two years on, every tax filing has left the credit
    // level's 24 months and every loan report its 12
    for (LocalDate d : List.of(LocalDate.of(2027, 6, 30), LocalDate.of(2027, 7, 20), LocalDate.of(2027, 7, 31),
        LocalDate.of(2028, 7, 31))) {
      Dataset<Row> alone = ProfilesJob.profiles(lake.spark(), layout, config, Snapshots.of(d, d), "one");
      Dataset<Row> inRange = ProfilesJob.profiles(lake.spark(), layout, config, Snapshots.of(JUN, d), "range")
          .filter(col("snapshot_date").equalTo(java.sql.Date.valueOf(d)));
      assertThat(lake.rows(alone, columns)).as("%s", d).hasSize(2).isEqualTo(lake.rows(inRange, columns));
    }
    LocalDate later = LocalDate.of(2028, 7, 31);
    assertThat(lake.rows(ProfilesJob.profiles(lake.spark(), layout, config, Snapshots.of(later, later), "one"),
        "uscc", "has_tax", "tax_filings_12m", "tax_credit_level", "has_loan", "loans_active"))
        .containsExactly("[" + U1 + ",true,0,null,true,0]", "[" + U2 + ",true,0,null,false,0]");
    assertThat(ProfilesJob.sweepInput(lake.spark(), layout, config, Snapshots.of(later, later), 2)
        .filter("tax IS NOT NULL").count()).as("one row for each business's forgotten tax versions").isEqualTo(3);
    assertThat(ProfilesJob.sweepInput(lake.spark(), layout, config, Snapshots.of(JUN, later), 2)
        .filter("tax IS NOT NULL").count()).as("every version, from June 2026 on").isEqualTo(5);
  }

  @Test
  void forgottenVersionsStillSayFromWhenTheBusinessHasARecord(@TempDir Path tmp) throws Exception {
    // two filings for periods of 2020, long out of every window, arriving in February and March 2027
    TestLake late = new TestLake(tmp);
    late.writeParquet(Source.REGISTRATION, LocalDate.of(2027, 2, 10), "registration_SZAMR.parquet",
        GoldFixture.REGISTRATION, List.of(GoldFixture.reg("R1", U1, "2015-03-02", "设立登记", "2015-03-02", null, null,
            "2027-02-10")));
    late.write(Source.TAX, LocalDate.of(2027, 2, 10), "tax_SZTAX.csv", GoldFixture.GBK, GoldFixture.TAX_HEADER,
        U1 + ",20200131,增值税,20200215,20200210,10.00,10.00,0.00,,,SZTAX,20270210");
    late.write(Source.TAX, LocalDate.of(2027, 3, 10), "tax_SZTAX.csv", GoldFixture.GBK, GoldFixture.TAX_HEADER,
        U1 + ",20200229,增值税,20200315,20200310,10.00,10.00,0.00,,,SZTAX,20270310");
    assertThat(new IngestJob(List.of("registration", "tax")).run(late.spark(),
        late.range(LocalDate.of(2027, 2, 10), LocalDate.of(2027, 3, 10))).succeeded()).isTrue();
    Snapshots snaps = Snapshots.of(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 4, 30));

    assertThat(late.rows(ProfilesJob.profiles(late.spark(), late.settings.lake(), late.settings.config(), snaps, "r"),
        "snapshot_date", "has_tax", "tax_filings_12m")).as("known from February: the earlier of the two")
        .containsExactly("[2027-02-28,true,0]", "[2027-03-31,true,0]", "[2027-04-30,true,0]");
    assertThat(ProfilesJob.sweepInput(late.spark(), late.settings.lake(), late.settings.config(), snaps, 2)
        .filter("tax IS NOT NULL").count()).isEqualTo(1);
  }

  @Test
  void theSweepsSnapshotIndexIsSparks() {
    Snapshots snaps = Snapshots.of(LocalDate.of(2026, 6, 1), LATEST);
    List<String> dates = List.of("2025-12-31", "2026-06-01", "2026-06-30", "2026-07-01", "2026-08-20", "2026-08-21");
    List<Row> spark = lake.spark().createDataset(dates, Encoders.STRING()).select(col("value").cast("date").as("d"))
        .select(col("d"), snaps.indexOf(col("d"))).collectAsList();
    assertThat(spark).hasSize(dates.size()).allSatisfy(r ->
        assertThat(snaps.indexOf((int) r.getDate(0).toLocalDate().toEpochDay())).as(r.toString()).isEqualTo(r.getInt(1)));
  }
}
