package io.creditlake.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.creditlake.common.config.ModelSettings;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Runs;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.reference.ReferenceTables;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Windows;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.flag.FlagsJob;
import io.creditlake.jobs.profile.ProfileFeatures;
import io.creditlake.jobs.rate.RatesJob;
import io.creditlake.jobs.run.RunJob;
import io.creditlake.jobs.report.ReportData.Count;
import io.creditlake.jobs.report.ReportData.DistrictGrades;
import io.creditlake.jobs.report.ReportData.Feature;
import io.creditlake.jobs.report.ReportData.FlagCount;
import io.creditlake.jobs.report.ReportData.Ingest;
import io.creditlake.jobs.report.ReportData.Point;
import io.creditlake.jobs.report.ReportData.Psi;
import io.creditlake.jobs.report.ReportData.Risky;
import io.creditlake.jobs.report.ReportData.Step;
import io.creditlake.jobs.report.ReportData.UnitRate;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code creditlake report}: the night's run as one self-contained HTML page — the run's steps,
 * data quality, grades, new flags, the riskiest businesses, the reporting units' league table,
 * the model and its drift — written to the lake's {@code reports/} folder (or {@code --out}).
 *
 * <p>Every figure is an aggregate or a short list computed in Spark; only those small results
 * reach the driver, so the report costs the same at 45 M records as on the sample.
 */
public final class ReportJob {

