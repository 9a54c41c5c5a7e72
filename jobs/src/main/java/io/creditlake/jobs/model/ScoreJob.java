package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.struct;

import io.creditlake.common.config.ModelSettings;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.errors.NoModelException;
import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.model.Grades;
import io.creditlake.common.model.Stability;
import io.creditlake.common.model.Woe;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Names;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import io.creditlake.jobs.flag.FlagsJob;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code creditlake score --date D}: every active business in D's profile snapshot gets the
 * probability of an adverse event within the horizon, its points, grade and top three reasons
 * ({@code gold/risk_scores}); grades configured as high risk raise {@code MODEL_HIGH_RISK} in
 * {@code gold/risk_flags} (origin {@code model}); and the population stability of the score and
 * of every feature against the training population goes to {@code gold/model_monitoring}.
 */
public final class ScoreJob implements Job<ScoreResult> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  public static final String SCORES = "risk_scores";
  public static final String MONITORING = "model_monitoring";
  public static final String FLAG = "MODEL_HIGH_RISK";
  public static final String ORIGIN_MODEL = "model";

  public static final StructType SCORES_SCHEMA = DataTypes.createStructType(new StructField[] {
      DataTypes.createStructField("snapshot_date", DataTypes.DateType, false),
      DataTypes.createStructField("uscc", DataTypes.StringType, false),
      DataTypes.createStructField("name", DataTypes.StringType, true),
      DataTypes.createStructField("district_code", DataTypes.StringType, true),
      DataTypes.createStructField("industry_section", DataTypes.StringType, true),
      DataTypes.createStructField("probability", DataTypes.DoubleType, false),
      DataTypes.createStructField("score", DataTypes.IntegerType, false),
      DataTypes.createStructField("grade", DataTypes.StringType, false),
      DataTypes.createStructField("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false),
      DataTypes.createStructField("model_name", DataTypes.StringType, false),
      DataTypes.createStructField("model_version", DataTypes.StringType, false),
      DataTypes.createStructField("_run_id", DataTypes.StringType, false),
      DataTypes.createStructField("_computed_at", DataTypes.TimestampType, false)});

  public static final StructType MONITORING_SCHEMA = DataTypes.createStructType(new StructField[] {
      DataTypes.createStructField("snapshot_date", DataTypes.DateType, false),
      DataTypes.createStructField("model_name", DataTypes.StringType, false),
      DataTypes.createStructField("model_version", DataTypes.StringType, false),
      DataTypes.createStructField("variable", DataTypes.StringType, false),
      DataTypes.createStructField("kind", DataTypes.StringType, false),
      DataTypes.createStructField("psi", DataTypes.DoubleType, true),
      DataTypes.createStructField("verdict", DataTypes.StringType, false),
      DataTypes.createStructField("rows", DataTypes.LongType, false),
      DataTypes.createStructField("_run_id", DataTypes.StringType, false),
      DataTypes.createStructField("_computed_at", DataTypes.TimestampType, false)});

  private final String version;

  /** @param version the model version to score with; null for the current one */
  public ScoreJob(String version) {
    this.version = version;
  }

  @Override
  public ScoreResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    ModelSettings settings = ctx.config().model();
    LakeLayout lake = ctx.lake();
    LocalDate date = ctx.to();
    ModelRegistry registry = new ModelRegistry(spark, lake, settings.name());
    String v = version;
    if (v == null) {
      v = registry.current().orElseThrow(() -> new NoModelException("no " + settings.name() + " model in "
          + registry.root() + " yet: run 'creditlake train --date " + date + "' first (it needs "
          + settings.horizonMonths() + " months of profiled history and more)"));
    }
    ModelRegistry.Loaded model = registry.load(v);
    ModelMetadata meta = model.metadata();
    String label = "score " + meta.name() + " " + meta.version() + " " + date;
    ScoreResult result = JobLabel.with(spark, ctx.runId(), label, () -> {
      Dataset<Row> snapshot = spark.read().format("delta").load(lake.gold(ProfileFeatures.TABLE))
          .filter(col(ProfileFeatures.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(date))));
      Dataset<Row> active = snapshot.filter(col(ProfileFeatures.IS_ACTIVE));
      Grades grades = TrainJob.grades(settings);
      Dataset<Row> scored = model.pipeline().transform(active)
          .withColumn("p", Pipelines.probability(meta.positiveWeight()))
          .withColumn("_points", Pipelines.score(col("p"), meta.points().scaling()))
          .select(lit(Date.valueOf(date)).as("snapshot_date"), col(ProfileFeatures.USCC), col(ProfileFeatures.NAME),
              col(ProfileFeatures.DISTRICT_CODE), col(ProfileFeatures.INDUSTRY_SECTION), col("p").as("probability"),
              expr("CAST(round(_points) AS INT)").as("score"),
              // the grade of the points as shown, so a reader never sees 680 graded B
              grade(grades, expr("round(_points)")).as("grade"),
              Reasons.top(meta).as("reasons"), lit(meta.name()).as("model_name"), lit(meta.version()).as("model_version"),
              lit(ctx.runId()).as("_run_id"), current_timestamp().as("_computed_at"),
              TrainingSet.eligible().as("_eligible"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        DeltaTables.ensure(spark, lake.gold(SCORES), SCORES_SCHEMA, "risk score per active business and snapshot: "
            + "probability of an adverse event, points, grade, top three reasons, model version", "snapshot_date");
        DeltaTables.Commit scores = DeltaTables.replace(scored.drop("_eligible"), lake.gold(SCORES),
            "snapshot_date = '" + date + "' AND model_name = '" + meta.name() + "'");
        if (scores.rowsWritten() == 0) {
          throw new CreditLakeException("no active business in the profile snapshot of " + date
              + "; run 'creditlake profiles --date " + date + "' first");
        }
        Map<String, Long> byGrade = new TreeMap<>();
        for (Row r : scored.groupBy("grade").count().collectAsList()) {
          byGrade.put(r.getString(0), r.getLong(1));
        }
        long[] flags = flags(spark, lake, ctx, scored, settings.flagGrades(), date);
        Dataset<Row> population = scored.filter(col("_eligible"));
        List<ScoreResult.Psi> drift = drift(active.filter(TrainingSet.eligible()), population, meta);
        DeltaTables.Commit monitoring = monitoring(spark, lake, ctx, meta, date, drift, population.count());
        double psiScore = drift.stream().filter(p -> p.variable().equals("score")).mapToDouble(ScoreResult.Psi::psi)
            .findFirst().orElse(Double.NaN);
        for (ScoreResult.Psi p : drift) {
          if (p.psi() > settings.psiWarning()) {
            LOG.warn("{}: {} has shifted since training: PSI {} ({})", label, p.variable(), String.format("%.3f", p.psi()),
                p.verdict());
          }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("{}: {} businesses scored {}, {} flagged ({} new), score PSI {}; {} ms", label, scores.rowsWritten(),
            byGrade, flags[0], flags[1], String.format("%.3f", psiScore), ms);
        return new ScoreResult(ctx.runId(), date, meta.name(), meta.version(), scores.rowsWritten(), byGrade, flags[0],
            flags[1], psiScore, drift, Map.of(SCORES, scores.version(), FlagsJob.TABLE, flags[2], MONITORING,
                monitoring.version()), ms);
      } finally {
        scored.unpersist();
      }
    });
    OpsLog.append(spark, ctx, "score", "all", started, "SUCCEEDED", result.scored(), result.scored(), 0, 0,
        result.name() + " " + result.version(), result.durationMs(), result.tableVersions());
    return result;
  }

  static Column grade(Grades grades, Column points) {
    List<Grades.Band> bands = grades.bands();
    Column g = lit(bands.get(bands.size() - 1).grade());
    for (int i = bands.size() - 2; i >= 0; i--) {
      g = org.apache.spark.sql.functions.when(points.geq(bands.get(i).minScore()), lit(bands.get(i).grade())).otherwise(g);
    }
    return g;
  }

  /** Writes this date's model flags; returns flags, new flags, the table version. */
  private static long[] flags(SparkSession spark, LakeLayout lake, JobContext ctx, Dataset<Row> scored,
      List<String> flagGrades, LocalDate date) {
    FlagsJob.ensure(spark, lake);
    Dataset<Row> existing = spark.read().format("delta").load(lake.gold(FlagsJob.TABLE));
    List<Row> before = existing.filter(col("origin").equalTo(ORIGIN_MODEL).and(col("flag_code").equalTo(FLAG))
        .and(col("snapshot_date").lt(lit(Date.valueOf(date))))).agg(org.apache.spark.sql.functions.max("snapshot_date"))
        .collectAsList();
    Date previous = before.isEmpty() || before.get(0).isNullAt(0) ? null : before.get(0).getDate(0);
    Dataset<Row> hits = scored.filter(col("grade").isin(flagGrades.toArray()));
    if (previous != null) {
      Dataset<Row> earlier = existing.filter(col("snapshot_date").equalTo(lit(previous)).and(col("origin")
          .equalTo(ORIGIN_MODEL)).and(col("flag_code").equalTo(FLAG))).select(col("uscc"), lit(false).as("is_new"));
      hits = hits.join(earlier, Names.seq("uscc"), "left");
    } else {
      hits = hits.withColumn("is_new", lit(true));
    }
    Column evidence = map(lit("grade"), col("grade"), lit("score"), col("score").cast("string"),
        lit("probability"), format_number(col("probability"), 4), lit("model_version"), col("model_version"),
        lit("reason_1"), element_at(col("reasons"), 1), lit("reason_2"), element_at(col("reasons"), 2),
        lit("reason_3"), element_at(col("reasons"), 3));
    Dataset<Row> out = hits.select(col("snapshot_date"), col("uscc"), lit(FLAG).as("flag_code"),
        expr("CASE WHEN grade = '" + flagGrades.get(flagGrades.size() - 1) + "' THEN 'HIGH' ELSE 'MEDIUM' END")
            .as("severity"), lit(ORIGIN_MODEL).as("origin"),
        org.apache.spark.sql.functions.concat(lit("risk model grade "), col("grade"), lit(": high risk of an adverse event"))
            .as("description"),
        evidence.as("evidence"), coalesce(col("is_new"), lit(true)).as("is_new"), col("_run_id"), col("_computed_at"));
    out = out.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      DeltaTables.Commit c = DeltaTables.replace(out, lake.gold(FlagsJob.TABLE),
          "snapshot_date = '" + date + "' AND origin = '" + ORIGIN_MODEL + "'");
      return new long[] {c.rowsWritten(), out.filter(col("is_new")).count(), c.version()};
    } finally {
      out.unpersist();
    }
  }

  /**
   * PSI of the score and of every feature the model reads: today's eligible businesses against
   * the training rows, over the training bins (features) and the training score deciles.
   */
  static List<ScoreResult.Psi> drift(Dataset<Row> profiles, Dataset<Row> scored, ModelMetadata meta) {
    List<ScoreResult.Psi> out = new ArrayList<>();
    long[] expected = meta.scoreCounts().stream().mapToLong(Long::longValue).toArray();
    double psi = Stability.psi(expected, Drift.counts(scored, "score", meta.scoreSplits()));
    out.add(new ScoreResult.Psi("score", psi, Stability.verdict(psi)));
    List<Column> pairs = new ArrayList<>();
    for (String f : meta.used()) {
      pairs.add(struct(lit(f).as("f"), expr(meta.bins(f).binSql()).as("b")));
    }
    Map<String, Long> today = new HashMap<>();
    if (!pairs.isEmpty()) {
      for (Row r : profiles.select(explode(org.apache.spark.sql.functions.array(pairs.toArray(Column[]::new))).as("p"))
          .groupBy(col("p.f"), col("p.b")).count().collectAsList()) {
        today.put(r.getString(0) + "\u0000" + r.getString(1), r.getLong(2));
      }
    }
    for (String f : meta.used()) {
      List<Woe.Bin> bins = meta.bins(f).bins();
      long[] e = new long[bins.size()];
      long[] a = new long[bins.size()];
      for (int i = 0; i < bins.size(); i++) {
        e[i] = bins.get(i).good() + bins.get(i).bad();
        a[i] = today.getOrDefault(f + "\u0000" + bins.get(i).bin(), 0L);
      }
      double p = Stability.psi(e, a);
      out.add(new ScoreResult.Psi(f, p, Stability.verdict(p)));
    }
    out.sort(Comparator.comparingDouble((ScoreResult.Psi p) -> Double.isNaN(p.psi()) ? -1 : p.psi()).reversed());
    return out;
  }

  private static DeltaTables.Commit monitoring(SparkSession spark, LakeLayout lake, JobContext ctx, ModelMetadata meta,
      LocalDate date, List<ScoreResult.Psi> drift, long rows) {
    DeltaTables.ensure(spark, lake.gold(MONITORING), MONITORING_SCHEMA,
        "population stability of the score and of each feature against the model's training population, per scoring date");
    java.sql.Timestamp now = java.sql.Timestamp.from(Instant.now());
    List<Row> out = new ArrayList<>();
    for (ScoreResult.Psi p : drift) {
      out.add(RowFactory.create(Date.valueOf(date), meta.name(), meta.version(), p.variable(),
          p.variable().equals("score") ? "score" : "feature", Double.isNaN(p.psi()) ? null : p.psi(), p.verdict(), rows,
          ctx.runId(), now));
    }
    return DeltaTables.replace(spark.createDataFrame(out, MONITORING_SCHEMA), lake.gold(MONITORING),
        "snapshot_date = '" + date + "' AND model_name = '" + meta.name() + "'");
  }
}
