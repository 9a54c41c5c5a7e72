package io.creditlake.jobs.flag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.config.FlagRule;
import io.creditlake.common.errors.ConfigException;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.profile.GoldFixture;
import io.creditlake.jobs.profile.ProfilesJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configured rules on the gold fixture's profiles (June 30, July 31, August 20), every flag
 * written out: which business, which rule, its evidence, and whether it is new.
 */
class FlagsJobTest {

  static final String U1 = GoldFixture.U1;
  static final String U2 = GoldFixture.U2;
  static TestLake lake;
  static FlagsResult result;

  @BeforeAll
  static void flag() throws Exception {
    lake = GoldFixture.lake();
    result = new FlagsJob().run(lake.spark(), lake.range(LocalDate.of(2026, 6, 1), GoldFixture.LATEST));
  }

  @Test
  void theConfiguredRulesRaiseExactlyTheseFlags() {
    assertThat(lake.rows(lake.table("gold/risk_flags").orderBy("snapshot_date", "uscc", "flag_code"),
        "snapshot_date", "uscc", "flag_code", "severity", "origin", "is_new")).containsExactly(
        "[2026-06-30," + U1 + ",NO_TAX_RECORD,LOW,rule,true]",
        "[2026-06-30," + U2 + ",NO_TAX_RECORD,LOW,rule,true]",
        "[2026-07-31," + U2 + ",NEW_ABNORMAL_LISTING,MEDIUM,rule,true]",
        "[2026-07-31," + U2 + ",NO_TAX_RECORD,LOW,rule,false]",
        "[2026-08-20," + U1 + ",DISHONEST_DEBTOR,HIGH,rule,true]",
        "[2026-08-20," + U1 + ",LOAN_OVERDUE_30,LOW,rule,true]",
        "[2026-08-20," + U1 + ",NPL_LOAN,HIGH,rule,true]");
    assertThat(result.flags()).isEqualTo(7);
    assertThat(result.newFlags()).isEqualTo(6);
    assertThat(result.byCode()).containsEntry("NO_TAX_RECORD", 3L);
  }

  @Test
  void aFlagCarriesTheValuesItsRuleRead() {
    assertThat(lake.rows(lake.table("gold/risk_flags").filter("flag_code IN ('NPL_LOAN', 'NEW_ABNORMAL_LISTING')")
        .orderBy("flag_code"), "flag_code", "cast(evidence as string) as evidence")).containsExactly(
        "[NEW_ABNORMAL_LISTING,{abnormal_on_list -> true, prev_abnormal_on_list -> false}]",
        "[NPL_LOAN,{loan_npl_balance -> 400000.00}]");
  }

  @Test
  void aRerunReplacesOnlyTheRulesOwnRows() {
    lake.spark().createDataFrame(List.of(RowFactory.create(Date.valueOf("2026-08-20"), U2, "MODEL_HIGH_RISK", "HIGH",
            "model", "score above the cut-off", Map.of(), true, "test", new Timestamp(0))), FlagsJob.SCHEMA)
        .write().format("delta").mode("append").save(lake.settings.lake().gold(FlagsJob.TABLE));
    new FlagsJob().run(lake.spark(), lake.day(GoldFixture.LATEST));
    assertThat(lake.rows(lake.table("gold/risk_flags").filter("snapshot_date = '2026-08-20'").orderBy("flag_code"),
        "flag_code", "origin")).containsExactly("[DISHONEST_DEBTOR,rule]", "[LOAN_OVERDUE_30,rule]", "[MODEL_HIGH_RISK,model]",
        "[NPL_LOAN,rule]");
  }

  @Test
  void theNextNightsFlagsAreNewOnlyWhenTheNightBeforeDidNotRaiseThem(@TempDir Path tmp) throws Exception {
    // a copy of the fixture's lake: the next night replaces the latest-day snapshot of August 20
    try (Stream<Path> files = Files.walk(lake.root)) {
      for (Path f : files.toList()) {
        Path to = tmp.resolve("lake").resolve(lake.root.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    TestLake copy = new TestLake(tmp);
    LocalDate next = GoldFixture.LATEST.plusDays(1);
    new FlagsJob().run(copy.spark(), copy.range(LocalDate.of(2026, 6, 1), GoldFixture.LATEST));
    new ProfilesJob().run(copy.spark(), copy.day(next));
    FlagsResult night = new FlagsJob().run(copy.spark(), copy.day(next));
    assertThat(copy.rows(copy.table("gold/risk_flags").filter("snapshot_date = '2026-08-21'"), "uscc", "flag_code",
        "is_new")).containsExactly("[" + U1 + ",DISHONEST_DEBTOR,false]", "[" + U1 + ",LOAN_OVERDUE_30,false]",
        "[" + U1 + ",NPL_LOAN,false]");
    assertThat(night.newFlags()).as("raised on August 20 already, though the profiles now go from July 31 to August 21")
        .isZero();
  }

  @Test
  void aRuleThatDoesNotParseOrReadsNoProfileColumnStopsTheJobWithItsCode() {
    assertThatThrownBy(() -> FlagsJob.compile(lake.spark(), List.of(
        new FlagRule("BROKEN", "HIGH", "x", "loan_npl_balance >"),
        new FlagRule("UNKNOWN_COLUMN", "HIGH", "x", "loan_npl > 0"),
        new FlagRule("NOT_A_CONDITION", "LOW", "x", "loan_balance + 1"),
        new FlagRule("FINE", "LOW", "x", "loan_balance > 0"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("flag rule BROKEN: 'loan_npl_balance >'")
        .hasMessageContaining("flag rule UNKNOWN_COLUMN: 'loan_npl > 0'").hasMessageContaining("loan_npl")
        .hasMessageContaining("flag rule NOT_A_CONDITION: 'when' must be a condition");
  }
}
