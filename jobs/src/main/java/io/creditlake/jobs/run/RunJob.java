package io.creditlake.jobs.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.ModelSettings;
import io.creditlake.common.config.RatesSettings;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.lake.Runs;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import io.creditlake.jobs.flag.FlagsJob;
import io.creditlake.jobs.flag.FlagsResult;
import io.creditlake.jobs.ingest.IngestJob;
import io.creditlake.jobs.ingest.IngestResult;
import io.creditlake.jobs.model.ModelRegistry;
import io.creditlake.jobs.model.ScoreJob;
import io.creditlake.jobs.model.ScoreResult;
import io.creditlake.jobs.model.TrainJob;
import io.creditlake.jobs.model.TrainResult;
import io.creditlake.jobs.profile.ProfileFeatures;
import io.creditlake.jobs.profile.ProfilesJob;
import io.creditlake.jobs.profile.ProfilesResult;
import io.creditlake.jobs.rate.RatesJob;
import io.creditlake.jobs.report.ReportJob;
import io.creditlake.jobs.report.ReportResult;
import io.creditlake.jobs.rate.RatesResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole night: ingest every source → profiles → flags → training (when the schedule says so,
 * or when there is no model yet and enough history) → scores → submission rates (when a period
 * has closed) → the night's HTML report. A range of dates ({@code --from/--to}) is the first load:
 * one ingest of the range, every month-end it spans in one profile pass, training, scores for its
 * last day, the rates of every period it closed.
 *
 * <p>Each step is recorded in {@code ops/runs} (job {@code run}, source = the step's key). A rerun
 * of the same dates skips a step that succeeded, unless a step it depends on succeeded after it
 * (as make does with files) or {@code force}. A source that fails does not stop the others; a
 * step that fails blocks only the steps that need it.
 */
public final class RunJob implements Job<RunResult> {

  private static final Logger LOG = LoggerFactory.getLogger(RunJob.class);

  /** The job name of alerts in {@code ops/runs}. */
  public static final String ALERT_JOB = "alert";
  /**
   * The source prefix of an {@value #ALERT_JOB} row saying a check ran: {@code CHECKED:MISSING_FILE},
   * {@code CHECKED:DRIFT}, {@code CHECKED:QUARANTINE_JUMP:tax}. The page shows a check's alerts
   * from the run that made it last.
   */
  public static final String CHECKED = "CHECKED:";

  /** What a check of this alert is called: per source for quarantine jumps, per kind otherwise. */
  public static String checkKey(String kind, String subject) {
    return kind.equals("QUARANTINE_JUMP") ? kind + ":" + subject : kind;
  }

  /** The steps of a night, in order. */
  public enum Step {
    INGEST, PROFILES, FLAGS, TRAIN, SCORE, RATES, REPORT;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The steps that must have failed for this one not to run: it has nothing to work on. */
    List<Step> blockedBy() {
      return switch (this) {
        case SCORE -> List.of(PROFILES); // a failed training leaves the current model to score with
        case RATES -> List.of(); // reads silver, whatever sources made it
        case REPORT -> List.of(); // shows a failed night too
        default -> needs();
      };
    }

    /** The steps whose output this one reads: when one of them is redone, so is this one. */
    List<Step> needs() {
      return switch (this) {
        case INGEST -> List.of();
        case PROFILES, RATES -> List.of(INGEST);
        case FLAGS, TRAIN -> List.of(PROFILES);
        case SCORE -> List.of(PROFILES, TRAIN);
        case REPORT -> List.of(); // never DONE: remade from the lake's state every time
      };
    }

    public static Step of(String id) {
      for (Step s : values()) {
        if (s.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown step '" + id + "'; the steps are " + ids());
    }

    public static List<String> ids() {
      return java.util.Arrays.stream(values()).map(Step::id).toList();
    }
  }

  private final Set<Step> only;
  private final boolean force;

  /**
   * @param only the steps to run (the others are left alone); empty means all
   * @param force redo steps that already succeeded for these dates
   */
  public RunJob(Set<Step> only, boolean force) {
    this.only = only.isEmpty() ? EnumSet.allOf(Step.class) : EnumSet.copyOf(only);
    this.force = force;
  }

  @Override
  public RunResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    Night night = new Night(spark, ctx);
    LOG.info("run {} (run {}): steps {}{}", ctx.dateLabel(), ctx.runId(), only.stream().map(Step::id).toList(),
        force ? ", forced" : "");
    for (Step step : Step.values()) {
      if (only.contains(step)) {
        night.step(step);
      }
    }
    night.recordAlerts();
    RunResult result = new RunResult(ctx.runId(), ctx.from(), ctx.to(), List.copyOf(night.steps),
        List.copyOf(night.alerts), night.newFlags, (System.nanoTime() - t0) / 1_000_000);
    LOG.info("run {}: {} in {} s; {} alert(s), {} new flag(s)", ctx.dateLabel(), result.succeeded() ? "succeeded"
        : "FAILED (" + result.failed().stream().map(RunResult.StepResult::key).toList() + ")",
        result.durationMs() / 1000, result.alerts().size(), result.newFlags());
    return result;
  }

  /** A step's outcome as it goes into {@code ops/runs}. */
  private record Recorded(RunResult.StepResult result, Instant started, long duplicates, Map<String, Long> versions) {}

  /** The state of one night while it runs. */
  private final class Night {
    final SparkSession spark;
    final JobContext ctx;
    final CreditLakeConfig config;
    final RunHistory history;
    final List<RunResult.StepResult> steps = new ArrayList<>();
    final List<RunResult.Alert> alerts = new ArrayList<>();
    /** How many of {@link #alerts} are in {@code ops/runs} already. */
    int alertsRecorded;
    /** The checks this run made (see {@link #checkKey}), whether they raised an alert or not. */
    final Set<String> checked = new java.util.LinkedHashSet<>();
    final Set<Step> failed = EnumSet.noneOf(Step.class);
    long newFlags;
    /** Where profiles start: the range's first day, or a night's first missed month-end. */
    LocalDate profilesFrom;

    Night(SparkSession spark, JobContext ctx) {
      this.spark = spark;
      this.ctx = ctx;
      this.config = ctx.config();
      this.history = timed("reading ops/runs", () -> {
        OpsLog.ensure(spark, ctx.lake());
        return RunHistory.read(spark, ctx);
      });
    }

    /**
     * Runs a piece of the night's own bookkeeping under a Spark job label and logs its time: on a
     * small night these Delta reads and commits are a good part of the whole.
     */
    <T> T timed(String what, java.util.function.Supplier<T> body) {
      long t = System.nanoTime();
      T out = JobLabel.with(spark, ctx.runId(), "run " + ctx.dateLabel() + ": " + what, body);
      LOG.info("run {}: {} in {} ms", ctx.dateLabel(), what, (System.nanoTime() - t) / 1_000_000);
      return out;
    }

    void timed(String what, Runnable body) {
      timed(what, () -> {
        body.run();
        return null;
      });
    }

    boolean nightly() {
      return ctx.from().equals(ctx.to());
    }

    void step(Step step) {
      List<Step> blockers = step.blockedBy().stream().filter(failed::contains).toList();
      if (!blockers.isEmpty()) {
        failed.add(step);
        // recorded, so the night's page does not show an earlier attempt's outcome instead
        record(new RunResult.StepResult(step.id(), null, "BLOCKED", 0, 0, 0, 0,
            "not run: " + blockers.stream().map(Step::id).toList() + " failed"), Instant.now(), 0, Map.of());
        return;
      }
      switch (step) {
        case INGEST -> ingest();
        case PROFILES -> once(step, this::profiles);
        case FLAGS -> once(step, this::flags);
        case TRAIN -> once(step, this::train);
        case SCORE -> once(step, this::score);
        case RATES -> once(step, this::rates);
        case REPORT -> report();
      }
    }

    /**
     * Whether a step (key) is up to date: it succeeded for these dates, and after every step it
     * needs last succeeded.
     */
    boolean upToDate(String key, List<Step> needs) {
      Instant done = history.succeeded(key);
      if (force || done == null) {
        return false;
      }
      for (Step n : needs) {
        for (String k : keys(n)) {
          Instant upstream = history.succeeded(k);
          if (upstream != null && upstream.isAfter(done)) {
            return false;
          }
        }
      }
      return true;
    }

    List<String> keys(Step s) {
      return s == Step.INGEST ? config.sources().stream().map(c -> "ingest:" + c.name()).toList() : List.of(s.id());
    }

    // ---- ingest: every source, each on its own

    void ingest() {
      List<String> all = config.sources().stream().map(SourceConfig::name).toList();
      alerts.addAll(timed("checking the expected files", () -> Deliveries.missing(spark, ctx, all)));
      checked.add("MISSING_FILE");
      List<String> todo = new ArrayList<>();
      for (String s : all) {
        if (upToDate("ingest:" + s, List.of())) {
          add(new RunResult.StepResult("ingest", s, "DONE", 0, 0, 0, 0, "succeeded earlier for these dates"));
        } else {
          todo.add(s);
        }
      }
      if (todo.isEmpty()) {
        return;
      }
      Instant started = Instant.now();
      IngestResult r;
      try {
        r = new IngestJob(todo, false).run(spark, ctx);
      } catch (RuntimeException e) {
        // not a bad file (those fail their source only): the lake or the configuration
        for (String s : todo) {
          fail("ingest", s, started, e);
        }
        failed.add(Step.INGEST);
        return;
      }
      Map<String, long[]> recent = history.recentQuarantine(config.run().alerts().historyRuns());
      List<Recorded> outcomes = new ArrayList<>();
      for (IngestResult.SourceResult s : r.sources()) {
        boolean ok = s.error() == null;
        String note = ok ? (s.files() == 0 ? "no files delivered" : s.files() + " file(s), " + s.rowsDuplicate()
            + " duplicate(s)") : s.error();
        outcomes.add(new Recorded(new RunResult.StepResult("ingest", s.source(), ok ? Runs.SUCCEEDED : Runs.FAILED,
            s.rowsRead(), s.rowsSilver(), s.rowsQuarantined(), s.durationMs(), note), started, s.rowsDuplicate(),
            s.tableVersions()));
      }
      record(outcomes); // every source in one commit
      for (IngestResult.SourceResult s : r.sources()) {
        if (s.error() == null) {
          quarantineJump(s, recent.getOrDefault(s.source(), new long[3]));
        }
      }
      if (!r.succeeded() && r.sources().stream().noneMatch(s -> s.error() == null)) {
        failed.add(Step.INGEST); // every source failed: nothing new to build on
      }
    }

    void quarantineJump(IngestResult.SourceResult s, long[] recent) {
      checked.add("QUARANTINE_JUMP:" + s.source());
      var a = config.run().alerts();
      if (s.rowsRead() < a.minRows()) {
        return;
      }
      if (recent[2] == 0 || recent[0] == 0) {
        return; // no history to compare with
      }
      double share = (double) s.rowsQuarantined() / s.rowsRead();
      double usual = (double) recent[1] / recent[0];
      if (share >= usual * a.quarantineJump() && share - usual >= a.quarantineMinIncrease()) {
        alerts.add(new RunResult.Alert("QUARANTINE_JUMP", s.source(), String.format(Locale.ROOT,
            "%s: %.1f %% of %,d rows quarantined, against %.1f %% over its last %d ingests (reasons: %s); "
                + "see lake quarantine/ for the rows", s.source(), share * 100, s.rowsRead(), usual * 100, recent[2],
            s.reasons())));
      }
    }

    // ---- the other steps

    /** Runs a step unless it is up to date; records the outcome; a failure blocks its dependants. */
    void once(Step step, Supplier<RunResult.StepResult> body) {
      if (upToDate(step.id(), step.needs())) {
        add(new RunResult.StepResult(step.id(), null, "DONE", 0, 0, 0, 0, "succeeded earlier for these dates"));
        return;
      }
      Instant started = Instant.now();
      long t0 = System.nanoTime();
      try {
        RunResult.StepResult r = body.get();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        record(new RunResult.StepResult(r.step(), null, r.status(), r.rowsIn(), r.rowsOut(), r.rejected(), ms,
            r.note()), started, 0, Map.of());
      } catch (RuntimeException e) {
        failed.add(step);
        fail(step.id(), null, started, e);
      }
    }

    /**
     * The night's page ({@code reports/report-D.html}): made last, from what the lake holds now,
     * after this night's alerts are in {@code ops/runs} where the page reads them.
     */
    void report() {
      recordAlerts();
      Instant started = Instant.now();
      long t0 = System.nanoTime();
      try {
        ReportResult r = new ReportJob(ctx.to(), null).run(spark, ctx);
        record(new RunResult.StepResult(Step.REPORT.id(), null, Runs.SUCCEEDED, 0, r.charts(), 0,
            (System.nanoTime() - t0) / 1_000_000, r.path() + " (" + r.charts() + " charts)"), started, 0, Map.of());
      } catch (RuntimeException e) {
        failed.add(Step.REPORT);
        fail(Step.REPORT.id(), null, started, e);
      }
    }

    /**
     * Alerts not yet recorded go into {@code ops/runs} (job {@value #ALERT_JOB}, source
     * {@code KIND:subject}), so the report of the night shows them, whichever process raised them.
     */
    void recordAlerts() {
      if (alertsRecorded == alerts.size() && checked.isEmpty()) {
        return;
      }
      Instant now = Instant.now();
      List<org.apache.spark.sql.Row> rows = new ArrayList<>();
      // a check that ran is recorded even when it raised nothing: an older alert it replaces goes
      checked.forEach(k -> rows.add(OpsLog.row(ctx, ALERT_JOB, CHECKED + k, now, "CHECKED", 0, 0, 0, 0, null, 0, Map.of())));
      alerts.subList(alertsRecorded, alerts.size()).forEach(a -> rows.add(OpsLog.row(ctx, ALERT_JOB,
          a.kind() + ":" + a.source(), now, ALERT_JOB.toUpperCase(Locale.ROOT), 0, 0, 0, 0, a.message(), 0, Map.of())));
      try {
        timed("recording " + (alerts.size() - alertsRecorded) + " alert(s) and " + checked.size()
            + " check(s) in ops/runs", () -> OpsLog.write(spark, ctx, rows));
        alertsRecorded = alerts.size();
        checked.clear();
      } catch (RuntimeException e) {
        LOG.error("run {}: could not record {} alert(s) in ops/runs: {}", ctx.dateLabel(), alerts.size() - alertsRecorded,
            e.toString());
      }
    }

    JobContext range(LocalDate from) {
      return new JobContext(ctx.settings(), from, ctx.to(), ctx.runId());
    }

    RunResult.StepResult profiles() {
      profilesFrom = nightly() ? firstMissedMonthEnd() : ctx.from();
      ProfilesResult r = new ProfilesJob().run(spark, range(profilesFrom));
      return ok("profiles", 0, r.profiles(), r.snapshots().size() + " snapshot(s) " + r.snapshots().get(0)
          + (r.snapshots().size() > 1 ? " … " + r.snapshots().get(r.snapshots().size() - 1) : ""));
    }

    /**
     * A night builds the month-ends missed since the lake's latest one (a night that did not
     * run, a lake loaded up to mid-month), then its own day.
     */
    LocalDate firstMissedMonthEnd() {
      String table = ctx.lake().gold(ProfileFeatures.TABLE);
      if (!io.delta.tables.DeltaTable.isDeltaTable(spark, table)) {
        return ctx.to();
      }
      Row r = spark.read().format("delta").load(table).filter(col(ProfileFeatures.IS_MONTH_END))
          .agg(max(ProfileFeatures.SNAPSHOT_DATE)).first();
      if (r.isNullAt(0)) {
        return ctx.to();
      }
      LocalDate after = r.getDate(0).toLocalDate().plusDays(1);
      LocalDate floor = ctx.to().minusMonths(13).withDayOfMonth(1); // a lake left alone for years: a year is enough
      return after.isAfter(ctx.to()) ? ctx.to() : after.isBefore(floor) ? floor : after;
    }

    RunResult.StepResult flags() {
      FlagsResult r = new FlagsJob().run(spark, range(profilesFrom != null ? profilesFrom : ctx.from()));
      newFlags += r.newFlags();
      return ok("flags", 0, r.flags(), r.newFlags() + " new " + (r.newByCode().isEmpty() ? "" : r.newByCode()));
    }

    RunResult.StepResult train() {
      ModelSettings m = config.model();
      boolean hasModel = new ModelRegistry(spark, ctx.lake(), m.name()).current().isPresent();
      LocalDate d = ctx.to();
      if (hasModel && nightly() && !config.run().trainsOn(d)) {
        return skipped("train", "not a training night (run.train: " + config.run().train() + ")");
      }
      String notReady = TrainJob.notReady(spark, ctx.lake(), m, d);
      if (notReady != null) {
        return skipped("train", notReady + (hasModel ? "; scoring goes on with the current model" : ""));
      }
      TrainResult r = new TrainJob(null, false).run(spark, ctx);
      return ok("train", r.trainRows() + r.validationRows(), 1, String.format(Locale.ROOT, "%s %s (%s), AUC %.3f%s",
          r.name(), r.version(), r.family(), r.metrics().get("auc"), r.current() ? ", current"
              : ", not current: review it and 'creditlake promote " + r.version() + "'"));
    }

    RunResult.StepResult score() {
      ModelSettings m = config.model();
      if (new ModelRegistry(spark, ctx.lake(), m.name()).current().isEmpty()) {
        return skipped("score", "no " + m.name() + " model yet: scoring starts once one is trained (the lake needs "
            + m.horizonMonths() + " months of profiles and more; see the train step)");
      }
      ScoreResult r = new ScoreJob(null).run(spark, ctx);
      newFlags += r.newFlags();
      checked.add("DRIFT");
      for (ScoreResult.Psi p : r.drift()) {
        if (p.psi() > m.psiWarning()) {
          alerts.add(new RunResult.Alert("DRIFT", p.variable(), String.format(Locale.ROOT,
              "model %s %s: %s has shifted against training (PSI %.3f > %.2f, %s); see gold/model_monitoring",
              r.name(), r.version(), p.variable(), p.psi(), m.psiWarning(), p.verdict())));
        }
      }
      return ok("score", r.scored(), r.scored(), String.format(Locale.ROOT, "%s %s: %s; %d flagged, %d new",
          r.name(), r.version(), r.byGrade(), r.flagged(), r.newFlags()));
    }

    /**
     * A night scores the latest closed period, once. A first load scores every period closed by
     * its last day from its first whole month on (at least the latest closed one), except those
     * scored already — all of them in one pass.
     */
    RunResult.StepResult rates() {
      RatesSettings settings = config.rates();
      if (settings.obligations().isEmpty()) {
        return skipped("rates", "no rates.obligations configured");
      }
      YearMonth latest = RatesJob.latestClosed(ctx.to(), settings);
      YearMonth start = latest;
      if (!nightly()) {
        YearMonth whole = YearMonth.from(ctx.from().getDayOfMonth() == 1 ? ctx.from() : ctx.from().plusMonths(1));
        start = whole.isAfter(latest) ? latest : whole;
      }
      List<YearMonth> candidates = months(start, latest);
      Map<YearMonth, Instant> scored = history.ratesScored();
      boolean redo = history.succeeded("rates") != null; // this date's rates are stale: upToDate said so
      List<YearMonth> todo = force || redo ? candidates : candidates.stream().filter(p -> !scored.containsKey(p)).toList();
      if (todo.isEmpty()) {
        String when = candidates.size() == 1 ? " (" + scored.get(latest) + ")" : "";
        return skipped("rates", RatesJob.label(candidates) + (candidates.size() == 1 ? " was" : " were")
            + " scored already" + when + "; the next period closes on "
            + RatesJob.closes(latest.plusMonths(1), settings) + "; --force rescores");
      }
      // one pass over consecutive months, recorded under their dates, as 'creditlake rates --period'
      // records it: any scored already between the first and the last to do are rescored with them
      List<YearMonth> periods = months(todo.get(0), todo.get(todo.size() - 1));
      RatesResult r = new RatesJob(periods).run(spark, new JobContext(ctx.settings(), periods.get(0).atDay(1),
          periods.get(periods.size() - 1).atEndOfMonth(), ctx.runId()));
      String label = RatesJob.label(periods);
      String note = periods.size() == 1
          ? label + ": " + r.units().size() + " units" + (r.units().isEmpty() ? ""
              : ", first " + r.units().get(0).source() + " " + r.units().get(0).unit())
          : label + ": " + periods.size() + " periods, " + r.distinctUnits() + " units";
      return ok("rates", 0, r.units().size(), note);
    }

    List<YearMonth> months(YearMonth first, YearMonth last) {
      List<YearMonth> out = new ArrayList<>();
      for (YearMonth p = first; !p.isAfter(last); p = p.plusMonths(1)) {
        out.add(p);
      }
      return out;
    }

    // ---- bookkeeping

    RunResult.StepResult ok(String step, long in, long out, String note) {
      return new RunResult.StepResult(step, null, Runs.SUCCEEDED, in, out, 0, 0, note);
    }

    RunResult.StepResult skipped(String step, String note) {
      LOG.info("run {}: {} skipped: {}", ctx.dateLabel(), step, note);
      return new RunResult.StepResult(step, null, Runs.SKIPPED, 0, 0, 0, 0, note);
    }

    void fail(String step, String source, Instant started, RuntimeException e) {
      String message = io.creditlake.common.errors.Errors.describe(e);
      LOG.error("run {}: {}{} failed: {}", ctx.dateLabel(), step, source == null ? "" : " " + source, message, e);
      record(new RunResult.StepResult(step, source, Runs.FAILED, 0, 0, 0,
          java.time.Duration.between(started, Instant.now()).toMillis(), message), started, 0, Map.of());
    }

    void record(RunResult.StepResult r, Instant started, long duplicates, Map<String, Long> versions) {
      record(List.of(new Recorded(r, started, duplicates, versions)));
    }

    /** Adds the outcomes to the result and to {@code ops/runs}; a step that succeeded is up to date from now. */
    void record(List<Recorded> outcomes) {
      outcomes.forEach(o -> add(o.result()));
      try {
        timed("recording " + outcomes.stream().map(o -> o.result().key()).toList() + " in ops/runs", () ->
            OpsLog.write(spark, ctx, outcomes.stream().map(o -> OpsLog.row(ctx, RunHistory.JOB, o.result().key(),
                o.started(), o.result().status(), o.result().rowsIn(), o.result().rowsOut(), o.result().rejected(),
                o.duplicates(), o.result().note(), o.result().durationMs(), o.versions())).toList()));
      } catch (RuntimeException e) {
        LOG.error("run {}: could not record {} in ops/runs: {}", ctx.dateLabel(),
            outcomes.stream().map(o -> o.result().key()).toList(), e.toString());
      }
      for (Recorded o : outcomes) {
        if (o.result().status().equals(Runs.SUCCEEDED)) {
          history.record(o.result().key(), o.started());
        }
      }
    }

    void add(RunResult.StepResult r) {
      steps.add(r);
    }
  }
}
