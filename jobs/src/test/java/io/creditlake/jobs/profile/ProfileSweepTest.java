package io.creditlake.jobs.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.domain.Source;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.profile.ProfileSweep.Lit;
import io.creditlake.jobs.profile.ProfileSweep.Loan;
import io.creditlake.jobs.profile.ProfileSweep.Reg;
import io.creditlake.jobs.profile.ProfileSweep.Tax;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * The sweep on hand-made versions, without Spark: each window closes at its snapshot, a field a
 * later record leaves empty is not erased, ties are settled the same way every run. The Spark
 * side (snapshot ranges from silver) is covered by {@link ProfilesJobTest}.
 */
class ProfileSweepTest {

  private static final List<LocalDate> SNAPS = List.of(LocalDate.of(2026, 6, 30), LocalDate.of(2026, 7, 31),
      LocalDate.of(2026, 8, 20));
  private static final int NEVER = SNAPS.size();
  private static final ProfileSweep SWEEP = new ProfileSweep(SNAPS);
  private static final int STATUS = 6;

  private static int day(String date) {
    return (int) LocalDate.parse(date).toEpochDay();
  }

  private static Reg reg(int from, String event, String recordId, String type, String changeItem, int repUntil,
      String name, String status) {
    Object[] state = new Object[7];
    state[0] = name;
    state[STATUS] = status;
    return new Reg(from, NEVER, day(event), day(event), recordId, type, changeItem, repUntil, state);
  }

  private static List<Row> sweep(List<Reg> regs, List<Tax> taxes, List<Loan> loans, List<Lit> lits) {
    return SWEEP.sweep("U", new ArrayList<>(regs), new ArrayList<>(taxes), new ArrayList<>(loans), new ArrayList<>(lits),
        taxes.stream().mapToInt(Tax::lo).min().orElse(NEVER), loans.stream().mapToInt(Loan::lo).min().orElse(NEVER),
        lits.stream().mapToInt(Lit::lo).min().orElse(NEVER));
  }

  private static Object at(List<Row> rows, int snapshot, String column) {
    Row r = rows.stream().filter(x -> x.getInt(1) == snapshot).findFirst().orElseThrow();
    return r.get(ProfileSweep.output().fieldIndex(column));
  }

  private static final Reg REGISTERED = reg(0, "2015-03-02", "R1", "REGISTERED", null, NEVER, "华信", "OPERATING");

  @Test
  void noRowBeforeTheFirstVisibleRegistryRecordAndNoFieldErasedByAnEmptyOne() {
    List<Row> rows = sweep(List.of(reg(1, "2015-03-02", "R1", "REGISTERED", null, NEVER, "华信", "OPERATING"),
        reg(2, "2026-08-01", "R2", "CHANGED", "法定代表人", NEVER, null, null)), List.of(), List.of(), List.of());
    assertThat(rows).extracting(r -> r.getInt(1)).containsExactly(1, 2);
    assertThat(((Row) at(rows, 2, "_state")).getString(0)).isEqualTo("华信");
    assertThat(((Row) at(rows, 2, "_state")).getString(STATUS)).isEqualTo("OPERATING");
    assertThat(at(rows, 2, ProfileFeatures.LEGAL_REP_CHANGES_12M)).isEqualTo(1L);
  }

  @Test
  void legalRepresentativeChangesLeaveTheWindowAtTheirSnapshot() {
    List<Row> rows = sweep(List.of(REGISTERED, reg(0, "2025-07-15", "R2", "CHANGED", "法定代表人", 1, null, null)),
        List.of(), List.of(), List.of());
    assertThat(at(rows, 0, ProfileFeatures.LEGAL_REP_CHANGES_12M)).isEqualTo(1L);
    assertThat(at(rows, 1, ProfileFeatures.LEGAL_REP_CHANGES_12M)).isEqualTo(0L);
  }

  @Test
  void abnormalListDaysRunUntilTheRemovalOrTheSnapshot() {
    List<Row> rows = sweep(List.of(REGISTERED, reg(1, "2026-07-03", "A1", "ABNORMAL_ADDED", null, NEVER, null, null),
        reg(2, "2026-08-05", "A2", "ABNORMAL_REMOVED", null, NEVER, null, null)), List.of(), List.of(), List.of());
    assertThat(at(rows, 0, "_abnormal_last")).isNull();
    assertThat(at(rows, 1, "_abnormal_last")).isEqualTo("ABNORMAL_ADDED");
    assertThat(at(rows, 1, ProfileFeatures.ABNORMAL_DAYS_LISTED)).isEqualTo(28L);
    assertThat(at(rows, 2, "_abnormal_last")).isEqualTo("ABNORMAL_REMOVED");
    assertThat(at(rows, 2, ProfileFeatures.ABNORMAL_DAYS_LISTED)).isEqualTo(33L);
    assertThat(at(rows, 2, ProfileFeatures.ABNORMAL_TIMES_LISTED)).isEqualTo(1L);
  }

