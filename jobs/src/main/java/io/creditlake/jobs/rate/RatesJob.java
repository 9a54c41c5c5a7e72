package io.creditlake.jobs.rate;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.creditlake.common.config.RatesSettings;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.Source;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Names;
import io.creditlake.common.validation.Reasons;
import io.creditlake.common.validation.RowValidator;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import io.creditlake.jobs.profile.ProfilesJob;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gold/submission_rates}: for one period (the month records describe), each reporting
 * unit's records expected, received, on time and valid, its filled optional fields, the four
 * rates, a composite score 0–100 and its ranks — from silver (what arrived valid), quarantine
 * (what arrived broken) and the obligations in {@code conf/} ({@link RatesSettings}).
 *
 * <p>A record counts once, by its key, as its first delivery was: on time if that was submitted
 * by the deadline, valid if it was not quarantined.
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

  private final YearMonth period;

  public RatesJob(YearMonth period) {
    this.period = period;
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
    String label = "rates " + period;
    RatesResult result = JobLabel.with(spark, ctx.runId(), label, () -> {
      Dataset<Row> counts = null;
      for (RatesSettings.Obligation o : settings.obligations()) {
        SourceConfig sc = ctx.config().source(o.source()).orElse(null);
        if (sc == null) {
          LOG.warn("{}: rates.obligations names source '{}', which is not configured; skipped", label, o.source());
          continue;
        }
        Dataset<Row> c = unitCounts(spark, lake, sc, o);
        counts = counts == null ? c : counts.unionByName(c);
      }
      Dataset<Row> scored = score(counts, settings.weights(), ctx.runId()).persist();
      try {
        DeltaTables.Commit commit = DeltaTables.replace(scored, lake.gold(TABLE), "period = '" + period + "'");
        List<RatesResult.UnitRate> units = new ArrayList<>();
        for (Row r : scored.orderBy("rank_overall", "source", "unit").collectAsList()) {
          units.add(new RatesResult.UnitRate(r.getAs("source"), r.getAs("unit"), r.<Long>getAs("expected"),
              r.<Long>getAs("received"), r.<Long>getAs("on_time"), r.<Long>getAs("valid"), r.getAs("coverage"),
              r.getAs("timeliness"), r.getAs("validity"), r.getAs("completeness"), r.getAs("score"),
              r.<Integer>getAs("rank_in_source"), r.<Integer>getAs("rank_overall")));
        }
        LOG.info("{}: {} units scored, v{}, {} ms", label, units.size(), commit.version(), (System.nanoTime() - t0) / 1_000_000);
        return new RatesResult(ctx.runId(), period.toString(), units, Map.of(TABLE, commit.version()),
            (System.nanoTime() - t0) / 1_000_000);
      } finally {
        scored.unpersist();
      }
    });
    OpsLog.append(spark, ctx, "rates", "all", started, "SUCCEEDED", 0, result.units().size(), 0, 0, null,
        result.durationMs(), result.tableVersions());
    return result;
  }

  /** Per unit of one source: expected, received, on time, valid, optional filled and total. */
  private Dataset<Row> unitCounts(SparkSession spark, LakeLayout lake, SourceConfig sc, RatesSettings.Obligation o) {
    Source source = sc.source();
    List<String> optional = o.optional().stream().filter(sc.headerFor()::containsKey).toList();
    LocalDate first = period.atDay(1);
    LocalDate last = period.atEndOfMonth();

    // received valid: the first version of each key describing the period
    Column filled = lit(0);
    for (String f : optional) {
      filled = filled.plus(when(col(f).isNotNull(), 1).otherwise(0));
    }
    Dataset<Row> silver = spark.read().format("delta").load(lake.silver(source))
        .withColumn("_n", row_number().over(Window.partitionBy(Tables.RECORD_KEY)
            .orderBy(Tables.KNOWN_SINCE, Tables.BATCH_DATE, Tables.SOURCE_FILE, Tables.LINE)))
        .filter(col("_n").equalTo(1))
        .filter(inPeriod(col(Tables.EVENT_DATE)));
    Dataset<Row> received = silver.select(col(Tables.REPORTING_UNIT).as("unit"), col(Tables.RECORD_KEY).as("key"),
        col(Tables.SUBMITTED).as("submitted"), col(Tables.EVENT_DATE).as("event"), lit(true).as("valid"),
        filled.as("filled"));

    // received broken: quarantined rows of the source whose (parsed) date falls in the period
    Dataset<Row> quarantine = spark.read().format("delta").load(lake.quarantine())
        .filter(col(Tables.SOURCE).equalTo(sc.name()));
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
    Dataset<Row> broken = quarantine
        .withColumn("event", when(array_contains(col(Tables.REASONS), Reasons.EVENT_AFTER_SUBMISSION), implied)
            .otherwise(date(sc, col(Tables.RAW).getItem(sc.eventDate()))))
        .filter(inPeriod(col("event")))
        .select(coalesce(RowValidator.clean(col(Tables.RAW).getItem(sc.reportingUnit())), lit("?")).as("unit"),
            concat_ws("|", keyParts.toArray(Column[]::new)).as("key"),
            submitted.as("submitted"), col("event"),
            lit(false).as("valid"), qFilled.as("filled"));

    // one row per key, as first delivered
    Column deadline = o.deadlineDays() != null ? org.apache.spark.sql.functions.date_add(col("event"), o.deadlineDays())
        : lit(Date.valueOf(deadline(o)));
    Dataset<Row> firsts = received.unionByName(broken)
        .withColumn("_n", row_number().over(Window.partitionBy("unit", "key").orderBy(col("submitted").asc_nulls_last(),
            col("valid").desc())))
        .filter(col("_n").equalTo(1))
        .withColumn("on_time", col("submitted").isNotNull().and(col("submitted").leq(deadline)));
    Dataset<Row> perUnit = firsts.groupBy("unit").agg(
        count(lit(1)).as("received"),
        sum(when(col("on_time"), 1L).otherwise(0L)).as("on_time"),
        sum(when(col("valid"), 1L).otherwise(0L)).as("valid"),
        sum(col("filled").cast("long")).as("optional_filled"),
        count(lit(1)).multiply(optional.size()).as("optional_total"));

    Dataset<Row> expected = switch (o.expected()) {
      case "active_businesses" -> activeBusinesses(spark, lake, first, last, firsts);
      case "running_loans" -> runningLoans(spark, lake, source, first, last, firsts);
      default -> perUnit.select(col("unit"), col("received").as("expected"));
    };
    return perUnit.join(expected, Names.seq("unit"), "full_outer")
        .select(lit(period.toString()).as("period"), lit(sc.name()).as("source"), col("unit"),
            coalesce(col("expected"), col("received"), lit(0L)).as("expected"),
            coalesce(col("received"), lit(0L)).as("received"), coalesce(col("on_time"), lit(0L)).as("on_time"),
            coalesce(col("valid"), lit(0L)).as("valid"), coalesce(col("optional_filled"), lit(0L)).as("optional_filled"),
            coalesce(col("optional_total"), lit(0L)).as("optional_total"));
  }

  /**
   * A record for every business active in the period by the registry (founded by its end, not
   * revoked or deregistered before its start), and for any business the unit reported anyway.
   */
  private Dataset<Row> activeBusinesses(SparkSession spark, LakeLayout lake, LocalDate first, LocalDate last,
      Dataset<Row> firsts) {
    Dataset<Row> founded = spark.read().format("delta").load(lake.silver(Source.REGISTRATION))
        .filter(col("founding_date").leq(lit(Date.valueOf(last)))).select("uscc").distinct();
    Dataset<Row> active = founded.join(endedBy(spark, lake, first), Names.seq("uscc"), "left_anti");
    // the unit of a source with a single unit owes them all; the keys received add any it knew of
    Dataset<Row> unit = firsts.groupBy("unit").count().orderBy(col("count").desc()).limit(1).select("unit");
    Dataset<Row> reported = firsts.select(col("unit"), org.apache.spark.sql.functions.split(col("key"), "\\|").getItem(0).as("uscc"));
    return active.crossJoin(unit).select("unit", "uscc").unionByName(reported).distinct()
        .groupBy("unit").agg(count(lit(1)).as("expected"));
  }

  /**
   * Per bank: every loan it reports for the period; every loan whose latest report of the three
   * months before is still running (not past maturity, or non-performing) and whose borrower was
   * not revoked or deregistered before the period; and every loan it reports for the month after
   * that had started by the period's end — a loan reported before and after a month was owed in it.
   */
  private Dataset<Row> runningLoans(SparkSession spark, LakeLayout lake, Source source, LocalDate first, LocalDate last,
      Dataset<Row> firsts) {
    Dataset<Row> loans = spark.read().format("delta").load(lake.silver(source))
        .withColumn("_n", row_number().over(Window.partitionBy(Tables.RECORD_KEY).orderBy(col(Tables.KNOWN_SINCE).desc())))
        .filter(col("_n").equalTo(1)).drop("_n");
    Dataset<Row> prior = loans
        .filter(col(Tables.EVENT_DATE).geq(lit(Date.valueOf(first.minusMonths(3)))).and(col(Tables.EVENT_DATE).lt(lit(Date.valueOf(first)))))
        .withColumn("_n", row_number().over(Window.partitionBy("loan_id").orderBy(col(Tables.EVENT_DATE).desc())))
        .filter(col("_n").equalTo(1));
    Dataset<Row> ended = endedBy(spark, lake, first).withColumn("_ended", lit(true));
    Column nonPerforming = col("classification").isin("SUBSTANDARD", "DOUBTFUL", "LOSS");
    Column owed = nonPerforming.or(col("maturity_date").geq(lit(Date.valueOf(first))).and(col("_ended").isNull()));
    Dataset<Row> carried = prior.join(ended, Names.seq("uscc"), "left").filter(owed)
        .select(col(Tables.REPORTING_UNIT).as("unit"), col("loan_id"));
    Dataset<Row> following = loans.filter(inPeriod(col(Tables.EVENT_DATE), period.plusMonths(1)))
        .filter(col("start_date").leq(lit(Date.valueOf(last))))
        .select(col(Tables.REPORTING_UNIT).as("unit"), col("loan_id"));
    Dataset<Row> reported = firsts.select(col("unit"), org.apache.spark.sql.functions.split(col("key"), "\\|").getItem(0).as("loan_id"));
    return carried.unionByName(following).unionByName(reported).distinct().groupBy("unit").agg(count(lit(1)).as("expected"));
  }

  /** Businesses the registry shows revoked or deregistered on or before {@code day}. */
  private static Dataset<Row> endedBy(SparkSession spark, LakeLayout lake, LocalDate day) {
    return spark.read().format("delta").load(lake.silver(Source.REGISTRATION))
        .filter(col("event_type").equalTo("STATUS_CHANGED").and(col("status").isin("REVOKED", "DEREGISTERED"))
            .and(col("event_date").leq(lit(Date.valueOf(day)))))
        .select("uscc").distinct();
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

  private Column inPeriod(Column date) {
    return inPeriod(date, period);
  }

  private static Column inPeriod(Column date, YearMonth month) {
    return year(date).equalTo(month.getYear()).and(month(date).equalTo(month.getMonthValue()));
  }

  /** A raw date text parsed with the source's formats, or null. */
  private static Column date(SourceConfig sc, Column raw) {
    Column text = RowValidator.clean(raw);
    Column[] attempts = sc.dateFormats().stream().map(f -> to_date(try_to_timestamp(text, lit(f)))).toArray(Column[]::new);
    return attempts.length == 1 ? attempts[0] : coalesce(attempts);
  }

  /** The deadline of a monthly obligation for this period. */
  LocalDate deadline(RatesSettings.Obligation o) {
    return deadline(period, o);
  }

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
