package io.creditlake.jobs.rate;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.config.RatesSettings;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.Source;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Names;
import io.creditlake.common.spark.Windows;
import io.creditlake.common.validation.Reasons;
import io.creditlake.common.validation.RowValidator;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gold/submission_rates}: for each period scored (the month records describe), each
 * reporting unit's records expected, received, on time and valid, its filled optional fields, the
 * four rates, a composite score 0–100 and its ranks — from silver (what arrived valid), quarantine
 * (what arrived broken) and the obligations in {@code conf/} ({@link RatesSettings}).
 *
 * <p>A record counts once, by its key, as its first delivery was: on time if that was submitted
 * by the deadline, valid if it was not quarantined.
 *
 * <p>Any number of periods, and every source, is scored in one pass, with the period and the
 * source as columns: a record belongs to the period of its event date; the active businesses of
 * every period come from one small table of businesses counted by their first and last active
 * period (no businesses × periods join); a bank's loan report is carried into each of the three
 * periods after it.
 */
public final class RatesJob {

  private static final Logger LOG = LoggerFactory.getLogger(RatesJob.class);

  public static final String TABLE = "submission_rates";

  public static final StructType SCHEMA = DataTypes.createStructType(new StructField[] {
      DataTypes.createStructField("period", DataTypes.StringType, false),
      DataTypes.createStructField("source", DataTypes.StringType, false),
      DataTypes.createStructField("unit", DataTypes.StringType, false),
      DataTypes.createStructField("expected", DataTypes.LongType, false),
      DataTypes.createStructField("received", DataTypes.LongType, false),
      DataTypes.createStructField("on_time", DataTypes.LongType, false),
      DataTypes.createStructField("valid", DataTypes.LongType, false),
      DataTypes.createStructField("optional_filled", DataTypes.LongType, false),
      DataTypes.createStructField("optional_total", DataTypes.LongType, false),
      DataTypes.createStructField("coverage", DataTypes.DoubleType, true),
      DataTypes.createStructField("timeliness", DataTypes.DoubleType, true),
      DataTypes.createStructField("validity", DataTypes.DoubleType, true),
      DataTypes.createStructField("completeness", DataTypes.DoubleType, true),
      DataTypes.createStructField("score", DataTypes.DoubleType, true),
      DataTypes.createStructField("rank_in_source", DataTypes.IntegerType, true),
      DataTypes.createStructField("rank_overall", DataTypes.IntegerType, true),
      DataTypes.createStructField("_run_id", DataTypes.StringType, false),
      DataTypes.createStructField("_computed_at", DataTypes.TimestampType, false)});

  /** A business's last active period when the registry shows it never ended. */
  private static final String NEVER = "9999-12";

  private final List<YearMonth> periods;
  /** {@link #periods} as the {@code period} column spells them. */
  private final List<String> names;

  /** Scores one period. */
  public RatesJob(YearMonth period) {
    this(List.of(period));
  }

  /** Scores every period of {@code periods} (any order, duplicates ignored) in one pass. */
  public RatesJob(List<YearMonth> periods) {
    if (periods.isEmpty()) {
      throw new IllegalArgumentException("rates needs at least one period to score, got none");
    }
    this.periods = new TreeSet<>(periods).stream().toList();
    this.names = this.periods.stream().map(YearMonth::toString).toList();
  }

