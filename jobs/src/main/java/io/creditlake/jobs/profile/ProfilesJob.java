package io.creditlake.jobs.profile;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Windows;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gold/entity_profiles}: one credit profile per registered business per snapshot date —
 * every month-end of the run's range and its last day — computed point in time, in one pass over
 * the history; and the abnormal-list tables {@code gold/abnormal_list_history} and
 * {@code gold/abnormal_list_stats}. {@link ProfileFeatures} defines every column.
 *
 * <p><b>Point in time.</b> For snapshot D a record counts with its latest version whose event
 * date ≤ D and known-since date ≤ D. In silver, versions of a record key are ordered by
 * known-since; a version is current from its own known-since until the next one's. So each
 * version holds for a range of snapshot indexes, cut further by the feature's window (a 12-month
 * feature forgets a record 12 months after its event date). The job groups every source's
 * versions by business, and {@link ProfileSweep} works out the ranges Spark has not (see
 * {@link #versions}) and walks each business's snapshots once. One read of each silver table
 * serves every snapshot of the range.
 */
public final class ProfilesJob implements Job<ProfilesResult> {

  private static final Logger LOG = LoggerFactory.getLogger(ProfilesJob.class);

  static final String SNAP = "_snap";
  private static final String LO = "_lo";
  private static final String HI = "_hi";
  /** Whether the version's successor was found by a window by record key. */
  private static final String BY_KEY = "_by_key";
  /** That successor's known-since date (null: none). */
  private static final String NEXT = "_next";
  private static final String BUSINESS_HASH = "_uscc_hash";

  @Override
  public ProfilesResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    Snapshots snaps = Snapshots.of(ctx.from(), ctx.to());
    String label = "profiles " + ctx.dateLabel();
    LakeLayout lake = ctx.lake();
    ensureTables(spark, lake);
    ProfilesResult result = JobLabel.with(spark, ctx.runId(), label, () -> {
      Dataset<Row> profiles = profiles(spark, lake, ctx.config(), snaps, ctx.runId());
      String dates = snaps.dates().stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "));
      // keep month-ends; a latest-day snapshot lives until the next run replaces it. Said on the
      // partition column alone, so Delta drops whole partitions from the log: with the data
      // column is_month_end it read and rewrote every file of the table (10 s at 1/16 scale)
      String snapshot = ProfileFeatures.SNAPSHOT_DATE;
      DeltaTables.Commit commit = DeltaTables.replace(profiles, lake.gold(ProfileFeatures.TABLE),
          snapshot + " IN (" + dates + ") OR " + snapshot + " <> last_day(" + snapshot + ")");
      LOG.info("{}: {} profiles for {} snapshots written (v{}) at {} ms", label, commit.rowsWritten(), snaps.size(),
          commit.version(), ms(t0));
      AbnormalList.Counts abnormal = AbnormalList.write(spark, lake, registryEvents(spark, lake), snaps.last());
      LOG.info("{}: abnormal list: {} entries and removals, {} district × section × month rows at {} ms", label,
          abnormal.history(), abnormal.stats(), ms(t0));
      return new ProfilesResult(ctx.runId(), ctx.from(), ctx.to(), snaps.dates(), commit.rowsWritten(),
          Map.of(ProfileFeatures.TABLE, commit.version()), abnormal.history(), abnormal.stats(), ms(t0));
    });
    OpsLog.append(spark, ctx, "profiles", "all", started, "SUCCEEDED", 0, result.profiles(), 0, 0, null,
        result.durationMs(), result.tableVersions());
    return result;
  }

  /** The profile rows of every snapshot, as the table holds them. */
  static Dataset<Row> profiles(SparkSession spark, LakeLayout lake, CreditLakeConfig config, Snapshots snaps,
      String runId) {
    return ProfileFeatures.select(assemble(spark, lake, config, snaps), snaps, runId);
  }

  public static void ensureTables(SparkSession spark, LakeLayout lake) {
    DeltaTables.ensure(spark, lake.gold(ProfileFeatures.TABLE), ProfileFeatures.schema(),
        "one credit profile per business per snapshot date (month-ends and the latest day), point in time",
        ProfileFeatures.SNAPSHOT_DATE);
    AbnormalList.ensureTables(spark, lake);
    OpsLog.ensure(spark, lake);
  }

  // ------------------------------------------------------------------ versions

  /**
   * Every source's versions, partitioned by business code, each business's rows together: the
   * sweep's input. {@code _lo} is the first snapshot a version is known in; {@code _hi} the first
   * in which a later version of its record replaced it, set here only for a source whose
   * successors were found by record key ({@link #source}); the sweep finds the others'.
   *
   * <p>The versions of tax and litigation (keys that hold the business code: the most of them)
   * are shuffled once, and the partitions are sorted on one long, the business code's hash: Spark
   * radix-sorts a single long key. Before, each source was shuffled by record key for a successor
   * window and all of them again by business, and sorted on strings (business codes share their
   * first characters, so Spark's 8-byte sort prefix rarely told them apart): at 1/4 scale 0.9 GB
   * of shuffle, and string comparisons in sorts took a third of a night's profiles CPU.
   */
  static Dataset<Row> versions(Dataset<Row> union, Snapshots snaps, int partitions) {
    return union.withColumn(BUSINESS_HASH, xxhash64(col("uscc")))
        .withColumn(LO, snaps.indexOf(col(Tables.KNOWN_SINCE)))
        .withColumn(HI, when(col(BY_KEY), snaps.indexOf(col(NEXT))))
        .repartition(partitions, col(BUSINESS_HASH)).sortWithinPartitions(BUSINESS_HASH);
  }

  /** The snapshot index past a window of {@code months} after {@code date}. */
  private static Column after(Snapshots snaps, Column date, int months) {
    return snaps.indexOf(add_months(date, months));
  }

  /** An amount in cents: the sweep adds longs, not decimals. */
  private static Column cents(String amount) {
    return col(amount).multiply(100).cast("long");
  }

  // ------------------------------------------------------------------ the sweep's input

  /**
   * One row per version of every source ({@link ProfileSweep#INPUT}): the business code, the
   * version's snapshot range or what orders it among its record's versions, and a struct of what
   * {@link ProfileSweep} reads of it, with the snapshot index at which each of its windows closes
   * already computed, so the sweep compares integers.
   */
  static Dataset<Row> sweepInput(SparkSession spark, LakeLayout lake, CreditLakeConfig config, Snapshots snaps,
      int partitions) {
    Map<String, Column> reg = new HashMap<>();
    reg.put("_from", snaps.indexOf(col("event_date")));
    reg.put("_event_day", unix_date(col("event_date")));
    reg.put("_known_day", unix_date(col(Tables.KNOWN_SINCE)));
    reg.put("_rep_until", after(snaps, col("event_date"), 12));
    Map<String, Column> tax = new HashMap<>();
    tax.put("_until12", after(snaps, col("tax_period"), 12));
    // a credit level counts for the two evaluation years after its period
    tax.put("_until24", after(snaps, col("tax_period"), 24));
    tax.put("_period_day", unix_date(col("tax_period")));
    tax.put("_known_day", unix_date(col(Tables.KNOWN_SINCE)));
    tax.put("_declared", cents("declared_amount"));
    tax.put("_paid", cents("paid_amount"));
    tax.put("_overdue", cents("overdue_amount"));
    // filed after the due date: late from the start; not filed: late once the due date has passed
    tax.put("_late_from", when(col("filing_date").gt(col("due_date")), lit(0))
        .when(col("filing_date").isNull(), snaps.indexOf(date_add(col("due_date"), 1)))
        .otherwise(lit(snaps.size())));
    Map<String, Column> loan = new HashMap<>();
    loan.put("_until12", after(snaps, col("report_month"), 12));
    loan.put("_report_day", unix_date(col("report_month")));
    loan.put("_balance", cents("balance"));
    loan.put("_rank", array_position(array(ProfileSweep.CLASSES.stream().map(functions::lit).toArray(Column[]::new)),
        col("classification")).cast("int"));
    Map<String, Column> litigation = new HashMap<>();
    litigation.put("_until36", after(snaps, col("filing_date"), 36));
    litigation.put("_until12", after(snaps, col("filing_date"), 12));
    litigation.put("_defendant", coalesce(col("party_role").equalTo("DEFENDANT"), lit(false)));
    litigation.put("_enforcement", coalesce(col("case_type").equalTo("ENFORCEMENT"), lit(false)));
    litigation.put("_amount", cents("amount"));
    // on the dishonest-debtor list from the listing date until the expiry date
    litigation.put("_listed_from", snaps.indexOf(col("dishonest_listed_date")));
    litigation.put("_listed_until", snaps.indexOf(col("dishonest_expiry_date")));
    // each table read once: both parts of a windowed source see the same table version
    Dataset<Row> taxes = silver(spark, lake, Source.TAX);
    Dataset<Row> loans = silver(spark, lake, Source.LOAN);
    Dataset<Row> union = source(silver(spark, lake, Source.REGISTRATION), config,
            new Part(Source.REGISTRATION, "reg", ProfileSweep.REG, reg, "event_date"))
        .unionByName(windowed(taxes, config, snaps, new Part(Source.TAX, "tax", ProfileSweep.TAX, tax, "tax_period"), 24),
            true)
        .unionByName(windowed(loans, config, snaps,
            new Part(Source.LOAN, "loan", ProfileSweep.LOAN, loan, "report_month"), 12), true)
        .unionByName(source(silver(spark, lake, Source.LITIGATION), config,
            new Part(Source.LITIGATION, "lit", ProfileSweep.LIT, litigation, "filing_date")), true);
    return versions(union, snaps, partitions)
        .select(ProfileSweep.INPUT.stream().map(functions::col).toArray(Column[]::new));
  }

  private static Dataset<Row> silver(SparkSession spark, LakeLayout lake, Source source) {
    return spark.read().format("delta").load(lake.silver(source));
  }

  /**
   * What the sweep reads of one source: the struct {@code as} (one of {@link ProfileSweep#INPUT})
   * with {@code fields} in the sweep's order, each a silver column unless {@code derived} computes
   * it, and {@code dated}, the date column the source's windows count from.
   */
  private record Part(Source source, String as, List<String> fields, Map<String, Column> derived, String dated) {}

  /**
   * A source's versions with what orders a record's versions, whether the version has its
   * window's date, and its {@link Part}'s struct.
   *
   * <p>When the source's record key holds the business code, all versions of a record belong to
   * one business and the sweep finds each one's successor. Otherwise (a registry record id, a
   * loan id: a later version may correct the business code) a window by record key finds it here.
   */
  private static Dataset<Row> source(Dataset<Row> silver, CreditLakeConfig config, Part part) {
    Column[] struct = part.fields().stream().map(f -> part.derived().getOrDefault(f, col(f)).as(f))
        .toArray(Column[]::new);
    boolean byBusiness = keyedByBusiness(config, part.source());
    // the same order as the sweep's VERSION_ORDER
    WindowSpec byKey = Windows.partitionBy(Tables.RECORD_KEY).orderBy(Tables.versionOrder());
    Column next = byBusiness ? lit(null).cast("date") : lead(col(Tables.KNOWN_SINCE), 1).over(byKey);
    // what orders a record's versions, shuffled only for the sweep to use (null otherwise)
    Column sweep = lit(byBusiness);
    LOG.debug("profiles: {}'s successors found {}", part.source().id(),
        byBusiness ? "by the sweep" : "by a window by record key");
    return silver.select(col("uscc"),
        lit(ProfileSweep.INPUT.indexOf(part.as())).as("_src"), when(sweep, col(Tables.RECORD_KEY)).as("_record_key"),
        col(Tables.KNOWN_SINCE), when(sweep, unix_date(col(Tables.KNOWN_SINCE))).as("_known_day"),
        when(sweep, unix_date(col(Tables.BATCH_DATE))).as("_batch_day"),
        when(sweep, col(Tables.SOURCE_FILE)).as("_source_file"), when(sweep, col(Tables.LINE)).as("_line"),
        lit(!byBusiness).as(BY_KEY), next.as(NEXT), col(part.dated()).isNotNull().as("_dated"),
        struct(struct).as(part.as()));
  }

  /**
   * {@link #source} for a source whose windows all close {@code months} after its part's date
   * {@code dated}: its versions that count in a window at some snapshot of the run, and for each
   * business one row standing for all the others: the earliest known-since among them, which is
   * all they still tell the sweep (whether the business has a record of the source:
   * {@code has_tax}, {@code has_loan}). Its struct counts in no window. A version leaves every
   * window {@code months} after its date ({@code _until<months>}, the longest of its source's),
   * and all versions of a record leave together or their successors were found already.
   *
   * <p>A night's single snapshot then sweeps the last {@code months} of a source, not its whole
   * history: at 1/4 of the reference scale this leaves out a third of the tax versions and two
   * thirds of the loan reports, and a larger share each year the lake grows. A backfill's first
   * month-ends see almost every version, so little changes there.
   */
  private static Dataset<Row> windowed(Dataset<Row> silver, CreditLakeConfig config, Snapshots snaps, Part part,
      int months) {
    String as = part.as();
    String dated = part.dated();
    Dataset<Row> versions = source(recent(silver, config, part.source(), snaps, dated, months), config, part);
    String until = "_until" + months;
    // the very expression of the struct's field; a null date is never forgotten (it is kept as before)
    Column forgotten = after(snaps, col(dated), months).leq(0);
    StructType type = (StructType) versions.schema().apply(as).dataType();
    // the struct's ints the sweep reads, set so that it counts at no snapshot; the rest null
    Map<String, Column> nowhere = new HashMap<>(Map.of("_until12", lit(0), "_period_day", lit(0), "_known_day", lit(0),
        "_report_day", lit(0), "_late_from", lit(snaps.size())));
    nowhere.put(until, lit(0));
    Column[] counting = java.util.Arrays.stream(type.fields())
        .map(f -> nowhere.getOrDefault(f.name(), lit(null)).cast(f.dataType()).as(f.name())).toArray(Column[]::new);
    Dataset<Row> earliest = silver.filter(col(dated).lt(lit(Date.valueOf(forgottenBefore(snaps, months)))).and(forgotten))
        .groupBy(col("uscc")).agg(functions.min(col(Tables.KNOWN_SINCE)).as(Tables.KNOWN_SINCE))
        .select(col("uscc"), lit(ProfileSweep.INPUT.indexOf(as)).as("_src"), col(Tables.KNOWN_SINCE),
            lit(true).as(BY_KEY), lit(null).cast("date").as(NEXT), lit(true).as("_dated"), struct(counting).as(as));
    return versions.filter(col(as + "." + until).gt(0)).unionByName(earliest, true);
  }

  /**
   * A version {@code months} windows forget at every snapshot is dated before this day (the
   * converse does not hold: {@link Snapshots#indexOf} counts in months, and a snapshot that is
   * not a month-end still sees the last days of its month a window back).
   */
  static LocalDate forgottenBefore(Snapshots snaps, int months) {
    return YearMonth.from(snaps.dates().get(0)).minusMonths(months - 1).atDay(1);
  }

  /**
   * Silver without the records dated a month or more before {@link #forgottenBefore}, which
   * {@link #windowed} would drop: said on the date column, so Parquet skips the row groups of
   * old periods (a night's batch writes files of recent periods). Only when the record key holds
   * the date, so that all versions of a record go or stay together and no successor is lost.
   */
  private static Dataset<Row> recent(Dataset<Row> silver, CreditLakeConfig config, Source source, Snapshots snaps,
      String dated, int months) {
    boolean shareDate = config.source(source.id()).map(c -> c.key().contains(dated)).orElse(false);
    return shareDate ? silver.filter(col(dated).isNull()
        .or(col(dated).geq(lit(Date.valueOf(forgottenBefore(snaps, months).minusMonths(1)))))) : silver;
  }

  /**
   * Whether a source's record key holds the business code, so that all versions of a record
   * belong to one business. It must hold for every row in silver: a changed key means re-ingesting.
   */
  static boolean keyedByBusiness(CreditLakeConfig config, Source source) {
    return config.source(source.id()).map(c -> c.key().contains(Source.Col.USCC)).orElse(false);
  }

  /**
   * The per-business aggregates at every snapshot: every source's versions grouped by business
   * and swept once ({@link ProfileSweep}) — one shuffle of every version by business.
   */
  private static Dataset<Row> assemble(SparkSession spark, LakeLayout lake, CreditLakeConfig config,
      Snapshots snaps) {
    // an explicit count: adaptive execution would coalesce this shuffle to about one
    // partition per core, and the sweep and the write after it are the heavy part; more than a
    // few tasks per core only multiply the files (each task writes one per snapshot: at 1/16
    // scale 32 tasks wrote 1,184 files in 29 s, 8 tasks 296 in 18 s)
    int partitions = Math.min(Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions")),
        4 * spark.sparkContext().defaultParallelism());
    return sweepInput(spark, lake, config, snaps, partitions)
        .mapPartitions(new ProfileSweep(snaps.dates()), Encoders.row(ProfileSweep.output()));
  }

  /** The latest version of every abnormal-list entry and removal: the history table's input. */
  private static Dataset<Row> registryEvents(SparkSession spark, LakeLayout lake) {
    return Windows.first(silver(spark, lake, Source.REGISTRATION),
        Windows.partitionBy(Tables.RECORD_KEY).orderBy(Tables.latestVersionFirst()));
  }

  /** Milliseconds since {@code t0}. */
  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