  @Test
  void taxOverdueIsTheLatestPeriodsSummedOverItsTaxTypesAndTheLevelTheLatestYears() {
    List<Tax> taxes = List.of(
        new Tax(0, NEVER, NEVER, day("2026-05-31"), day("2026-06-10"), 70000, 0, 700, NEVER, "D", 2024),
        new Tax(0, NEVER, NEVER, day("2026-06-30"), day("2026-07-10"), 10000, 9700, 300, 2, "B", 2025),
        new Tax(0, 2, NEVER, day("2026-06-30"), day("2026-07-10"), 5000, 4800, 200, 0, null, null));
    List<Row> rows = sweep(List.of(REGISTERED), taxes, List.of(), List.of());
    assertThat(at(rows, 0, ProfileFeatures.TAX_OVERDUE_NOW)).isEqualTo(new BigDecimal("5.00"));
    assertThat(at(rows, 0, ProfileFeatures.TAX_DECLARED_12M)).isEqualTo(new BigDecimal("850.00"));
    assertThat(at(rows, 0, ProfileFeatures.TAX_FILINGS_12M)).isEqualTo(3L);
    assertThat(at(rows, 0, ProfileFeatures.TAX_LATE_FILINGS_12M)).isEqualTo(1L);
    assertThat(at(rows, 0, ProfileFeatures.TAX_CREDIT_LEVEL)).isEqualTo("B");
    assertThat(at(rows, 2, ProfileFeatures.TAX_FILINGS_12M)).as("the third filing's window closed").isEqualTo(2L);
    assertThat(at(rows, 2, ProfileFeatures.TAX_LATE_FILINGS_12M)).isEqualTo(1L);
    assertThat(at(rows, 2, ProfileFeatures.TAX_OVERDUE_NOW)).isEqualTo(new BigDecimal("3.00"));
    assertThat(at(rows, 0, "_tax_from")).isEqualTo(0);
  }

  @Test
  void aLoanWithoutBalanceOrArrearsIsNotCurrentAndGivesNoWorstClass() {
    Loan paidOff = new Loan(0, NEVER, "L1", day("2026-06-01"), 0, 0, 5);
    Loan overdue = new Loan(1, NEVER, "L2", day("2026-07-15"), 40000000, 95, 3);
    Loan earlier = new Loan(0, NEVER, "L2", day("2026-06-15"), 50000000, 0, 1);
    List<Row> rows = sweep(List.of(REGISTERED), List.of(), List.of(overdue, paidOff, earlier), List.of());
    assertThat(at(rows, 0, ProfileFeatures.LOANS_ACTIVE)).isEqualTo(1L);
    assertThat(at(rows, 0, ProfileFeatures.LOAN_WORST_CLASS)).isEqualTo("NORMAL");
    assertThat(at(rows, 0, ProfileFeatures.LOAN_BALANCE)).isEqualTo(new BigDecimal("500000.00"));
    assertThat(at(rows, 1, ProfileFeatures.LOAN_WORST_CLASS)).isEqualTo("SUBSTANDARD");
    assertThat(at(rows, 1, ProfileFeatures.LOAN_NPL_BALANCE)).isEqualTo(new BigDecimal("400000.00"));
    assertThat(at(rows, 1, ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_NOW)).isEqualTo(95);
    List<Row> onlyPaidOff = sweep(List.of(REGISTERED), List.of(), List.of(paidOff), List.of());
    assertThat(at(onlyPaidOff, 0, ProfileFeatures.LOANS_ACTIVE)).isEqualTo(0L);
    assertThat(at(onlyPaidOff, 0, ProfileFeatures.LOAN_WORST_CLASS)).isNull();
    assertThat(at(onlyPaidOff, 0, "_loan_from")).isEqualTo(0);
  }

  @Test
  void casesLeaveTheirWindowsAndTheDishonestListingEndsAtExpiry() {
    Lit lit = new Lit(0, NEVER, 1, true, false, 100000, 1, 2);
    List<Row> rows = sweep(List.of(REGISTERED), List.of(), List.of(), List.of(lit));
    assertThat(at(rows, 0, ProfileFeatures.LIT_DEFENDANT_CASES_1Y)).isEqualTo(1L);
    assertThat(at(rows, 1, ProfileFeatures.LIT_DEFENDANT_CASES_1Y)).isEqualTo(0L);
    assertThat(at(rows, 1, ProfileFeatures.LIT_DEFENDANT_AMOUNT_3Y)).isEqualTo(new BigDecimal("1000.00"));
    assertThat(List.of(at(rows, 0, ProfileFeatures.DISHONEST_NOW), at(rows, 1, ProfileFeatures.DISHONEST_NOW),
        at(rows, 2, ProfileFeatures.DISHONEST_NOW))).containsExactly(false, true, false);
    assertThat(at(rows, 0, "_loan_from")).isNull();
  }

