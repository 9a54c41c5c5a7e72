package io.creditlake.jobs.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One business's profiles at every snapshot, from all its record versions in one sweep.
 *
 * <p>Each version arrives with the snapshot indexes it matters at worked out by Spark (when it
 * became current, when each feature's window forgets it; when a later version replaced it, if its
 * source's successors were found by record key), so after finding the other versions' successors
 * ({@link #successors}) this class compares integers only: for each snapshot it walks the
 * business's versions and keeps those in range. A business has tens of versions and a run a few
 * dozen snapshots; the earlier plan instead spread every version over every snapshot it counts in
 * and aggregated the spread, which shuffled about 20 rows per version.
 *
 * <p>The input rows have the columns of {@link #INPUT}, with one struct per source of which
 * exactly one is set; a partition holds whole businesses, each business's rows together. The
 * output rows have
 * {@link #output()}, the aggregates {@link ProfileFeatures} turns into the table.
 */
final class ProfileSweep implements MapPartitionsFunction<Row, Row> {

  // positions in the per-source structs, in the order ProfilesJob builds them
  static final List<String> REG = List.of("_from", "_event_day", "_known_day", "record_id", "event_type",
      "change_item", "_rep_until", "name", "entity_type", "industry_code", "district_code", "registered_capital",
      "founding_date", "status");
  static final List<String> TAX = List.of("_until12", "_until24", "_period_day", "_known_day", "_declared",
      "_paid", "_overdue", "_late_from", "credit_level", "credit_year");
  static final List<String> LOAN = List.of("_until12", "loan_id", "_report_day", "_balance", "days_overdue", "_rank");
  static final List<String> LIT = List.of("_until36", "_until12", "_defendant", "_enforcement", "_amount",
      "_listed_from", "_listed_until");

  /**
   * The input: business code and its hash (the partitions' sort key); the version's
   * {@code [lo, hi)} snapshot range, {@code hi} null unless its source's successors were found by
   * record key; what orders a record's versions, as silver orders them (source, record key,
   * known-since day, batch day, file, line; null when {@code hi} is set); whether it has its
   * window's date; and its source's struct.
   */
  static final List<String> INPUT = List.of("uscc", "_uscc_hash", "_lo", "_hi", "_src", "_record_key", "_known_day",
      "_batch_day", "_source_file", "_line", "_dated", "reg", "tax", "loan", "lit");
  static final int HASH = 1;
  static final int LO = 2;
  static final int HI = 3;
  static final int SRC = 4;
  static final int KEY = 5;
  static final int KNOWN = 6;
  static final int BATCH = 7;
  static final int FILE = 8;
  static final int LINE = 9;
  static final int DATED = 10;
  static final int STRUCTS = 11;

  /**
   * A record's versions in the order they replace one another: {@code ProfilesJob.source}'s
   * window by record key in Java. File names compare as Java strings, not UTF-8 bytes: they differ
   * only past U+FFFF, and the file only breaks ties of key, known-since and batch.
   */
  private static final Comparator<Row> VERSION_ORDER = Comparator.<Row>comparingInt(r -> r.getInt(SRC))
      .thenComparing(r -> r.getString(KEY)).thenComparingInt(r -> r.getInt(KNOWN))
      .thenComparingInt(r -> r.getInt(BATCH)).thenComparing(r -> r.getString(FILE))
      .thenComparingLong(r -> r.getLong(LINE));

  /** The five loan classes, best first: a loan's rank is its position from 1. */
  static final List<String> CLASSES = List.of("NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS");
  /** Substandard and worse are non-performing. */
  private static final int NPL_RANK = 3;
  private static final int WIDTH = 28;

  private final Snapshots snaps;
  private final int[] snapDays;
  private final int[] loanCutoffDays;

  /** @param snapshots the run's snapshot dates */
  ProfileSweep(List<LocalDate> snapshots) {
    snaps = new Snapshots(snapshots);
    snapDays = snapshots.stream().mapToInt(d -> (int) d.toEpochDay()).toArray();
    // a loan is current at a snapshot if its latest report is after the snapshot date less two months
    loanCutoffDays = snapshots.stream().mapToInt(d -> (int) d.minusMonths(2).toEpochDay()).toArray();
  }

  /** The output schema: what {@link ProfileFeatures#select} reads. */
  static StructType output() {
    DataType amount = io.creditlake.common.lake.Tables.AMOUNT;
    StructType state = new StructType(new StructField[] {
        field("name", DataTypes.StringType), field("entity_type", DataTypes.StringType),
        field("industry_code", DataTypes.StringType), field("district_code", DataTypes.StringType),
        field("registered_capital", amount), field("founding_date", DataTypes.DateType),
        field("status", DataTypes.StringType)});
    return new StructType(new StructField[] {
        field("uscc", DataTypes.StringType), field(ProfilesJob.SNAP, DataTypes.IntegerType), field("_state", state),
        field(ProfileFeatures.LEGAL_REP_CHANGES_12M, DataTypes.LongType), field("_abnormal_last", DataTypes.StringType),
        field(ProfileFeatures.ABNORMAL_TIMES_LISTED, DataTypes.LongType),
        field(ProfileFeatures.ABNORMAL_DAYS_LISTED, DataTypes.LongType),
        field(ProfileFeatures.TAX_DECLARED_12M, amount), field(ProfileFeatures.TAX_PAID_12M, amount),
        field(ProfileFeatures.TAX_OVERDUE_NOW, amount), field(ProfileFeatures.TAX_LATE_FILINGS_12M, DataTypes.LongType),
        field(ProfileFeatures.TAX_FILINGS_12M, DataTypes.LongType),
        field(ProfileFeatures.TAX_CREDIT_LEVEL, DataTypes.StringType),
        field(ProfileFeatures.LOANS_ACTIVE, DataTypes.LongType), field(ProfileFeatures.LOAN_BALANCE, amount),
        field(ProfileFeatures.LOAN_NPL_BALANCE, amount), field(ProfileFeatures.LOAN_WORST_CLASS, DataTypes.StringType),
        field(ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_NOW, DataTypes.IntegerType),
        field(ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_12M, DataTypes.IntegerType),
        field(ProfileFeatures.LIT_DEFENDANT_CASES_1Y, DataTypes.LongType),
        field(ProfileFeatures.LIT_DEFENDANT_CASES_3Y, DataTypes.LongType),
        field(ProfileFeatures.LIT_DEFENDANT_AMOUNT_1Y, amount), field(ProfileFeatures.LIT_DEFENDANT_AMOUNT_3Y, amount),
        field(ProfileFeatures.LIT_ENFORCEMENT_CASES_3Y, DataTypes.LongType),
        field(ProfileFeatures.DISHONEST_NOW, DataTypes.BooleanType),
        field("_tax_from", DataTypes.IntegerType), field("_loan_from", DataTypes.IntegerType),
        field("_lit_from", DataTypes.IntegerType)});
  }

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  // ------------------------------------------------------------------ versions

  /** A registry version: visible from {@code from} (current and its event date passed) until {@code hi}. */
  record Reg(int from, int hi, int eventDay, int knownDay, String recordId, String eventType, String changeItem,
      int repUntil, Object[] state) {}

  /** A tax filing version; {@code lateFrom} is the first snapshot it counts as late in. */
  record Tax(int lo, int until12, int until24, int periodDay, int knownDay, long declared, long paid, long overdue,
      int lateFrom, String creditLevel, Integer creditYear) {}

  record Loan(int lo, int until12, String loanId, int reportDay, long balance, Integer daysOverdue, Integer rank) {}

  record Lit(int lo, int until36, int until12, boolean defendant, boolean enforcement, long amount, int listedFrom,
      int listedUntil) {}

  private static final Comparator<Reg> REG_ORDER = Comparator.comparingInt(Reg::eventDay)
      .thenComparingInt(Reg::knownDay).thenComparing(Reg::recordId, Comparator.nullsFirst(Comparator.naturalOrder()));
  private static final Comparator<Loan> LOAN_ORDER = Comparator.comparing(Loan::loanId,
      Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingInt(Loan::reportDay);

  /**
   * The profiles of each business of a partition, one business after the other. The partition is
   * sorted by the business code's hash alone (a sort on one long is a radix sort); codes whose
   * hashes collide are told apart here.
   */
  @Override
  public Iterator<Row> call(Iterator<Row> sorted) {
    return new Iterator<>() {
      private Row next = sorted.hasNext() ? sorted.next() : null;
      private Iterator<Row> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && next != null) {
          long hash = next.getLong(HASH);
          Map<String, List<Row>> byCode = new LinkedHashMap<>();
          while (next != null && next.getLong(HASH) == hash) {
            byCode.computeIfAbsent(next.getString(0), k -> new ArrayList<>()).add(next);
            next = sorted.hasNext() ? sorted.next() : null;
          }
          List<Row> out = new ArrayList<>();
          byCode.forEach((uscc, versions) -> out.addAll(business(uscc, versions)));
          current = out.iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /**
   * Each version's {@code hi}: given when its source's successors were found by record key, else
   * the first snapshot of the next version of its record (none: never replaced).
   */
  int[] successors(List<Row> rows) {
    int[] hi = new int[rows.size()];
    List<Integer> here = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).isNullAt(HI)) {
        here.add(i);
      } else {
        hi[i] = rows.get(i).getInt(HI);
      }
    }
    here.sort((a, b) -> VERSION_ORDER.compare(rows.get(a), rows.get(b)));
    for (int k = 0; k < here.size(); k++) {
      Row r = rows.get(here.get(k));
      Row next = k + 1 < here.size() ? rows.get(here.get(k + 1)) : null;
      boolean replaced = next != null && next.getInt(SRC) == r.getInt(SRC)
          && next.getString(KEY).equals(r.getString(KEY));
      hi[here.get(k)] = replaced ? snaps.indexOf(next.getInt(KNOWN)) : snaps.size();
    }
    return hi;
  }

  /** One business's profiles from all its versions. */
  List<Row> business(String uscc, List<Row> rows) {
    int[] his = successors(rows);
    List<Reg> regs = new ArrayList<>();
    List<Tax> taxes = new ArrayList<>();
    List<Loan> loans = new ArrayList<>();
    List<Lit> lits = new ArrayList<>();
    int n = snapDays.length;
    int taxFrom = n;
    int loanFrom = n;
    int litFrom = n;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (!r.getBoolean(DATED)) { // without its window's date a version counts in no window, yet it replaces
        continue;
      }
      int lo = r.getInt(LO);
      int hi = his[i];
      if (!r.isNullAt(STRUCTS)) {
        Row v = r.getStruct(STRUCTS);
        Object[] state = new Object[7];
        for (int j = 0; j < 7; j++) {
          state[j] = v.get(7 + j);
        }
        regs.add(new Reg(Math.max(lo, v.getInt(0)), hi, v.getInt(1), v.getInt(2), v.getString(3), v.getString(4),
            v.getString(5), v.getInt(6), state));
      } else if (!r.isNullAt(STRUCTS + 1)) {
        Row v = r.getStruct(STRUCTS + 1);
        taxFrom = Math.min(taxFrom, lo);
        taxes.add(new Tax(lo, Math.min(hi, v.getInt(0)), Math.min(hi, v.getInt(1)), v.getInt(2), v.getInt(3),
            cents(v, 4), cents(v, 5), cents(v, 6), v.getInt(7), v.getString(8), v.isNullAt(9) ? null : v.getInt(9)));
      } else if (!r.isNullAt(STRUCTS + 2)) {
        Row v = r.getStruct(STRUCTS + 2);
        loanFrom = Math.min(loanFrom, lo);
        loans.add(new Loan(lo, Math.min(hi, v.getInt(0)), v.getString(1), v.getInt(2), cents(v, 3),
            v.isNullAt(4) ? null : v.getInt(4), v.isNullAt(5) ? null : v.getInt(5)));
      } else {
        Row v = r.getStruct(STRUCTS + 3);
        litFrom = Math.min(litFrom, lo);
        lits.add(new Lit(lo, Math.min(hi, v.getInt(0)), Math.min(hi, v.getInt(1)), v.getBoolean(2), v.getBoolean(3),
            cents(v, 4), Math.max(lo, v.getInt(5)), Math.min(hi, v.getInt(6))));
      }
    }
    return sweep(uscc, regs, taxes, loans, lits, taxFrom, loanFrom, litFrom);
  }

  private static long cents(Row v, int i) {
    return v.isNullAt(i) ? 0L : v.getLong(i);
  }

  /** Every snapshot at which the business has a visible registry record, in snapshot order. */
  List<Row> sweep(String uscc, List<Reg> regs, List<Tax> taxes, List<Loan> loans, List<Lit> lits, int taxFrom,
      int loanFrom, int litFrom) {
    regs.sort(REG_ORDER);
    loans.sort(LOAN_ORDER);
    List<Row> out = new ArrayList<>();
    for (int s = 0; s < snapDays.length; s++) {
      Object[] row = new Object[WIDTH];
      if (!registry(s, regs, row)) {
        continue;
      }
      row[0] = uscc;
      row[1] = s;
      tax(s, taxes, row);
      loans(s, loans, row);
      litigation(s, lits, row);
      row[25] = taxFrom < snapDays.length ? taxFrom : null;
      row[26] = loanFrom < snapDays.length ? loanFrom : null;
      row[27] = litFrom < snapDays.length ? litFrom : null;
      out.add(RowFactory.create(row));
    }
    return out;
  }

  /**
   * The registry state (each field from the latest record that filled it), legal-representative
   * changes, and the abnormal list; false when no registry record is visible at {@code s}.
   */
  private boolean registry(int s, List<Reg> regs, Object[] row) {
    Object[] state = new Object[7];
    boolean any = false;
    long repChanges = 0;
    String abnormalLast = null;
    long times = 0;
    long days = 0;
    int day = snapDays[s];
    Integer addedOn = null;
    for (Reg r : regs) { // in (event date, known since, record id) order: the last one that says wins
      if (r.from() > s || s >= r.hi()) {
        continue;
      }
      any = true;
      for (int i = 0; i < 7; i++) {
        if (r.state()[i] != null) {
          state[i] = r.state()[i];
        }
      }
      String type = r.eventType();
      if ("CHANGED".equals(type) && "法定代表人".equals(r.changeItem()) && s < r.repUntil()) {
        repChanges++;
      }
      boolean added = "ABNORMAL_ADDED".equals(type);
      if (added || "ABNORMAL_REMOVED".equals(type)) {
        abnormalLast = type;
        if (addedOn != null) { // an entry lasts until the next entry or removal
          days += Math.min(r.eventDay(), day) - addedOn;
        }
        addedOn = added ? r.eventDay() : null;
        if (added) {
          times++;
        }
      }
    }
    if (addedOn != null) {
      days += day - addedOn;
    }
    row[2] = RowFactory.create(state);
    row[3] = repChanges;
    row[4] = abnormalLast;
    row[5] = times;
    row[6] = days;
    return any;
  }

  /** Filings of the last 12 months and the credit level of the last two evaluation years. */
  private static void tax(int s, List<Tax> taxes, Object[] row) {
    long declared = 0;
    long paid = 0;
    long late = 0;
    long filings = 0;
    int latestPeriod = Integer.MIN_VALUE;
    long overdue = 0;
    Tax level = null;
    for (Tax t : taxes) {
      if (t.lo() <= s && s < t.until12()) {
        filings++;
        declared += t.declared();
        paid += t.paid();
        if (s >= t.lateFrom()) {
          late++;
        }
        // the overdue amount of the latest period filed, summed over its tax types
        if (t.periodDay() > latestPeriod) {
          latestPeriod = t.periodDay();
          overdue = t.overdue();
        } else if (t.periodDay() == latestPeriod) {
          overdue += t.overdue();
        }
      }
      if (t.creditLevel() != null && t.lo() <= s && s < t.until24() && (level == null || levelOrder(t, level) > 0)) {
        level = t;
      }
    }
    row[7] = amount(declared);
    row[8] = amount(paid);
    row[9] = amount(overdue);
    row[10] = late;
    row[11] = filings;
    row[12] = level == null ? null : level.creditLevel();
  }

  /** Latest evaluation year (none before any), then latest known, then the worse level. */
  private static int levelOrder(Tax a, Tax b) {
    int byYear = Comparator.nullsFirst(Comparator.<Integer>naturalOrder()).compare(a.creditYear(), b.creditYear());
    if (byYear != 0) {
      return byYear;
    }
    int byKnown = Integer.compare(a.knownDay(), b.knownDay());
    return byKnown != 0 ? byKnown : a.creditLevel().compareTo(b.creditLevel());
  }

  /**
   * Loans current at {@code s}: per loan its latest report in the window; current if that report
   * is from the last two months and shows a balance or days overdue.
   */
  private void loans(int s, List<Loan> loans, Object[] row) {
    long active = 0;
    long balance = 0;
    long npl = 0;
    int worst = 0;
    int maxNow = 0;
    int max12 = 0;
    Loan last = null; // the latest report of the loan being read (loans are sorted by id, then month)
    for (int i = 0; i <= loans.size(); i++) {
      Loan l = i < loans.size() ? loans.get(i) : null;
      if (last != null && (l == null || !java.util.Objects.equals(l.loanId(), last.loanId()))) {
        boolean now = last.reportDay() > loanCutoffDays[s]
            && (last.balance() > 0 || (last.daysOverdue() != null && last.daysOverdue() > 0));
        if (now) {
          active++;
          balance += last.balance();
          if (last.rank() != null && last.rank() >= NPL_RANK) {
            npl += last.balance();
          }
          if (last.rank() != null) {
            worst = Math.max(worst, last.rank());
          }
          if (last.daysOverdue() != null) {
            maxNow = Math.max(maxNow, last.daysOverdue());
          }
        }
        last = null;
      }
      if (l != null && l.lo() <= s && s < l.until12()) {
        last = l;
        if (l.daysOverdue() != null) {
          max12 = Math.max(max12, l.daysOverdue());
        }
      }
    }
    row[13] = active;
    row[14] = amount(balance);
    row[15] = amount(npl);
    row[16] = worst >= 1 && worst <= CLASSES.size() ? CLASSES.get(worst - 1) : null;
    row[17] = maxNow;
    row[18] = max12;
  }

  /** Cases as defendant in the last one and three years, and the dishonest-debtor listing. */
  private static void litigation(int s, List<Lit> lits, Object[] row) {
    long cases1 = 0;
    long cases3 = 0;
    long amount1 = 0;
    long amount3 = 0;
    long enforcement = 0;
    boolean dishonest = false;
    for (Lit l : lits) {
      if (l.defendant() && l.lo() <= s && s < l.until36()) {
        cases3++;
        amount3 += l.amount();
        if (l.enforcement()) {
          enforcement++;
        }
        if (s < l.until12()) {
          cases1++;
          amount1 += l.amount();
        }
      }
      dishonest |= l.listedFrom() <= s && s < l.listedUntil();
    }
    row[19] = cases1;
    row[20] = cases3;
    row[21] = amount(amount1);
    row[22] = amount(amount3);
    row[23] = enforcement;
    row[24] = dishonest;
  }

  private static BigDecimal amount(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }
}
