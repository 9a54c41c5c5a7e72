package io.creditlake.jobs.profile;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Names;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
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
 * feature forgets a record 12 months after its event date); the job spreads each version over
 * exactly those snapshots and aggregates once per business and snapshot. One read of each silver
 * table serves every snapshot of the range.
 */
public final class ProfilesJob implements Job<ProfilesResult> {

  private static final Logger LOG = LoggerFactory.getLogger(ProfilesJob.class);

  static final String SNAP = "_snap";
  private static final String LO = "_lo";
  private static final String HI = "_hi";
  private static final List<String> NON_PERFORMING = List.of("SUBSTANDARD", "DOUBTFUL", "LOSS");
  private static final List<String> CLASSES = List.of("NORMAL", "SPECIAL_MENTION", "SUBSTANDARD", "DOUBTFUL", "LOSS");

  @Override
  public ProfilesResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    Snapshots snaps = Snapshots.of(ctx.from(), ctx.to());
    String label = "profiles " + ctx.dateLabel();
    LakeLayout lake = ctx.lake();
    ensureTables(spark, lake);
    ProfilesResult result = JobLabel.with(spark, ctx.runId(), label, () -> {
      // versions read twice (tax filings and credit levels; cases and listings) are cached for the run
      List<Dataset<Row>> cached = new java.util.ArrayList<>();
      try {
        Dataset<Row> profiles = ProfileFeatures.select(assemble(spark, lake, snaps, registry(spark, lake, snaps), cached),
            snaps, ctx.runId());
        String dates = snaps.dates().stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "));
        // keep month-ends; a latest-day snapshot lives until the next run replaces it
        DeltaTables.Commit commit = DeltaTables.replace(profiles, lake.gold(ProfileFeatures.TABLE),
            ProfileFeatures.SNAPSHOT_DATE + " IN (" + dates + ") OR NOT " + ProfileFeatures.IS_MONTH_END);
        LOG.info("{}: {} profiles for {} snapshots written (v{}) at {} ms", label, commit.rowsWritten(), snaps.size(),
            commit.version(), ms(t0));
        AbnormalList.Counts abnormal = AbnormalList.write(spark, lake, registryEvents(spark, lake), snaps.last());
        LOG.info("{}: abnormal list: {} entries and removals, {} district × section × month rows at {} ms", label,
            abnormal.history(), abnormal.stats(), ms(t0));
        return new ProfilesResult(ctx.runId(), ctx.from(), ctx.to(), snaps.dates(), commit.rowsWritten(),
            Map.of(ProfileFeatures.TABLE, commit.version()), abnormal.history(), abnormal.stats(), ms(t0));
      } finally {
        cached.forEach(Dataset::unpersist);
      }
    });
    OpsLog.append(spark, ctx, "profiles", "all", started, "SUCCEEDED", 0, result.profiles(), 0, 0, null,
        result.durationMs(), result.tableVersions());
    return result;
  }

  public static void ensureTables(SparkSession spark, LakeLayout lake) {
    DeltaTables.ensure(spark, lake.gold(ProfileFeatures.TABLE), ProfileFeatures.schema(),
        "one credit profile per business per snapshot date (month-ends and the latest day), point in time",
        ProfileFeatures.SNAPSHOT_DATE);
    AbnormalList.ensureTables(spark, lake);
    OpsLog.ensure(spark, lake);
  }

  // ------------------------------------------------------------------ versions and spreading

  /**
   * A silver table with each version's snapshot range: {@code _lo} the first snapshot it is
   * known in, {@code _hi} the first snapshot in which a later version replaced it.
   */
  static Dataset<Row> versions(SparkSession spark, LakeLayout lake, Source source, Snapshots snaps) {
    WindowSpec byKey = Window.partitionBy(Tables.RECORD_KEY)
        .orderBy(Tables.KNOWN_SINCE, Tables.BATCH_DATE, Tables.SOURCE_FILE, Tables.LINE);
    return spark.read().format("delta").load(lake.silver(source))
        .withColumn(LO, snaps.indexOf(col(Tables.KNOWN_SINCE)))
        .withColumn(HI, lead(col(Tables.KNOWN_SINCE), 1).over(byKey))
        .withColumn(HI, snaps.indexOf(col(HI)));
  }

  /**
   * One row per version and snapshot it counts in: current then ({@code _lo ≤ i < _hi}) and,
   * with a window, before {@code until} (the index of the first snapshot past the window).
   */
  static Dataset<Row> spread(Dataset<Row> versions, Column until) {
    Column hi = until == null ? col(HI) : least(col(HI), until);
    return versions.withColumn(HI, hi).filter(col(HI).gt(col(LO)))
        .withColumn(SNAP, explode(sequence(col(LO), col(HI).minus(1))))
        .drop(LO, HI);
  }

  /** The snapshot index past a window of {@code months} after {@code date}. */
  private static Column after(Snapshots snaps, Column date, int months) {
    return snaps.indexOf(add_months(date, months));
  }

  // ------------------------------------------------------------------ registration

  /**
   * Per business and snapshot: its registry state (the record with the latest event date known
   * then), legal-representative changes in the last 12 months, and its abnormal-list position.
   */
  private static Dataset<Row> registry(SparkSession spark, LakeLayout lake, Snapshots snaps) {
    Dataset<Row> spread = spread(versions(spark, lake, Source.REGISTRATION, snaps), null)
        .withColumn("_d", snaps.dateOf(col(SNAP)))
        .filter(col("event_date").leq(col("_d")));
    Column order = struct(col("event_date"), col(Tables.KNOWN_SINCE), col("record_id"));
    // each registry field as the latest record that filled it: a unit that leaves a field empty
    // on one event does not erase what earlier records said
    List<Column> latest = new java.util.ArrayList<>();
    for (String f : List.of("name", "entity_type", "industry_code", "district_code", "registered_capital", "founding_date",
        "status")) {
      latest.add(max_by(col(f), when(col(f).isNotNull(), order)).as(f));
    }
    Column state = struct(latest.toArray(Column[]::new));
    Column abnormal = col("event_type").isin("ABNORMAL_ADDED", "ABNORMAL_REMOVED");
    Column repChange = col("event_type").equalTo("CHANGED").and(col("change_item").equalTo("法定代表人"))
        .and(col(SNAP).lt(after(snaps, col("event_date"), 12)));
    Dataset<Row> state0 = spread.groupBy(col("uscc"), col(SNAP)).agg(
        state.as("_state"),
        sum(when(repChange, 1).otherwise(0)).as(ProfileFeatures.LEGAL_REP_CHANGES_12M),
        max_by(when(abnormal, col("event_type")), when(abnormal, order)).as("_abnormal_last"),
        sum(when(col("event_type").equalTo("ABNORMAL_ADDED"), 1).otherwise(0)).as(ProfileFeatures.ABNORMAL_TIMES_LISTED));
    return state0.join(abnormalDays(spread), Names.seq("uscc", SNAP), "left");
  }

  /**
   * Days on the abnormal list up to each snapshot: for each entry, until the removal after it or
   * the snapshot date.
   */
  private static Dataset<Row> abnormalDays(Dataset<Row> spread) {
    WindowSpec w = Window.partitionBy("uscc", SNAP).orderBy("event_date", Tables.KNOWN_SINCE, "record_id");
    return spread.filter(col("event_type").isin("ABNORMAL_ADDED", "ABNORMAL_REMOVED"))
        .withColumn("_next", lead(col("event_date"), 1).over(w))
        .filter(col("event_type").equalTo("ABNORMAL_ADDED"))
        .groupBy(col("uscc"), col(SNAP))
        .agg(sum(datediff(coalesce(least(col("_next"), col("_d")), col("_d")), col("event_date"))).as(
            ProfileFeatures.ABNORMAL_DAYS_LISTED));
  }

  /** The latest version of every abnormal-list entry and removal: the history table's input. */
  private static Dataset<Row> registryEvents(SparkSession spark, LakeLayout lake) {
    WindowSpec byKey = Window.partitionBy(Tables.RECORD_KEY)
        .orderBy(col(Tables.KNOWN_SINCE).desc(), col(Tables.BATCH_DATE).desc(), col(Tables.SOURCE_FILE).desc(),
            col(Tables.LINE).desc());
    return spark.read().format("delta").load(lake.silver(Source.REGISTRATION))
        .withColumn("_n", row_number().over(byKey)).filter(col("_n").equalTo(1)).drop("_n");
  }

  // ------------------------------------------------------------------ tax, loans, litigation

  private static Dataset<Row> tax(SparkSession spark, LakeLayout lake, Snapshots snaps, List<Dataset<Row>> cached) {
    Dataset<Row> versions = versions(spark, lake, Source.TAX, snaps).persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(versions);
    Column late = col("filing_date").gt(col("due_date"))
        .or(col("filing_date").isNull().and(col("due_date").lt(snaps.dateOf(col(SNAP)))));
    Dataset<Row> filings = spread(versions, after(snaps, col("tax_period"), 12)).groupBy(col("uscc"), col(SNAP)).agg(
        coalesce(sum("declared_amount"), lit(BigDecimal.ZERO)).as(ProfileFeatures.TAX_DECLARED_12M),
        coalesce(sum("paid_amount"), lit(BigDecimal.ZERO)).as(ProfileFeatures.TAX_PAID_12M),
        coalesce(max_by(col("overdue_amount"), col("tax_period")), lit(BigDecimal.ZERO)).as(ProfileFeatures.TAX_OVERDUE_NOW),
        sum(when(late, 1).otherwise(0)).as(ProfileFeatures.TAX_LATE_FILINGS_12M),
        count(lit(1)).as(ProfileFeatures.TAX_FILINGS_12M));
    // a credit level counts for the two evaluation years after it
    Dataset<Row> levels = spread(versions.filter(col("credit_level").isNotNull()), after(snaps, col("tax_period"), 24))
        .groupBy(col("uscc"), col(SNAP))
        .agg(max_by(col("credit_level"), struct(col("credit_year"), col(Tables.KNOWN_SINCE))).as(ProfileFeatures.TAX_CREDIT_LEVEL));
    return filings.join(levels, Names.seq("uscc", SNAP), "full_outer");
  }

  private static Dataset<Row> loans(SparkSession spark, LakeLayout lake, Snapshots snaps) {
    Dataset<Row> spread = spread(versions(spark, lake, Source.LOAN, snaps), after(snaps, col("report_month"), 12));
    Column rank = functions.array_position(functions.array(CLASSES.stream().map(functions::lit).toArray(Column[]::new)),
        col("classification")).cast("int");
    // per loan and snapshot: its latest report, and its worst days overdue in the window
    Dataset<Row> perLoan = spread.groupBy(col("uscc"), col("loan_id"), col(SNAP)).agg(
        max_by(struct(col("report_month"), col("balance"), col("days_overdue"), rank.as("rank")), col("report_month")).as("_last"),
        max("days_overdue").as("_max12"));
    // a loan is active now if its latest report is from the last two months
    Column now = col("_last.report_month").gt(add_months(snaps.dateOf(col(SNAP)), -2))
        .and(col("_last.balance").gt(0).or(col("_last.days_overdue").gt(0)));
    return perLoan.groupBy(col("uscc"), col(SNAP)).agg(
        sum(when(now, 1).otherwise(0)).as(ProfileFeatures.LOANS_ACTIVE),
        coalesce(sum(when(now, col("_last.balance"))), lit(BigDecimal.ZERO)).as(ProfileFeatures.LOAN_BALANCE),
        coalesce(sum(when(now.and(col("_last.rank").geq(3)), col("_last.balance"))), lit(BigDecimal.ZERO))
            .as(ProfileFeatures.LOAN_NPL_BALANCE),
        max(when(now, col("_last.rank"))).as("_worst_rank"),
        coalesce(max(when(now, col("_last.days_overdue"))), lit(0)).as(ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_NOW),
        coalesce(max("_max12"), lit(0)).as(ProfileFeatures.LOAN_MAX_DAYS_OVERDUE_12M))
        .withColumn(ProfileFeatures.LOAN_WORST_CLASS, functions.element_at(
            functions.array(CLASSES.stream().map(functions::lit).toArray(Column[]::new)), col("_worst_rank")))
        .drop("_worst_rank");
  }

  private static Dataset<Row> litigation(SparkSession spark, LakeLayout lake, Snapshots snaps, List<Dataset<Row>> cached) {
    Dataset<Row> versions = versions(spark, lake, Source.LITIGATION, snaps).persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(versions);
    Column defendant = col("party_role").equalTo("DEFENDANT");
    Column oneYear = defendant.and(col(SNAP).lt(after(snaps, col("filing_date"), 12)));
    Dataset<Row> cases = spread(versions, after(snaps, col("filing_date"), 36)).groupBy(col("uscc"), col(SNAP)).agg(
        sum(when(oneYear, 1).otherwise(0)).as(ProfileFeatures.LIT_DEFENDANT_CASES_1Y),
        sum(when(defendant, 1).otherwise(0)).as(ProfileFeatures.LIT_DEFENDANT_CASES_3Y),
        coalesce(sum(when(oneYear, col("amount"))), lit(BigDecimal.ZERO)).as(ProfileFeatures.LIT_DEFENDANT_AMOUNT_1Y),
        coalesce(sum(when(defendant, col("amount"))), lit(BigDecimal.ZERO)).as(ProfileFeatures.LIT_DEFENDANT_AMOUNT_3Y),
        sum(when(defendant.and(col("case_type").equalTo("ENFORCEMENT")), 1).otherwise(0))
            .as(ProfileFeatures.LIT_ENFORCEMENT_CASES_3Y));
    // listed from the listing date until the expiry date, in the versions that say so
    Dataset<Row> dishonest = spread(versions.filter(col("dishonest_listed_date").isNotNull()),
        snaps.indexOf(col("dishonest_expiry_date")))
        .filter(col("dishonest_listed_date").leq(snaps.dateOf(col(SNAP))))
        .groupBy(col("uscc"), col(SNAP)).agg(lit(true).as(ProfileFeatures.DISHONEST_NOW));
    return cases.join(dishonest, Names.seq("uscc", SNAP), "full_outer");
  }

  /** The first snapshot each business has any record of a source in. */
  private static Dataset<Row> firstSeen(SparkSession spark, LakeLayout lake, Source source, Snapshots snaps, String as) {
    return spark.read().format("delta").load(lake.silver(source)).groupBy("uscc")
        .agg(min(Tables.KNOWN_SINCE).as("_first")).select(col("uscc"), snaps.indexOf(col("_first")).as(as));
  }

  private static Dataset<Row> assemble(SparkSession spark, LakeLayout lake, Snapshots snaps, Dataset<Row> registry,
      List<Dataset<Row>> cached) {
    scala.collection.immutable.Seq<String> on = Names.seq("uscc", SNAP);
    return registry
        .join(tax(spark, lake, snaps, cached), on, "left")
        .join(loans(spark, lake, snaps), on, "left")
        .join(litigation(spark, lake, snaps, cached), on, "left")
        .join(firstSeen(spark, lake, Source.TAX, snaps, "_tax_from"), Names.seq("uscc"), "left")
        .join(firstSeen(spark, lake, Source.LOAN, snaps, "_loan_from"), Names.seq("uscc"), "left")
        .join(firstSeen(spark, lake, Source.LITIGATION, snaps, "_lit_from"), Names.seq("uscc"), "left");
  }

  /** Column names as the Scala sequence Spark's joins take. */
  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