  // ------------------------------------------------------------------ rows as Spark hands them over

  private static Row input(String uscc, long hash, int lo, Integer hi, int src, String key, String known, long line,
      Row struct) {
    return input(uscc, hash, lo, hi, src, key, known, known, "f.csv", line, struct);
  }

  private static Row input(String uscc, long hash, int lo, Integer hi, int src, String key, String known, String batch,
      String file, long line, Row struct) {
    Object[] v = new Object[ProfileSweep.INPUT.size()];
    v[0] = uscc;
    v[ProfileSweep.HASH] = hash;
    v[ProfileSweep.LO] = lo;
    v[ProfileSweep.HI] = hi;
    v[ProfileSweep.SRC] = src;
    v[ProfileSweep.KEY] = key;
    v[ProfileSweep.KNOWN] = day(known);
    v[ProfileSweep.BATCH] = day(batch);
    v[ProfileSweep.FILE] = file;
    v[ProfileSweep.LINE] = line;
    v[ProfileSweep.DATED] = true;
    v[ProfileSweep.STRUCTS + src] = struct;
    return RowFactory.create(v);
  }

  private static Row filing(long declared) {
    return RowFactory.create(NEVER, NEVER, day("2026-05-31"), day("2026-06-10"), declared, declared, 0L, NEVER, null,
        null);
  }

  private static Row registered(String name) {
    return RowFactory.create(0, day("2015-03-02"), day("2015-03-02"), "R-" + name, "REGISTERED", null, NEVER, name,
        null, null, null, null, null, "OPERATING");
  }

  @Test
  void aVersionHoldsUntilTheNextVersionOfItsRecordIsKnown() {
    List<Row> rows = List.of(
        input("U", 1, 2, null, 1, "U|2026-05|VAT", "2026-08-05", 1, filing(300)),
        input("U", 1, 0, null, 1, "U|2026-05|VAT", "2026-06-10", 7, filing(100)),
        input("U", 1, 1, null, 3, "U|2026-05|VAT", "2026-07-20", 1, null),
        input("U", 1, 0, 1, 2, "L1|2026-06", "2026-06-15", 1, null));
    assertThat(SWEEP.successors(rows)).as("another source's record of the same key replaces nothing; a range set "
        + "by record key is kept").containsExactly(NEVER, 2, NEVER, 1);
  }

  @Test
  void versionsKnownTheSameDayFollowBatchFileAndLine() {
    String k = "U|2026-06|VAT";
    List<Row> rows = List.of(
        input("U", 1, 1, null, 1, k, "2026-07-10", "2026-07-10", "b.csv", 2, filing(1)),
        input("U", 1, 1, null, 1, k, "2026-07-10", "2026-07-10", "b.csv", 1, filing(2)),
        input("U", 1, 1, null, 1, k, "2026-07-10", "2026-07-10", "a.csv", 9, filing(3)),
        input("U", 1, 1, null, 1, k, "2026-07-10", "2026-07-09", "c.csv", 1, filing(4)));
    assertThat(SWEEP.successors(rows)).as("the last by batch, then file, then line is never replaced")
        .containsExactly(NEVER, 1, 1, 1);
  }

  @Test
  void theSweepFindsSuccessorsOnlyWhereTheRecordKeyHoldsTheBusinessCode() {
    CreditLakeConfig config = new ConfigLoader(n -> null).load(TestLake.PROJECT_CONF);
    assertThat(Stream.of(Source.values()).filter(s -> ProfilesJob.keyedByBusiness(config, s)))
        .containsExactlyInAnyOrder(Source.TAX, Source.LITIGATION);
  }

  @Test
  void businessesWhoseHashesCollideAreSweptApart() {
    Iterator<Row> in = List.of(
        input("A", 7, 1, null, 1, "A|2026-05|VAT", "2026-07-10", 1, filing(100)),
        input("B", 7, 0, NEVER, 0, "R-乙", "2015-03-02", 1, registered("乙")),
        input("A", 7, 0, NEVER, 0, "R-甲", "2015-03-02", 1, registered("甲")),
        input("C", 9, 0, NEVER, 0, "R-丙", "2015-03-02", 1, registered("丙"))).iterator();
    List<String> out = new ArrayList<>();
    SWEEP.call(in).forEachRemaining(r -> out.add(r.getString(0) + r.getInt(1) + ((Row) r.get(2)).getString(0)
        + r.get(ProfileSweep.output().fieldIndex(ProfileFeatures.TAX_FILINGS_12M))));
    assertThat(out).containsExactly("A0甲0", "A1甲1", "A2甲1", "B0乙0", "B1乙0", "B2乙0",
        "C0丙0", "C1丙0", "C2丙0");
  }
}