  public RatesResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    LakeLayout lake = ctx.lake();
    RatesSettings settings = ctx.config().rates();
    if (settings.obligations().isEmpty()) {
      throw new CreditLakeException("no rates.obligations in the configuration: say what each source's units owe");
    }
    DeltaTables.ensure(spark, lake.gold(TABLE), SCHEMA,
        "per period, source and reporting unit: records expected, received, on time, valid; rates, score and rank", "period");
    String label = "rates " + label(periods);
    RatesResult result = JobLabel.with(spark, ctx.runId(), label, () -> {
      List<Dataset<Row>> cached = new ArrayList<>();
      List<Row> rows;
      try {
        Dataset<Row> counts = counts(spark, lake, ctx, label, settings, cached);
        // periods × units rows at most: computed once, onto the driver, and written from there (a
        // cached plan read twice cost a second planning of the whole query and a 32-file write)
        rows = new ArrayList<>(score(counts, settings.weights(), ctx.runId()).collectAsList());
      } finally {
        cached.forEach(Dataset::unpersist);
      }
      // nulls first, as Spark's ascending sort: a null unit is left for the table's NOT NULL check
      rows.sort(Comparator.<Row, String>comparing(r -> r.getAs("period"), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> r.<Integer>getAs("rank_overall"), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> r.<String>getAs("source"), Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(r -> r.<String>getAs("unit"), Comparator.nullsFirst(Comparator.naturalOrder())));
      String where = "period IN (" + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", ")) + ")";
      // one task: the driver's rows would otherwise be split over the cores, a file per core per period
      DeltaTables.Commit commit = DeltaTables.replace(spark.createDataFrame(rows, SCHEMA).coalesce(1), lake.gold(TABLE),
          where);
      List<RatesResult.UnitRate> units = new ArrayList<>();
      for (Row r : rows) {
        units.add(new RatesResult.UnitRate(r.getAs("period"), r.getAs("source"), r.getAs("unit"),
            r.<Long>getAs("expected"), r.<Long>getAs("received"), r.<Long>getAs("on_time"), r.<Long>getAs("valid"),
            r.getAs("coverage"), r.getAs("timeliness"), r.getAs("validity"), r.getAs("completeness"), r.getAs("score"),
            r.<Integer>getAs("rank_in_source"), r.<Integer>getAs("rank_overall")));
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      RatesResult r = new RatesResult(ctx.runId(), names, units, Map.of(TABLE, commit.version()), ms);
      LOG.info("{}: {} period(s), {} units, {} rows scored, v{}, {} ms", label, names.size(), r.distinctUnits(),
          units.size(), commit.version(), ms);
      return r;
    });
    OpsLog.append(spark, ctx, "rates", "all", started, "SUCCEEDED", 0, result.units().size(), 0, 0, null,
        result.durationMs(), result.tableVersions());
    return result;
  }

  /**
   * Per period, source and unit: expected, received, on time, valid, optional filled and total.
   * All sources go through each step together, with the source as a column: one shuffle per step
   * instead of one per source and step (a step's fixed cost, not its rows, is what a night pays).
   */
  private Dataset<Row> counts(SparkSession spark, LakeLayout lake, JobContext ctx, String label, RatesSettings settings,
      List<Dataset<Row>> cached) {
    List<Dataset<Row>> versions = new ArrayList<>();
    List<Dataset<Row>> broken = new ArrayList<>();
    List<String> activeSources = new ArrayList<>();
    List<SourceConfig> loanSources = new ArrayList<>();
    Column deadline = null;
    for (RatesSettings.Obligation o : settings.obligations()) {
      SourceConfig sc = ctx.config().source(o.source()).orElse(null);
      if (sc == null) {
        LOG.warn("{}: rates.obligations names source '{}', which is not configured; skipped", label, o.source());
        continue;
      }
      List<String> optional = o.optional().stream().filter(sc.headerFor()::containsKey).toList();
      versions.add(silverVersions(spark, lake, sc, optional));
      broken.add(quarantined(spark, lake, sc, o, optional, names.toArray()));
      Column d = deadline(o);
      Column ofSource = col("source").equalTo(sc.name());
      deadline = deadline == null ? when(ofSource, d) : deadline.when(ofSource, d);
      switch (o.expected()) {
        case "active_businesses" -> activeSources.add(sc.name());
        case "running_loans" -> loanSources.add(sc);
        default -> { } // every record received was owed: expected = received
      }
    }
    if (versions.isEmpty()) {
      throw new CreditLakeException("none of the sources in rates.obligations is configured: nothing to score");
    }

    // what was received: of the valid rows, the first version of each key, in the period its
    // event date falls in; every quarantined row. Shuffled once, by source and key: the window
    // after it, by source, period, unit and key, is clustered by that already, so Spark does not
    // shuffle every version a second time
    String first = "_first";
    Dataset<Row> received = unionAll(versions).withColumn("valid", lit(true))
        .unionByName(unionAll(broken), true)
        .repartition(col("source"), col("key"))
        .withColumn(first, row_number().over(Windows.partitionBy("source", "key", "valid")
            .orderBy(Tables.versionOrder())))
        .filter(not(col("valid")).or(col(first).equalTo(1)))
        .withColumn("period", when(col("valid"), periodOf(col("event"))).otherwise(col("period")))
        .filter(col("period").isin(names.toArray()))
        .select(col("source"), col("period"), col("unit"), col("key"), col("submitted"), col("event"),
            col("valid"), col("filled"), col("optional_n"));

    // one row per key and period, as first delivered
    Dataset<Row> firsts = Windows.first(received,
            Windows.partitionBy("source", "period", "unit", "key")
                // ties broken on every column kept, so a rerun picks the same row
                .orderBy(col("submitted").asc_nulls_last(), col("valid").desc(), col("event").asc_nulls_last(),
                    col("filled").desc()))
        .withColumn("on_time", col("submitted").isNotNull().and(col("submitted").leq(deadline)))
        // four uses: the counts per unit (twice: joined, and for each source's top unit), the
        // businesses reported and the loans reported, the last two filtered on the source, which
        // Spark pushes below the windows; uncached, tax's versions were scanned and sorted three
        // times and the loans' twice (a quarter of the step at 1/4 scale)
        .persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(firsts);
    Dataset<Row> perUnit = firsts.groupBy("source", "period", "unit").agg(
        count(lit(1)).as("received"),
        sum(when(col("on_time"), 1L).otherwise(0L)).as("on_time"),
        sum(when(col("valid"), 1L).otherwise(0L)).as("valid"),
        sum(col("filled").cast("long")).as("optional_filled"),
        sum(col("optional_n").cast("long")).as("optional_total"));

    // what was owed, where a list says so (otherwise what was received, below)
    Dataset<Row> lifespans = lifespans(spark, lake);
    List<Dataset<Row>> owed = new ArrayList<>();
    if (!activeSources.isEmpty()) {
      owed.add(activeBusinesses(spark, lifespans, firsts, perUnit, activeSources));
    }
    for (SourceConfig sc : loanSources) {
      owed.add(runningLoans(lake, sc, lifespans, firsts.filter(col("source").equalTo(sc.name()))));
    }
    Dataset<Row> withOwed = owed.isEmpty() ? perUnit.withColumn("expected", lit(null).cast("long"))
        : perUnit.join(unionAll(owed), Names.seq("source", "period", "unit"), "full_outer");
    return withOwed.select(col("period"), col("source"), col("unit"),
        coalesce(col("expected"), col("received"), lit(0L)).as("expected"),
        coalesce(col("received"), lit(0L)).as("received"), coalesce(col("on_time"), lit(0L)).as("on_time"),
        coalesce(col("valid"), lit(0L)).as("valid"), coalesce(col("optional_filled"), lit(0L)).as("optional_filled"),
        coalesce(col("optional_total"), lit(0L)).as("optional_total"));
  }

  /** Every version of every record of a source in silver, with what the rates need of it. */
  private static Dataset<Row> silverVersions(SparkSession spark, LakeLayout lake, SourceConfig sc, List<String> optional) {
    Column filled = lit(0);
    for (String f : optional) {
      filled = filled.plus(when(col(f).isNotNull(), 1).otherwise(0));
    }
    return spark.read().format("delta").load(lake.silver(sc.source())).select(lit(sc.name()).as("source"),
        col(Tables.RECORD_KEY).as("key"), col(Tables.KNOWN_SINCE), col(Tables.BATCH_DATE), col(Tables.SOURCE_FILE),
        col(Tables.LINE), col(Tables.EVENT_DATE).as("event"), col(Tables.REPORTING_UNIT).as("unit"),
        col(Tables.SUBMITTED).as("submitted"), filled.as("filled"), lit(optional.size()).as("optional_n"));
  }

  /** A source's quarantined rows whose (parsed) date falls in a period scored: received, not valid. */
  private static Dataset<Row> quarantined(SparkSession spark, LakeLayout lake, SourceConfig sc, RatesSettings.Obligation o,
      List<String> optional, Object[] scored) {
    Column qFilled = lit(0);
    for (String f : optional) {
      qFilled = qFilled.plus(when(RowValidator.clean(col(Tables.RAW).getItem(f)).isNotNull(), 1).otherwise(0));
    }
    List<Column> keyParts = new ArrayList<>();
    for (String k : sc.key()) {
      keyParts.add(coalesce(RowValidator.clean(col(Tables.RAW).getItem(k)), lit("")));
    }
    // a row whose event date is after its submission has a wrong event date: it is taken to
    // describe the period its submission implies (the month before, for monthly reports)
    // an unreadable submission date: the row was submitted when it arrived
    Column submitted = coalesce(date(sc, col(Tables.RAW).getItem(sc.submissionDate())), col(Tables.BATCH_DATE));
    Column implied = o.deadlineMonths() != null ? last_day(add_months(submitted, -1)) : submitted;
    return spark.read().format("delta").load(lake.quarantine())
        .filter(col(Tables.SOURCE).equalTo(sc.name()))
        .withColumn("event", when(array_contains(col(Tables.REASONS), Reasons.EVENT_AFTER_SUBMISSION), implied)
            .otherwise(date(sc, col(Tables.RAW).getItem(sc.eventDate()))))
        .withColumn("period", periodOf(col("event")))
        .filter(col("period").isin(scored))
        .select(lit(sc.name()).as("source"), col("period"),
            coalesce(RowValidator.clean(col(Tables.RAW).getItem(sc.reportingUnit())), lit("?")).as("unit"),
            concat_ws("|", keyParts.toArray(Column[]::new)).as("key"),
            submitted.as("submitted"), col("event"),
            lit(false).as("valid"), qFilled.as("filled"), lit(optional.size()).as("optional_n"));
  }

  /** A record's deadline under an obligation, from its {@code event} date and {@code period}. */
  private Column deadline(RatesSettings.Obligation o) {
    if (o.deadlineDays() != null) {
      return date_add(col("event"), o.deadlineDays());
    }
    List<Column> entries = new ArrayList<>();
    for (YearMonth p : periods) {
      entries.add(lit(p.toString()));
      entries.add(lit(Date.valueOf(deadline(p, o))));
    }
    return element_at(map(entries.toArray(Column[]::new)), col("period"));
  }

  private static Dataset<Row> unionAll(List<Dataset<Row>> parts) {
    return parts.stream().reduce(Dataset::unionByName).orElseThrow();
  }

  /**
   * Per business of the registry, the first and last period it is active in: founded on or
   * before the period's last day, and not revoked or deregistered on or before its first day.
   * {@code from_period} is null when no founding date is known (never active), {@code to_period}
   * is {@value #NEVER} when it never ended.
   */
  private static Dataset<Row> lifespans(SparkSession spark, LakeLayout lake) {
    Column ends = col("event_type").equalTo("STATUS_CHANGED").and(col("status").isin("REVOKED", "DEREGISTERED"));
    return spark.read().format("delta").load(lake.silver(Source.REGISTRATION))
        .groupBy("uscc").agg(min("founding_date").as("founded"), min(when(ends, col("event_date"))).as("ended"))
        // ended on the 1st of a month: not active in it; later in the month: active in it
        .select(col("uscc"), periodOf(col("founded")).as("from_period"),
            coalesce(periodOf(date_sub(col("ended"), 1)), lit(NEVER)).as("to_period"));
  }

  /** Whether the business of a {@link #lifespans} row is active in the row's {@code period}. */
  private static Column activeIn() {
    return coalesce(col("from_period").leq(col("period")).and(col("period").leq(col("to_period"))), lit(false));
  }

  /**
   * For the sources in {@code sources}: a record for every business active in the period by the
   * registry (founded by its end, not revoked or deregistered before its start), and for any
   * business the unit reported anyway.
   */
  private Dataset<Row> activeBusinesses(SparkSession spark, Dataset<Row> lifespans, Dataset<Row> firsts,
      Dataset<Row> perUnit, List<String> sources) {
    Dataset<Row> active = activeCounts(spark, lifespans);
    // the unit with the most records in a period owes them all, and any other business it reported
    Dataset<Row> top = Windows.first(perUnit.filter(col("source").isin(sources.toArray())),
            Window.partitionBy("source", "period").orderBy(col("received").desc(), col("unit")))
        .select(col("source"), col("period"), col("unit"), lit(true).as("_top"));
    Dataset<Row> reported = firsts.filter(col("source").isin(sources.toArray()))
        .select(col("source"), col("period"), col("unit"), split(col("key"), "\\|").getItem(0).as("uscc"))
        .distinct().join(lifespans, Names.seq("uscc"), "left")
        .groupBy("source", "period", "unit")
        .agg(count(lit(1)).as("reported"), sum(when(activeIn(), 0L).otherwise(1L)).as("inactive"));
    return reported.join(top, Names.seq("source", "period", "unit"), "left").join(active, Names.seq("period"), "left")
        .select(col("source"), col("period"), col("unit"),
            when(col("_top"), coalesce(col("active"), lit(0L)).plus(col("inactive"))).otherwise(col("reported")).as("expected"));
  }

  /** Per period scored, the businesses active in it by the registry: {@code period, active}. */
  Dataset<Row> activeCounts(SparkSession spark, LakeLayout lake) {
    return activeCounts(spark, lifespans(spark, lake));
  }

  private Dataset<Row> activeCounts(SparkSession spark, Dataset<Row> lifespans) {
    // at full scale a million businesses × every period is too big to join: businesses with the
    // same first and last active period are counted together first (at most periods² groups)
    return lifespans.groupBy("from_period", "to_period").agg(count(lit(1)).as("n"))
        .crossJoin(periodTable(spark)).filter(activeIn())
        .groupBy("period").agg(sum("n").as("active"));
  }

  /**
   * Per bank: every loan it reports for the period; every loan whose latest report of the three
   * months before is still running (not past maturity, or non-performing) and whose borrower was
   * not revoked or deregistered before the period; and every loan it reports for the month after
   * that had started by the period's end — a loan reported before and after a month was owed in it.
   */
  private Dataset<Row> runningLoans(LakeLayout lake, SourceConfig sc, Dataset<Row> lifespans, Dataset<Row> firsts) {
    SparkSession spark = firsts.sparkSession();
    // the latest version of each report; versions known since the same day, the latest delivered
    Dataset<Row> loans = Windows.first(spark.read().format("delta").load(lake.silver(sc.source())),
        Windows.partitionBy(Tables.RECORD_KEY).orderBy(Tables.latestVersionFirst()));
    Column event = col(Tables.EVENT_DATE);
    // a report is one of the three months before each of the three periods after its own
    Dataset<Row> prior = Windows.first(loans
        .withColumn("period", explode(array(periodOf(add_months(event, 1)), periodOf(add_months(event, 2)),
            periodOf(add_months(event, 3)))))
        .filter(col("period").isin(names.toArray())), Windows.partitionBy("period", "loan_id").orderBy(event.desc()));
    Column nonPerforming = col("classification").isin("SUBSTANDARD", "DOUBTFUL", "LOSS");
    Column ended = coalesce(col("period").gt(col("to_period")), lit(false));
    Column owed = nonPerforming.or(col("maturity_date").geq(firstDay(col("period"))).and(not(ended)));
    Dataset<Row> carried = prior.join(lifespans.select("uscc", "to_period"), Names.seq("uscc"), "left").filter(owed)
        .select(col("period"), col(Tables.REPORTING_UNIT).as("unit"), col("loan_id"));
    Dataset<Row> following = loans.withColumn("period", periodOf(add_months(event, -1)))
        .filter(col("period").isin(names.toArray()))
        .filter(col("start_date").leq(last_day(firstDay(col("period")))))
        .select(col("period"), col(Tables.REPORTING_UNIT).as("unit"), col("loan_id"));
    Dataset<Row> reported = firsts.select(col("period"), col("unit"), split(col("key"), "\\|").getItem(0).as("loan_id"));
    return carried.unionByName(following).unionByName(reported).distinct()
        .groupBy("period", "unit").agg(count(lit(1)).as("expected"))
        .select(lit(sc.name()).as("source"), col("period"), col("unit"), col("expected"));
  }

  /** The periods scored, one row each. */
  private Dataset<Row> periodTable(SparkSession spark) {
    List<Row> rows = periods.stream().map(p -> RowFactory.create(p.toString())).toList();
    return spark.createDataFrame(rows, DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("period", DataTypes.StringType, false)}));
  }

  /** The rates, composite score and ranks. */
  private static Dataset<Row> score(Dataset<Row> counts, Map<String, Double> weights, String runId) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    Column coverage = ratio(col("received"), col("expected"));
    Column timeliness = ratio(col("on_time"), col("received"));
    Column validity = ratio(col("valid"), col("received"));
    Column completeness = ratio(col("optional_filled"), col("optional_total"));
    Dataset<Row> rated = counts.withColumn("coverage", coverage).withColumn("timeliness", timeliness)
        .withColumn("validity", validity).withColumn("completeness", completeness)
        .withColumn("score", round(coalesce(col("coverage"), lit(0.0)).multiply(weights.get("coverage"))
            .plus(coalesce(col("timeliness"), lit(0.0)).multiply(weights.get("timeliness")))
            .plus(coalesce(col("validity"), lit(0.0)).multiply(weights.get("validity")))
            .plus(coalesce(col("completeness"), lit(1.0)).multiply(weights.get("completeness")))
            .multiply(100.0 / total), 2));
    return rated
        .withColumn("rank_in_source", dense_rank().over(Window.partitionBy("period", "source").orderBy(col("score").desc())))
        .withColumn("rank_overall", dense_rank().over(Window.partitionBy("period").orderBy(col("score").desc())))
        .withColumn("_run_id", lit(runId)).withColumn("_computed_at", current_timestamp())
        .select(java.util.Arrays.stream(SCHEMA.fieldNames()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  private static Column ratio(Column a, Column b) {
    return when(b.gt(0), round(a.cast("double").divide(b), 4));
  }

  /** The period ({@code yyyy-MM}) a date falls in. */
  private static Column periodOf(Column date) {
    return date_format(date, "yyyy-MM");
  }

  private static Column firstDay(Column period) {
    return to_date(concat(period, lit("-01")));
  }

  /** "2026-08", "2025-01..2025-06" for consecutive months, else the months listed. */
  public static String label(List<YearMonth> periods) {
    List<YearMonth> sorted = new TreeSet<>(periods).stream().toList();
    YearMonth first = sorted.get(0);
    YearMonth last = sorted.get(sorted.size() - 1);
    if (sorted.size() == 1) {
      return first.toString();
    }
    boolean consecutive = first.plusMonths(sorted.size() - 1L).equals(last);
    return consecutive ? first + ".." + last : sorted.stream().map(YearMonth::toString).collect(Collectors.joining(","));
  }

  /** A raw date text parsed with the source's formats, or null. */
  private static Column date(SourceConfig sc, Column raw) {
    Column text = RowValidator.clean(raw);
    Column[] attempts = sc.dateFormats().stream().map(f -> to_date(try_to_timestamp(text, lit(f)))).toArray(Column[]::new);
    return attempts.length == 1 ? attempts[0] : coalesce(attempts);
  }

  /** The deadline of a monthly obligation for a period. */
  private static LocalDate deadline(YearMonth period, RatesSettings.Obligation o) {
    YearMonth due = period.plusMonths(o.deadlineMonths());
    return due.atDay(Math.min(o.deadlineDay(), due.lengthOfMonth()));
  }

  /** The day a period closes: the last deadline of its last day's records has passed. */
  public static LocalDate closes(YearMonth period, RatesSettings settings) {
    LocalDate last = period.atEndOfMonth();
    for (RatesSettings.Obligation o : settings.obligations()) {
      LocalDate d = o.deadlineDays() != null ? period.atEndOfMonth().plusDays(o.deadlineDays()) : deadline(period, o);
      last = d.isAfter(last) ? d : last;
    }
    return last;
  }

  /** The latest period closed by business date {@code d} (its deadlines on or before d). */
  public static YearMonth latestClosed(LocalDate d, RatesSettings settings) {
    YearMonth p = YearMonth.from(d);
    while (closes(p, settings).isAfter(d)) {
      p = p.minusMonths(1);
    }
    return p;
  }
}