  private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);

  /** The job name {@code creditlake run} records its steps under in {@code ops/runs}. */
  static final String RUN_JOB = "run";
  static final String ALERT_JOB = RunJob.ALERT_JOB;
  /** Months of the league table's trend. */
  static final int TREND_PERIODS = 24;

  /** Rows in the page's lists (new flags, top risk). */
  static final int LIST_LIMIT = 50;
  static final int TOP = 20;
  /** Ingests per source in the quarantine trend. */
  static final int TREND_INGESTS = 30;
  /** Points of the ROC curve drawn (the stored curve has one per distinct score). */
  static final int ROC_POINTS = 200;

  private final LocalDate date;
  private final String out;

  /** @param out where to write the page (a path or URI), or null for {@code <lake>/reports/report-<date>.html} */
  public ReportJob(LocalDate date, String out) {
    this.date = date;
    this.out = out;
  }

  public ReportResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    LakeLayout lake = ctx.lake();
    ReportData data = JobLabel.with(spark, ctx.runId(), "report " + date, () -> read(spark, ctx));
    ReportPage.Rendered page = ReportPage.render(data);
    String target = out != null ? LakeLayout.toUri(out) : lake.reports() + "/report-" + date + ".html";
    byte[] bytes = page.html().getBytes(StandardCharsets.UTF_8);
    write(spark, target, bytes);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.info("report {}: {} charts, {} KiB, written to {} in {} ms", date, page.charts(), bytes.length / 1024, target, ms);
    return new ReportResult(ctx.runId(), date, target, bytes.length, page.charts(), data.scoreDate(), data.ratesPeriod(),
        data.model() == null ? null : data.model().name() + " " + data.model().version(), ms);
  }

  ReportData read(SparkSession spark, JobContext ctx) {
    LakeLayout lake = ctx.lake();
    ModelSettings ms = ctx.config().model();
    List<String> gradeNames = ms.grades().stream().map(ModelSettings.Grade::grade).toList();
    ReferenceTables ref = ReferenceTables.load();

    Optional<Dataset<Row>> runs = table(spark, lake.runs());
    List<Step> steps = runs.map(r -> steps(r)).orElse(List.of());
    String runId = runs.flatMap(r -> latest(r.filter(col(Runs.JOB).equalTo(RUN_JOB)
        .and(col(Runs.DATE_TO).equalTo(lit(Date.valueOf(date))))), Runs.RUN_ID)).orElse(null);
    List<ReportData.Alert> alerts = runs.map(this::alerts).orElse(List.of());
    List<Ingest> ingest = runs.map(this::ingest).orElse(List.of());
    List<ReportData.Share> trend = runs.map(this::quarantineTrend).orElse(List.of());
    List<ReportData.Reason> reasons = runs.flatMap(r -> table(spark, lake.quarantine()).map(q -> reasons(r, q)))
        .orElse(List.of());

    // scores of the latest snapshot on or before the date
    Optional<Dataset<Row>> scoresTable = table(spark, lake.gold("risk_scores"))
        .map(s -> s.filter(col("model_name").equalTo(ms.name())));
    LocalDate scoreDate = scoresTable.flatMap(s -> latestDate(s, "snapshot_date")).orElse(null);
    List<Count> grades = new ArrayList<>();
    List<DistrictGrades> byDistrict = new ArrayList<>();
    List<Risky> top = new ArrayList<>();
    String modelName = null;
    String modelVersion = null;
    Dataset<Row> scores = null;
    if (scoreDate != null) {
      // the configured model's rows: the table holds one set per snapshot and model name
      scores = scoresTable.get().filter(col("snapshot_date").equalTo(lit(Date.valueOf(scoreDate)))
          .and(col("model_name").equalTo(ms.name())));
      List<Row> cells = scores.groupBy("district_code", "grade").agg(count(lit(1)).as("n")).collectAsList();
      List<String> names = new ArrayList<>(gradeNames); // and any grade the bands no longer have, last
      cells.stream().map(r -> r.getString(1) == null ? "?" : r.getString(1)).filter(g -> !names.contains(g)).distinct()
          .sorted().forEach(names::add);
      Map<String, Long> byGrade = new LinkedHashMap<>();
      names.forEach(g -> byGrade.put(g, 0L));
      Map<String, long[]> districts = new TreeMap<>();
      for (Row r : cells) {
        String g = r.getString(1) == null ? "?" : r.getString(1);
        long n = r.getLong(2);
        byGrade.merge(g, n, Long::sum);
        districts.computeIfAbsent(district(ref, r.getString(0)), k -> new long[names.size()])[names.indexOf(g)] += n;
      }
      byGrade.forEach((g, n) -> grades.add(new Count(g, n)));
      districts.forEach((k, v) -> byDistrict.add(new DistrictGrades(k, v)));
      for (Row r : scores.orderBy(desc("probability"), col("uscc")).limit(TOP).collectAsList()) {
        top.add(new Risky(r.getAs("uscc"), r.getAs("name"), district(ref, r.getAs("district_code")),
            industry(ref, r.getAs("industry_section")), r.<Integer>getAs("score"), r.getAs("grade"),
            r.isNullAt(r.fieldIndex("probability")) ? Double.NaN : r.<Double>getAs("probability"),
            r.isNullAt(r.fieldIndex("reasons")) ? List.of() : r.getList(r.fieldIndex("reasons"))));
      }
      List<Row> m = scores.groupBy("model_name", "model_version").count().orderBy(desc("count")).limit(1).collectAsList();
      if (!m.isEmpty()) {
        modelName = m.get(0).getString(0);
        modelVersion = m.get(0).getString(1);
      } else {
        scoreDate = null; // another model's scores only
      }
    }

    // flags of the latest flag snapshot on or before the date
    List<FlagCount> byCode = new ArrayList<>();
    List<ReportData.Flag> newFlags = new ArrayList<>();
    Optional<Dataset<Row>> flagsTable = table(spark, lake.gold(FlagsJob.TABLE));
    Optional<LocalDate> flagDate = flagsTable.flatMap(f -> latestDate(f, "snapshot_date"));
    if (flagDate.isPresent()) {
      Dataset<Row> flags = flagsTable.get().filter(col("snapshot_date").equalTo(lit(Date.valueOf(flagDate.get()))));
      Column rank = when(col("severity").equalTo("HIGH"), 0).when(col("severity").equalTo("MEDIUM"), 1).otherwise(2);
      for (Row r : flags.groupBy("flag_code", "severity")
          .agg(count(lit(1)).as("n"), sum(when(col("is_new"), 1L).otherwise(0L)).as("fresh"))
          .orderBy(rank.asc(), col("fresh").desc(), col("flag_code")).collectAsList()) {
        byCode.add(new FlagCount(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3)));
      }
      // rules before the model's grade flags: a rule names a concrete event to look at
      Column ruleFirst = when(col("origin").equalTo("rule"), 0).otherwise(1);
      Dataset<Row> fresh = flags.filter(col("is_new")).orderBy(rank.asc(), ruleFirst, col("flag_code"), col("uscc"))
          .limit(LIST_LIMIT);
      Dataset<Row> names = names(spark, lake, flagDate.get(), flagDate.get().equals(scoreDate) ? scores : null);
      for (Row r : fresh.join(names, fresh.col("uscc").equalTo(names.col("n_uscc")), "left")
          .orderBy(rank.asc(), ruleFirst, col("flag_code"), col("uscc")).collectAsList()) {
        newFlags.add(new ReportData.Flag(r.getAs("uscc"), r.getAs("name"), r.getAs("flag_code"), r.getAs("severity"),
            r.getAs("description")));
      }
    }

    // the league table: the latest scored period up to the date's month, and every period's scores
    String period = null;
    List<UnitRate> league = new ArrayList<>();
    List<UnitRate> leagueTrend = new ArrayList<>();
    Optional<Dataset<Row>> ratesTable = table(spark, lake.gold(RatesJob.TABLE));
    if (ratesTable.isPresent()) {
      Dataset<Row> rates = ratesTable.get().filter(col("period").leq(YearMonth.from(date).toString())
          .and(col("period").gt(YearMonth.from(date).minusMonths(TREND_PERIODS + 1).toString())));
      for (Row r : rates.orderBy("period", "source", "unit").collectAsList()) {
        UnitRate u = new UnitRate(r.getAs("period"), r.getAs("source"), r.getAs("unit"), r.<Double>getAs("score"),
            r.getAs("coverage"), r.getAs("timeliness"), r.getAs("validity"), r.getAs("completeness"),
            r.getAs("rank_overall"), r.<Long>getAs("expected"), r.<Long>getAs("received"));
        leagueTrend.add(u);
        period = period == null || u.period().compareTo(period) > 0 ? u.period() : period;
      }
      String p = period;
      league.addAll(leagueTrend.stream().filter(u -> u.period().equals(p))
          .sorted(Comparator.comparing(UnitRate::rank, Comparator.nullsLast(Comparator.naturalOrder()))
              .thenComparing(UnitRate::source).thenComparing(UnitRate::unit)).toList());
    }

    ReportData.Model model = modelName == null ? null : model(spark, lake, modelName, modelVersion);
    List<Psi> drift = new ArrayList<>();
    List<Psi> scoreDrift = new ArrayList<>();
    Optional<Dataset<Row>> monitoring = table(spark, lake.gold("model_monitoring"));
    if (monitoring.isPresent() && modelName != null) {
      Dataset<Row> mon = monitoring.get().filter(col("model_name").equalTo(modelName)
          .and(col("model_version").equalTo(modelVersion)).and(col("snapshot_date").leq(lit(Date.valueOf(date)))));
      Optional<LocalDate> last = latestDate(mon, "snapshot_date");
      for (Row r : mon.filter(col("kind").equalTo("score").or(col("snapshot_date").equalTo(
          lit(last.map(Date::valueOf).orElse(null))))).orderBy(col("snapshot_date"), desc("psi")).collectAsList()) {
        Psi p = new Psi(r.<Date>getAs("snapshot_date").toLocalDate(), r.getAs("variable"), r.getAs("kind"),
            r.isNullAt(r.fieldIndex("psi")) ? Double.NaN : r.<Double>getAs("psi"),
            r.isNullAt(r.fieldIndex("verdict")) ? "not measured" : r.getAs("verdict"));
        if (p.kind().equals("score")) {
          scoreDrift.add(p);
        }
        if (last.isPresent() && p.date().equals(last.get())) {
          drift.add(p);
        }
      }
      drift.sort(Comparator.comparingDouble((Psi p) -> Double.isNaN(p.psi()) ? -1 : p.psi()).reversed());
    }
    return new ReportData(date, lake.root(), Instant.now(), runId, steps, alerts, ingest, reasons, trend, scoreDate, grades,
        byDistrict, flagDate.orElse(null), byCode, newFlags, top, period, league, leagueTrend, model, drift, scoreDrift);
  }

  /** The night's steps: the latest attempt at each, in the run's order. */
  private List<Step> steps(Dataset<Row> runs) {
    // not the report's own row: the page being made is this attempt's, not an earlier one's
    Dataset<Row> rows = latestPer(runs.filter(col(Runs.JOB).equalTo(RUN_JOB)
        .and(col(Runs.DATE_TO).equalTo(lit(Date.valueOf(date)))).and(col(Runs.SOURCE).notEqual("report"))), Runs.SOURCE);
    List<String> order = List.of("ingest", "profiles", "flags", "train", "score", "rates", "report");
    List<Step> steps = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      steps.add(new Step(r.getAs(Runs.SOURCE), r.getAs(Runs.STATUS), r.<Long>getAs(Runs.ROWS_READ),
          r.<Long>getAs(Runs.ROWS_WRITTEN), r.<Long>getAs(Runs.ROWS_QUARANTINED), r.<Long>getAs(Runs.DURATION_MS) / 1000.0,
          r.getAs(Runs.MESSAGE), r.<Timestamp>getAs(Runs.STARTED_AT).toInstant()));
    }
    steps.sort(Comparator.comparingInt((Step s) -> order.indexOf(s.step().split(":")[0])).thenComparing(Step::step));
    return steps;
  }

  /**
   * The date's alerts, each once: of each check, those of the run that made it last (a rerun
   * that no longer finds a missing file clears it); without a record of the check, all.
   */
  private List<ReportData.Alert> alerts(Dataset<Row> runs) {
    List<Row> rows = runs.filter(col(Runs.JOB).equalTo(ALERT_JOB).and(col(Runs.DATE_TO).equalTo(lit(Date.valueOf(date)))))
        .select(Runs.RUN_ID, Runs.SOURCE, Runs.MESSAGE, Runs.STARTED_AT).collectAsList(); // a few per night
    Map<String, Row> lastCheck = new java.util.HashMap<>();
    for (Row r : rows) {
      if (r.getString(1).startsWith(RunJob.CHECKED)) {
        lastCheck.merge(r.getString(1).substring(RunJob.CHECKED.length()), r,
            (a, b) -> a.getTimestamp(3).after(b.getTimestamp(3)) ? a : b);
      }
    }
    java.util.Set<String> seen = new java.util.TreeSet<>();
    List<ReportData.Alert> out = new ArrayList<>();
    for (Row r : rows) {
      String key = r.getString(1);
      int colon = key.indexOf(':');
      if (key.startsWith(RunJob.CHECKED) || colon < 0) {
        continue;
      }
      String kind = key.substring(0, colon);
      String subject = key.substring(colon + 1);
      Row check = lastCheck.get(RunJob.checkKey(kind, subject));
      if ((check == null || check.getString(0).equals(r.getString(0))) && seen.add(key + "\n" + r.getString(2))) {
        out.add(new ReportData.Alert(kind, subject, r.getString(2)));
      }
    }
    out.sort(Comparator.comparing(ReportData.Alert::kind).thenComparing(ReportData.Alert::subject)
        .thenComparing(ReportData.Alert::message));
    return out;
  }

  /** Each source's latest ingest recorded for the date (a range's first load counts as its last date). */
  private List<Ingest> ingest(Dataset<Row> runs) {
    List<Ingest> out = new ArrayList<>();
    for (Row r : latestPer(runs.filter(col(Runs.JOB).equalTo("ingest").and(col(Runs.DATE_TO).equalTo(lit(Date.valueOf(date))))),
        Runs.SOURCE).orderBy(Runs.SOURCE).collectAsList()) {
      out.add(new Ingest(r.getAs(Runs.SOURCE), r.getAs(Runs.STATUS), r.<Long>getAs(Runs.ROWS_READ),
          r.<Long>getAs(Runs.ROWS_WRITTEN), r.<Long>getAs(Runs.ROWS_QUARANTINED), r.<Long>getAs(Runs.ROWS_DUPLICATE)));
    }
    return out;
  }

  /** The quarantined share of each source's last ingests up to the date. */
  private List<ReportData.Share> quarantineTrend(Dataset<Row> runs) {
    Dataset<Row> ok = latestPer(runs.filter(col(Runs.JOB).equalTo("ingest").and(col(Runs.STATUS).equalTo(Runs.SUCCEEDED))
        .and(col(Runs.DATE_TO).leq(lit(Date.valueOf(date)))).and(col(Runs.ROWS_READ).gt(0))), Runs.SOURCE, Runs.DATE_TO)
        .withColumn("_k", row_number().over(Window.partitionBy(Runs.SOURCE).orderBy(col(Runs.DATE_TO).desc())))
        .filter(col("_k").leq(TREND_INGESTS));
    List<ReportData.Share> out = new ArrayList<>();
    for (Row r : ok.orderBy(Runs.SOURCE, Runs.DATE_TO).collectAsList()) {
      out.add(new ReportData.Share(r.getAs(Runs.SOURCE), r.<Date>getAs(Runs.DATE_TO).toLocalDate(),
          (double) r.<Long>getAs(Runs.ROWS_QUARANTINED) / r.<Long>getAs(Runs.ROWS_READ)));
    }
    return out;
  }

  /**
   * Quarantine reasons of the rows the date's ingests quarantined (each source's latest ingest:
   * its run and its batch dates), most frequent first.
   */
  private List<ReportData.Reason> reasons(Dataset<Row> runs, Dataset<Row> quarantine) {
    Column which = null;
    for (Row r : latestPer(runs.filter(col(Runs.JOB).equalTo("ingest").and(col(Runs.DATE_TO).equalTo(lit(Date.valueOf(date))))),
        Runs.SOURCE).select(Runs.SOURCE, Runs.RUN_ID, Runs.DATE_FROM, Runs.DATE_TO).collectAsList()) {
      Column c = col(Tables.SOURCE).equalTo(r.getString(0)).and(col(Tables.RUN_ID).equalTo(r.getString(1)))
          .and(col(Tables.BATCH_DATE).between(r.getDate(2), r.getDate(3)));
      which = which == null ? c : which.or(c);
    }
    if (which == null) {
      return List.of();
    }
    List<ReportData.Reason> out = new ArrayList<>();
    for (Row r : quarantine.filter(which)
        .select(col(Tables.SOURCE), explode(col(Tables.REASONS)).as("reason"))
        .groupBy(Tables.SOURCE, "reason").agg(count(lit(1)).as("n")).orderBy(desc("n"), col(Tables.SOURCE), col("reason"))
        .collectAsList()) {
      out.add(new ReportData.Reason(r.getString(0), r.getString(1), r.getLong(2)));
    }
    return out;
  }

  /** Business names on a snapshot: from its scores when there are any, else from its profiles. */
  private Dataset<Row> names(SparkSession spark, LakeLayout lake, LocalDate day, Dataset<Row> scores) {
    Dataset<Row> src = scores;
    if (src == null) {
      src = table(spark, lake.gold(ProfileFeatures.TABLE))
          .map(p -> p.filter(col("snapshot_date").equalTo(lit(Date.valueOf(day)))))
          .orElse(spark.createDataFrame(List.of(), org.apache.spark.sql.types.DataTypes.createStructType(List.of(
              org.apache.spark.sql.types.DataTypes.createStructField("uscc", org.apache.spark.sql.types.DataTypes.StringType, true),
              org.apache.spark.sql.types.DataTypes.createStructField("name", org.apache.spark.sql.types.DataTypes.StringType, true)))));
    }
    return src.select(col("uscc").as("n_uscc"), col("name"));
  }

  private ReportData.Model model(SparkSession spark, LakeLayout lake, String name, String version) {
    Optional<Dataset<Row>> t = table(spark, lake.gold("model_metrics"));
    if (t.isEmpty()) {
      return new ReportData.Model(name, version, "?", Map.of(), List.of(), List.of(), List.of(), List.of());
    }
    Dataset<Row> m = t.get().filter(col("model_name").equalTo(name).and(col("model_version").equalTo(version))
        .and(col("kind").isin("metric", "roc", "ks", "calibration", "feature")));
    String family = "?";
    Map<String, Double> metrics = new LinkedHashMap<>();
    List<Point> roc = new ArrayList<>();
    List<Point> ks = new ArrayList<>();
    List<Point> calibration = new ArrayList<>();
    List<Feature> features = new ArrayList<>();
    for (Row r : m.orderBy(col("kind"), col("seq"), col("name")).collectAsList()) {
      family = r.getAs("family");
      switch (r.<String>getAs("kind")) {
        case "metric" -> metrics.put(r.getAs("name"), dbl(r, "value")); // NaN: not defined (no positives…)
        case "roc" -> roc.add(point(r));
        case "ks" -> ks.add(point(r));
        case "calibration" -> calibration.add(point(r));
        case "feature" -> features.add(new Feature(r.getAs("name"), r.isNullAt(r.fieldIndex("iv")) ? 0 : r.<Double>getAs("iv"),
            !"dropped".equals(r.getAs("bin"))));
        default -> { }
      }
    }
    features.sort(Comparator.comparing(Feature::iv).reversed());
    return new ReportData.Model(name, version, family, metrics, thin(roc, ROC_POINTS), ks, calibration, features);
  }

  private static Point point(Row r) {
    return new Point(dbl(r, "x"), dbl(r, "y"), dbl(r, "y2"), r.isNullAt(r.fieldIndex("count")) ? 0 : r.<Long>getAs("count"));
  }

  private static double dbl(Row r, String f) {
    return r.isNullAt(r.fieldIndex(f)) ? Double.NaN : r.<Double>getAs(f);
  }

  /** At most n points, evenly spaced along the list, keeping the first and the last. */
  static List<Point> thin(List<Point> pts, int n) {
    if (pts.size() <= n) {
      return pts;
    }
    List<Point> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(pts.get((int) Math.round((double) i * (pts.size() - 1) / (n - 1))));
    }
    return out;
  }

  private String district(ReferenceTables ref, String code) {
    if (code == null) {
      return "(none)";
    }
    return ref.district(code, date).or(() -> ref.districts().stream().filter(d -> d.code().equals(code)).findFirst())
        .map(d -> d.nameZh() + " " + d.nameEn()).orElse(code);
  }

  private static String industry(ReferenceTables ref, String section) {
    if (section == null) {
      return "";
    }
    return ref.sections().stream().filter(s -> s.section().equals(section)).findFirst()
        .map(s -> section + " " + s.nameZh()).orElse(section);
  }

  /** The table, or empty when the lake does not have it yet. */
  private static Optional<Dataset<Row>> table(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path) ? Optional.of(spark.read().format("delta").load(path)) : Optional.empty();
  }

  /** The latest value of a date column on or before the report's date. */
  private Optional<LocalDate> latestDate(Dataset<Row> t, String column) {
    Row r = t.filter(col(column).leq(lit(Date.valueOf(date)))).agg(max(column)).first();
    return r.isNullAt(0) ? Optional.empty() : Optional.of(r.getDate(0).toLocalDate());
  }

  private static Optional<String> latest(Dataset<Row> runs, String column) {
    List<Row> r = runs.orderBy(col(Runs.STARTED_AT).desc()).select(column).limit(1).collectAsList();
    return r.isEmpty() ? Optional.empty() : Optional.ofNullable(r.get(0).getString(0));
  }

  /** The latest row (by start) per key. */
  private static Dataset<Row> latestPer(Dataset<Row> runs, String... keys) {
    return Windows.first(runs, Windows.partitionBy(keys).orderBy(col(Runs.STARTED_AT).desc()));
  }

  private static void write(SparkSession spark, String target, byte[] bytes) {
    Path p = new Path(target);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (p.getParent() != null) {
        fs.mkdirs(p.getParent());
      }
      try (OutputStream os = fs.create(p, true)) {
        os.write(bytes);
      }
    } catch (IOException e) {
      throw new CreditLakeException("could not write the report to " + target + ": " + e.getMessage()
          + " — check the path (--out) and that it is writable", e);
    }
  }
}
