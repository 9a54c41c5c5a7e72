package io.creditlake.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.creditlake.common.config.ModelSettings;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.model.Grades;
import io.creditlake.common.model.Scaling;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import io.creditlake.jobs.cli.Version;
import io.creditlake.jobs.profile.ProfileFeatures;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code creditlake train --date D}: trains the risk model on the lake's month-end profiles and
 * evaluates it out of time.
 * <ol>
 *   <li>the validation snapshot v is the latest month-end whose label window (v, v + horizon]
 *       has closed by D; training stacks {@code trainSnapshots} month-ends ending
 *       {@code validationGapMonths} before v;
 *   <li>labels count the adverse events known to the lake by D ({@link TrainingSet});
 *   <li>training rows beyond {@code sampleCap} are sampled, seeded, the same fraction of each label;
 *   <li>the family is fitted on the training rows and evaluated on v ({@link Trainer});
 *   <li>the version is saved in the registry with its metadata and metrics; it becomes current if
 *       none is, or when asked ({@code --promote}).
 * </ol>
 */
public final class TrainJob implements Job<TrainResult> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);

  private final String family;
  private final boolean promote;

  /** @param family overrides the configured family when not null */
  public TrainJob(String family, boolean promote) {
    this.family = family;
    this.promote = promote;
  }

  @Override
  public TrainResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    ModelSettings m = ctx.config().model();
    String fam = Trainer.family(family == null ? m.family() : family);
    if (m.features().isEmpty()) {
      throw new CreditLakeException("model: no features to train on; list profile columns under model.numeric and "
          + "model.categorical in the configuration (conf/creditlake.yaml lists them)");
    }
    LakeLayout lake = ctx.lake();
    LocalDate date = ctx.to();
    LocalDate validation = TrainingSet.validationSnapshot(date, m.horizonMonths());
    List<LocalDate> training = TrainingSet.trainingSnapshots(validation, m.validationGapMonths(), m.trainSnapshots());
    String label = "train " + m.name() + " " + fam + " " + date;
    TrainResult result = JobLabel.with(spark, ctx.runId(), label, () -> {
      Dataset<Row> profiles = spark.read().format("delta").load(lake.gold(ProfileFeatures.TABLE))
          .filter(col(ProfileFeatures.IS_MONTH_END));
      List<LocalDate> have = available(profiles, training, validation);
      List<LocalDate> train = training.stream().filter(have::contains).toList();
      String missing = missingHistory(have, training, validation, date, m);
      if (missing != null) {
        throw new CreditLakeException(missing + ". Run 'creditlake profiles --from " + training.get(0) + " --to " + date
            + "' first, or lower model.horizonMonths / model.validationGapMonths in conf/");
      }
      if (train.size() < training.size()) {
        LOG.warn("{}: training on {} of the {} month-ends asked for (the lake's profiles start later): {}", label,
            train.size(), training.size(), train);
      }
      Dataset<Row> events = AdverseEvents.read(spark, lake, m.events());
      List<LocalDate> all = new ArrayList<>(train);
      all.add(validation);
      Dataset<Row> labelled = TrainingSet.label(profiles, events, all, m.horizonMonths(), date)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> trainRows = null;
      try {
        Map<LocalDate, long[]> counts = counts(labelled);
        long eligible = train.stream().mapToLong(d -> counts.getOrDefault(d, new long[2])[0]).sum();
        double fraction = Math.min(1.0, (double) m.sampleCap() / Math.max(eligible, 1));
        trainRows = labelled.filter(col(ProfileFeatures.SNAPSHOT_DATE).isin(train.stream().map(Date::valueOf).toArray()));
        if (fraction < 1.0) {
          trainRows = trainRows.stat().sampleBy(Pipelines.LABEL, Map.of(0.0, fraction, 1.0, fraction), m.seed());
          LOG.info("{}: {} eligible training rows, sampling {} % (seed {})", label, eligible,
              String.format("%.1f", fraction * 100), m.seed());
        }
        trainRows = trainRows.repartition(Trainer.partitions(Math.round(eligible * fraction)))
            .persist(StorageLevel.MEMORY_AND_DISK());
        long[] vc = counts.getOrDefault(validation, new long[2]);
        Dataset<Row> validationRows = labelled.filter(col(ProfileFeatures.SNAPSHOT_DATE).equalTo(lit(Date.valueOf(validation))))
            .repartition(Trainer.partitions(vc[0]));
        long[] tc = Trainer.totals(trainRows);
        LOG.info("{}: training on {} rows ({} positive) from {} month-ends, validating on {} rows ({} positive) of {}",
            label, tc[0], tc[1], train.size(), vc[0], vc[1], validation);
        if (tc[1] == 0 || vc[1] == 0 || tc[1] == tc[0]) {
          throw new CreditLakeException("cannot train for " + date + ": " + tc[1] + " of " + tc[0]
              + " training rows and " + vc[1] + " of " + vc[0] + " validation rows have an adverse event in the next "
              + m.horizonMonths() + " months; both classes are needed in both windows");
        }
        Scaling scaling = m.points().scaling();
        Grades grades = grades(m);
        double cutoff = grades.flagCutoff(m.flagGrades());
        Trainer.Fitted fitted = Trainer.fit(fam, trainRows, validationRows, m.numeric(), m.categorical(), m.bins(), m.gbt(),
            m.seed(), scaling, cutoff, ProfileFeatures.USCC, m.weighted(fam), lake.models() + "/.checkpoints");
        ModelRegistry registry = new ModelRegistry(spark, lake, m.name());
        String version = registry.nextVersion();
        ModelMetadata meta = new ModelMetadata(m.name(), version, fam, Instant.now(), Version.current(), m.numeric(),
            m.categorical(), fitted.used(),
            new ModelMetadata.Label(m.events(), m.horizonMonths(), TrainingSet.EXCLUDED),
            new ModelMetadata.Window(train, date, tc[0], tc[1], fraction),
            new ModelMetadata.Window(List.of(validation), date, vc[0], vc[1], 1.0),
            metrics(fitted.evaluation()), params(fam, m), points(m), fitted.bins(), fitted.coefficients(),
            fitted.intercept(), fitted.importance(), fitted.scoreSplits(), fitted.scoreCounts(),
            fitted.positiveWeight());
        return saved(spark, ctx, registry, fitted, meta, promote, t0);
      } finally {
        labelled.unpersist();
        if (trainRows != null) {
          trainRows.unpersist();
        }
      }
    });
    OpsLog.append(spark, ctx, "train", "all", started, "SUCCEEDED", result.trainRows() + result.validationRows(), 1, 0, 0,
        result.name() + " " + result.version() + " AUC " + String.format("%.3f", result.metrics().get("auc")),
        result.durationMs(), Map.of());
    return result;
  }

  /** Saves the version, its metrics rows, and makes it current when it should be. */
  static TrainResult saved(SparkSession spark, JobContext ctx, ModelRegistry registry, Trainer.Fitted fitted,
      ModelMetadata meta, boolean promote, long t0) {
    registry.save(fitted.pipeline(), meta);
    ModelMetrics.write(spark, ctx.lake().gold(ModelMetrics.TABLE), meta, fitted.evaluation());
    boolean current = promote || registry.current().isEmpty();
    if (current) {
      registry.promote(meta.version());
    }
    Evaluation e = fitted.evaluation();
    LOG.info("model {} {} ({}) saved{}: out-of-sample AUC {}, KS {}, PR-AUC {} at base rate {}; {} ms", meta.name(),
        meta.version(), meta.family(), current ? " and current" : " (not current: 'creditlake promote " + meta.version()
            + "' makes it so)", fmt(e.auc()), fmt(e.ks()), fmt(e.prAuc()), fmt(e.baseRate()), ms(t0));
    List<TrainResult.Feature> features = new ArrayList<>();
    for (FeatureBins b : meta.bins()) {
      Double w = meta.coefficients().containsKey(b.feature()) ? meta.coefficients().get(b.feature())
          : meta.importance().get(b.feature());
      features.add(new TrainResult.Feature(b.feature(), b.iv(), meta.used().contains(b.feature()), w));
    }
    features.sort(Comparator.comparingDouble(TrainResult.Feature::iv).reversed());
    return new TrainResult(ctx.runId(), meta.name(), meta.version(), meta.family(), current,
        registry.root() + "/" + meta.version(), meta.training().snapshots(),
        meta.validation().snapshots().isEmpty() ? null : meta.validation().snapshots().get(0), meta.training().rows(),
        meta.training().positives(), meta.validation().rows(), meta.validation().positives(), meta.metrics(), features,
        e.calibration(), ms(t0));
  }

  static Map<String, Double> metrics(Evaluation e) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("auc", e.auc());
    out.put("ks", e.ks());
    out.put("pr_auc", e.prAuc());
    out.put("base_rate", e.baseRate());
    out.put("cutoff_score", e.cutoffScore());
    out.put("flagged_share", e.rows() == 0 ? Double.NaN : (double) e.flagged() / e.rows());
    out.put("precision_at_cutoff", e.precision());
    out.put("recall_at_cutoff", e.recall());
    out.put("rows", (double) e.rows());
    out.put("positives", (double) e.positives());
    return out;
  }

  static Map<String, String> params(String family, ModelSettings m) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("bins", String.valueOf(m.bins()));
    p.put("seed", String.valueOf(m.seed()));
    p.put("classWeights", String.valueOf(m.weighted(family)));
    if (family.equals("gbt")) {
      p.putAll(new java.util.TreeMap<>(m.gbt()));
    } else {
      p.put("minIv", String.valueOf(Pipelines.MIN_IV));
      p.put("regParam", "1e-4");
    }
    return p;
  }

  static ModelMetadata.Points points(ModelSettings m) {
    return new ModelMetadata.Points(m.points().baseScore(), m.points().baseOdds(), m.points().pdo());
  }

  static Grades grades(ModelSettings m) {
    return new Grades(m.grades().stream().map(g -> new Grades.Band(g.grade(), g.minScore())).toList());
  }

  /**
   * Why the lake cannot train a model for {@code date} yet (its month-end profiles lack the
   * snapshots to train on or to validate with), or null when it can.
   */
  public static String notReady(SparkSession spark, LakeLayout lake, ModelSettings m, LocalDate date) {
    LocalDate validation = TrainingSet.validationSnapshot(date, m.horizonMonths());
    List<LocalDate> training = TrainingSet.trainingSnapshots(validation, m.validationGapMonths(), m.trainSnapshots());
    List<LocalDate> have = List.of();
    if (io.delta.tables.DeltaTable.isDeltaTable(spark, lake.gold(ProfileFeatures.TABLE))) {
      have = available(spark.read().format("delta").load(lake.gold(ProfileFeatures.TABLE))
          .filter(col(ProfileFeatures.IS_MONTH_END)), training, validation);
    }
    return missingHistory(have, training, validation, date, m);
  }

  private static String missingHistory(List<LocalDate> have, List<LocalDate> training, LocalDate validation,
      LocalDate date, ModelSettings m) {
    if (have.contains(validation) && training.stream().anyMatch(have::contains)) {
      return null;
    }
    return "not enough history to train for " + date + ": the model needs the month-end profiles " + training.get(0)
        + " … " + training.get(training.size() - 1) + " to train on and " + validation + " to validate out of time "
        + "(labels look " + m.horizonMonths() + " months ahead); the lake has " + (have.isEmpty() ? "none of them" : have);
  }

  private static List<LocalDate> available(Dataset<Row> profiles, List<LocalDate> training, LocalDate validation) {
    List<Object> wanted = new ArrayList<>(training.stream().map(Date::valueOf).toList());
    wanted.add(Date.valueOf(validation));
    TreeSet<LocalDate> out = new TreeSet<>();
    for (Row r : profiles.filter(col(ProfileFeatures.SNAPSHOT_DATE).isin(wanted.toArray()))
        .select(ProfileFeatures.SNAPSHOT_DATE).distinct().collectAsList()) {
      out.add(r.getDate(0).toLocalDate());
    }
    return List.copyOf(out);
  }

  /** Rows and positives per snapshot. */
  private static Map<LocalDate, long[]> counts(Dataset<Row> labelled) {
    Map<LocalDate, long[]> out = new HashMap<>();
    for (Row r : labelled.groupBy(ProfileFeatures.SNAPSHOT_DATE).agg(count(lit(1)), sum(Pipelines.LABEL)).collectAsList()) {
      out.put(r.getDate(0).toLocalDate(), new long[] {r.getLong(1), (long) r.getDouble(2)});
    }
    return out;
  }

  static String fmt(double d) {
    return String.format("%.3f", d);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
