package io.creditlake.jobs.flag;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configured rule's shape on profile rows written by hand — each business sits on one side
 * of one rule's boundary at two snapshots (June 30, July 31) — and the flags expected written out:
 * thresholds are strict, "new" compares with the business's previous snapshot, and a business
 * with no previous snapshot counts from zero.
 */
class FlagRuleShapesTest {

  static final LocalDate JUN = LocalDate.of(2026, 6, 30);
  static final LocalDate JUL = LocalDate.of(2026, 7, 31);

  @TempDir
  static Path tmp;
  static TestLake lake;

  static final String CREDIT_D = TestLake.uscc(101);
  static final String ARREARS = TestLake.uscc(102);
  static final String SURGE = TestLake.uscc(103);
  static final String SLOW_RISE = TestLake.uscc(104);
  static final String NEWCOMER = TestLake.uscc(105);
  static final String OVERDUE = TestLake.uscc(106);
  static final String NO_TAX = TestLake.uscc(107);
  static final String LISTED = TestLake.uscc(108);
  static final String CLOSED = TestLake.uscc(109);

  /** A quiet, healthy, active business: no rule fires on it. */
  private static Map<String, Object> quiet(String uscc, LocalDate snapshot) {
    Map<String, Object> v = new HashMap<>();
    for (StructField f : ProfileFeatures.schema().fields()) {
      Object zero = null;
      if (f.dataType() instanceof DecimalType) {
        zero = BigDecimal.ZERO.setScale(2);
      } else if (f.dataType().equals(DataTypes.LongType)) {
        zero = 0L;
      } else if (f.dataType().equals(DataTypes.IntegerType)) {
        zero = 0;
      } else if (f.dataType().equals(DataTypes.BooleanType)) {
        zero = false;
      }
      v.put(f.name(), zero);
    }
    v.put(ProfileFeatures.SNAPSHOT_DATE, Date.valueOf(snapshot));
    v.put(ProfileFeatures.IS_MONTH_END, true);
    v.put(ProfileFeatures.USCC, uscc);
    v.put(ProfileFeatures.STATUS, "OPERATING");
    v.put(ProfileFeatures.IS_ACTIVE, true);
    v.put(ProfileFeatures.AGE_YEARS, 5.0);
    v.put(ProfileFeatures.HAS_TAX, true);
    v.put(ProfileFeatures.TAX_CREDIT_LEVEL, "B");
    v.put(ProfileFeatures.RUN_ID, "fixture");
    v.put(ProfileFeatures.COMPUTED_AT, new Timestamp(0));
    return v;
  }

  private static Row row(String uscc, LocalDate snapshot, Object... overrides) {
    Map<String, Object> v = quiet(uscc, snapshot);
    for (int i = 0; i < overrides.length; i += 2) {
      v.put((String) overrides[i], overrides[i + 1]);
    }
    StructType schema = ProfileFeatures.schema();
    List<Object> values = new ArrayList<>();
    for (StructField f : schema.fields()) {
      values.add(v.get(f.name()));
    }
    return RowFactory.create(values.toArray());
  }

  @BeforeAll
  static void profiles() {
    lake = new TestLake(tmp);
    List<Row> rows = List.of(
        row(CREDIT_D, JUN, ProfileFeatures.TAX_CREDIT_LEVEL, "D"),
        row(CREDIT_D, JUL, ProfileFeatures.TAX_CREDIT_LEVEL, "D"),
        row(ARREARS, JUN, ProfileFeatures.TAX_OVERDUE_NOW, new BigDecimal("10000.00")),
        row(ARREARS, JUL, ProfileFeatures.TAX_OVERDUE_NOW, new BigDecimal("10000.01")),
        row(SURGE, JUN, ProfileFeatures.LIT_DEFENDANT_CASES_1Y, 1L),
        row(SURGE, JUL, ProfileFeatures.LIT_DEFENDANT_CASES_1Y, 3L),
        row(SLOW_RISE, JUN, ProfileFeatures.LIT_DEFENDANT_CASES_1Y, 2L),
        row(SLOW_RISE, JUL, ProfileFeatures.LIT_DEFENDANT_CASES_1Y, 3L),
        row(NEWCOMER, JUL, ProfileFeatures.LIT_DEFENDANT_CASES_1Y, 3L),
        row(OVERDUE, JUN, ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_NOW, 30),
        row(OVERDUE, JUL, ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_NOW, 31, ProfileFeatures.LOAN_NPL_BALANCE,
            new BigDecimal("0.01")),
        row(NO_TAX, JUN, ProfileFeatures.HAS_TAX, false, ProfileFeatures.AGE_YEARS, 1.0),
        row(NO_TAX, JUL, ProfileFeatures.HAS_TAX, false, ProfileFeatures.AGE_YEARS, 1.08),
        row(LISTED, JUN, ProfileFeatures.ABNORMAL_ON_LIST, true, ProfileFeatures.DISHONEST_NOW, true),
        row(LISTED, JUL, ProfileFeatures.ABNORMAL_ON_LIST, true),
        row(CLOSED, JUN, ProfileFeatures.HAS_TAX, false, ProfileFeatures.IS_ACTIVE, false, ProfileFeatures.STATUS,
            "DEREGISTERED"),
        row(CLOSED, JUL, ProfileFeatures.HAS_TAX, false, ProfileFeatures.IS_ACTIVE, false, ProfileFeatures.STATUS,
            "DEREGISTERED"));
    lake.spark().createDataFrame(rows, ProfileFeatures.schema()).write().format("delta")
        .save(lake.settings.lake().gold(ProfileFeatures.TABLE));
    new FlagsJob().run(lake.spark(), lake.range(JUN, JUL));
  }

  @Test
  void eachRuleFiresExactlyOnItsSideOfTheBoundary() {
    assertThat(lake.rows(lake.table("gold/risk_flags"), "snapshot_date", "uscc", "flag_code", "is_new")).containsExactly(
        "[2026-06-30," + CREDIT_D + ",TAX_CREDIT_D,true]",
        "[2026-06-30," + LISTED + ",DISHONEST_DEBTOR,true]",
        "[2026-06-30," + LISTED + ",NEW_ABNORMAL_LISTING,true]",
        "[2026-07-31," + CREDIT_D + ",TAX_CREDIT_D,false]",
        "[2026-07-31," + ARREARS + ",TAX_ARREARS,true]",
        "[2026-07-31," + SURGE + ",LAWSUIT_SURGE,true]",
        "[2026-07-31," + NEWCOMER + ",LAWSUIT_SURGE,true]",
        "[2026-07-31," + OVERDUE + ",LOAN_OVERDUE_30,true]",
        "[2026-07-31," + OVERDUE + ",NPL_LOAN,true]",
        "[2026-07-31," + NO_TAX + ",NO_TAX_RECORD,true]");
  }

  @Test
  void theEvidenceHoldsThePreviousSnapshotsValueWhereTheRuleReadsIt() {
    assertThat(lake.rows(lake.table("gold/risk_flags").filter("flag_code IN ('LAWSUIT_SURGE', 'TAX_ARREARS')"),
        "uscc", "cast(evidence as string)")).containsExactly(
        "[" + ARREARS + ",{tax_overdue_now -> 10000.01}]",
        "[" + SURGE + ",{lit_defendant_cases_1y -> 3, prev_lit_defendant_cases_1y -> 1}]",
        "[" + NEWCOMER + ",{lit_defendant_cases_1y -> 3, prev_lit_defendant_cases_1y -> null}]");
  }
}
