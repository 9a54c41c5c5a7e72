package io.creditlake.jobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.creditlake.common.config.Settings;
import io.creditlake.common.domain.Source;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Runs;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.Generator;
import io.creditlake.jobs.run.RunJob;
import io.creditlake.jobs.run.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code creditlake bench}: generates a city at each scale (or reuses the files an earlier run
 * generated), then measures, step by step, the bare baseline, the full build (backfill ingest of
 * the whole history, profiles with every month-end snapshot, flags, training, scoring, rates) and
 * the nightly increment (ingest of the busiest day, profiles, flags, scores) — each step the very
 * {@link RunJob} step a night runs — and writes the figures to {@code docs/BENCHMARKS.md} and as JSON.
 */
public final class BenchJob {

  private static final Logger LOG = LoggerFactory.getLogger(BenchJob.class);
  private static final long MB = 1L << 20;
  static final YearMonth FIRST_MONTH = YearMonth.of(2023, 10);
  static final List<RunJob.Step> BUILD = List.of(RunJob.Step.INGEST, RunJob.Step.PROFILES, RunJob.Step.FLAGS,
      RunJob.Step.TRAIN, RunJob.Step.SCORE, RunJob.Step.RATES);
  static final List<RunJob.Step> NIGHTLY = List.of(RunJob.Step.INGEST, RunJob.Step.PROFILES, RunJob.Step.FLAGS,
      RunJob.Step.SCORE);

  /**
   * @param scales fractions of full scale, run in the order given
   * @param months months of history (full scale: 36)
   * @param work where the generated files, lakes and baseline copies go
   * @param docs where BENCHMARKS.md and benchmarks/*.json are written
   * @param seed the generator's seed
   * @param baseline whether to run the bare baseline
   * @param nightCommand the command line, up to and including {@code bench --until-stdin-closes}, that
   *     starts creditlake in a new JVM for the night, as cron starts it; empty to run the night in this JVM
   */
  public record Options(List<String> scales, int months, Path work, Path docs, long seed, boolean baseline,
      List<String> nightCommand) {}

  /** A phase's steps' figures and ingest's results; also what a night in a JVM of its own hands back. */
  record Phase(List<BenchResult.Step> steps, List<RunResult.StepResult> ingest) {}

  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

  private final Options options;
  private final Settings settings;

  public BenchJob(Options options, Settings settings) {
    this.options = options;
    this.settings = settings;
  }

  public BenchResult run(SparkSession spark) {
    String started = java.time.OffsetDateTime.now(ZoneOffset.UTC).withSecond(0).withNano(0).toLocalDateTime().toString();
    List<BenchResult.Scale> done = new ArrayList<>();
    try (StepMeter meter = new StepMeter(spark)) {
      for (String scale : options.scales()) {
        done.add(scale(spark, meter, scale));
      }
    }
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    String tag = String.join("_", options.scales().stream().map(BenchJob::tag).toList());
    // the start time in the name: a second run of the same scales on the same day keeps the first's
    Path json = options.docs().resolve("benchmarks")
        .resolve("bench-" + tag + "-" + started.replace(":", "").replace('T', '-') + ".json");
    Path markdown = options.docs().resolve("BENCHMARKS.md");
    String where = options.nightCommand().isEmpty() ? "; night in the build's JVM" : "; night in a new JVM";
    BenchResult result = new BenchResult(date, started, machine(), sparkSettings(spark) + where, Runtime.getRuntime().maxMemory() / MB,
        List.copyOf(done), json.toString(), markdown.toString());
    write(result, json, markdown);
    return result;
  }

  /** A scale's generated files, its lake, and the settings that point at both. */
  private record Place(int businesses, GenerateOptions gen, Path files, Path lake, Settings settings) {}

  private Place place(String scale) {
    String tag = tag(scale);
    int businesses = (int) Math.round(GenerateOptions.FULL_SCALE * GenerateOptions.parseScale(scale));
    Path files = options.work().resolve("files-" + tag + "-m" + options.months() + "-s" + options.seed());
    GenerateOptions gen = new GenerateOptions(files, businesses, FIRST_MONTH, options.months(), options.seed(), 1,
        0.005, 0.005, true);
    Path lake = options.work().resolve("lake-" + tag);
    Settings s = new Settings(settings.config(), new LakeLayout(lake.toAbsolutePath().toString()),
        LakeLayout.toUri(files.toAbsolutePath().toString()));
    return new Place(businesses, gen, files, lake, s);
  }

  /**
   * The night alone, on the lake an earlier build of this scale left: what the bench runs in a new
   * JVM ({@code bench --night-only}). Writes its figures as JSON to {@code result}.
   */
  public void nightOnly(SparkSession spark, String scale, Path result) {
    Place p = place(scale);
    Phase night;
    try (StepMeter meter = new StepMeter(spark)) {
      night = phase(spark, meter, scale, "nightly", JobContext.of(p.settings(), p.gen().nightlyDate(),
          p.gen().nightlyDate()), NIGHTLY);
    }
    try {
      Files.writeString(result, JSON.writeValueAsString(night), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("bench: cannot write the night's figures to " + result + ": " + e.getMessage(), e);
    }
  }

  private BenchResult.Scale scale(SparkSession spark, StepMeter meter, String scale) {
    Place p = place(scale);
    int businesses = p.businesses();
    GenerateOptions gen = p.gen();
    Path files = p.files();
    Double generateSeconds = generate(gen);
    Truth truth = Truth.read(files.resolve("_truth/batches.csv"), gen.nightlyDate());
    Path lake = p.lake();
    Path base = options.work().resolve("baseline-" + tag(scale));
    delete(lake);
    delete(base);
    Settings s = p.settings();
    LOG.info("bench {}: {} businesses, {} history rows {} .. {}, nightly {} rows on {}", scale, businesses,
        truth.historyRows(), gen.start(), gen.end(), truth.nightlyRows(), gen.nightlyDate());

    List<BenchResult.Step> baseline = new ArrayList<>();
    if (options.baseline()) {
      Baseline b = new Baseline(spark, settings.config().sources(), s.input(), base.toAbsolutePath().toString());
      List<LocalDate> history = gen.start().datesUntil(gen.end().plusDays(1)).toList();
      StepMeter.Measured<Baseline.Copied> copy = meter.measure(() -> b.copy(history));
      baseline.add(step("copy", Runs.SUCCEEDED, copy.value().rows(), copy.reading(),
          "typed files → Delta, " + copy.value().tables() + " tables"));
      StepMeter.Measured<Long> agg = meter.measure(b::aggregate);
      baseline.add(step("aggregate", Runs.SUCCEEDED, truth.historyRows(), agg.reading(),
          "one aggregation per business over the typed copies: " + agg.value() + " businesses"));
      log(scale, "baseline", baseline);
    }

    JobContext buildCtx = JobContext.of(s, gen.start(), gen.end());
    Phase build = phase(spark, meter, scale, "build", buildCtx, BUILD);
    long lakeAfterBuild = size(spark, lake);
    Phase night = options.nightCommand().isEmpty()
        ? phase(spark, meter, scale, "nightly", JobContext.of(s, gen.nightlyDate(), gen.nightlyDate()), NIGHTLY)
        : nightInNewJvm(scale);
    long lakeAfterNight = size(spark, lake);

    boolean match = truth.matches(build.ingest, false) && truth.matches(night.ingest, true);
    if (!match) {
      LOG.error("bench {}: ingest's counts differ from the generator's truth ({}): the figures measure a wrong result",
          scale, files.resolve("_truth/batches.csv"));
    }
    return new BenchResult.Scale(scale, businesses, options.months(), gen.start(), gen.end(), gen.nightlyDate(),
        truth.historyRows(), truth.nightlyRows(), dirMb(files), generateSeconds, match, List.copyOf(baseline),
        build.steps, night.steps, lakeAfterBuild / MB, lakeAfterNight / MB);
  }

  /**
   * The night in a JVM of its own, as cron runs it: a new JVM compiles Spark's and CreditLake's code
   * afresh and starts with Delta's caches empty, which the build's warm JVM would hide (about 30 %
   * of the night at 1/4 scale, docs/BENCHMARKS.md). Its figures are its steps' own times, as in the
   * build; the JVM's start and Spark's session come on top and are logged. Its output goes to
   * {@code WORK/night-<scale>.log}.
   */
  private Phase nightInNewJvm(String scale) {
    Path result = options.work().resolve("night-" + tag(scale) + ".json");
    Path logFile = options.work().resolve("night-" + tag(scale) + ".log");
    List<String> cmd = new ArrayList<>(options.nightCommand());
    cmd.addAll(List.of("--scales", scale, "--months", Integer.toString(options.months()), "--work",
        options.work().toAbsolutePath().toString(), "--seed", Long.toString(options.seed()), "--night-only",
        result.toAbsolutePath().toString()));
    LOG.info("bench {} nightly: in a new JVM, its log in {}", scale, logFile);
    try {
      Files.deleteIfExists(result);
      long t0 = System.nanoTime();
      ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
      // their options are among this JVM's, filtered (BenchCommand); the launcher would add them again
      builder.environment().remove("JAVA_TOOL_OPTIONS");
      builder.environment().remove("JDK_JAVA_OPTIONS");
      Process child = builder.start();
      // a bench stopped with Ctrl-C or kill stops its night too, rather than leave it writing the lake
      Thread stop = new Thread(() -> stop(child));
      Runtime.getRuntime().addShutdownHook(stop);
      int code;
      try {
        code = child.waitFor();
      } catch (InterruptedException e) {
        stop(child);
        Thread.currentThread().interrupt();
        throw new CreditLakeException("bench " + scale + " nightly: interrupted; the night's JVM was stopped", e);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running already
        }
      }
      if (code != 0 || !Files.exists(result)) {
        throw new CreditLakeException("bench " + scale + " nightly: the night's JVM exited with " + code
            + " and no figures; see its log " + logFile);
      }
      Phase night = JSON.readValue(result.toFile(), Phase.class);
      LOG.info("bench {} nightly: its JVM ran {} s from start to exit; the steps' own times follow", scale,
          String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
      log(scale, "nightly", night.steps());
      return night;
    } catch (IOException e) {
      throw new UncheckedIOException("bench " + scale + " nightly: cannot run the night's JVM (" + cmd.get(0)
          + ") or read " + result + ": " + e.getMessage(), e);
    }
  }

  private static void stop(Process child) {
    child.destroy();
    try {
      if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The steps one after the other, each as a run of that step alone, as {@code creditlake run --step} runs it. */
  private Phase phase(SparkSession spark, StepMeter meter, String scale, String phase, JobContext ctx,
      List<RunJob.Step> steps) {
    List<BenchResult.Step> out = new ArrayList<>();
    List<RunResult.StepResult> ingest = List.of();
    long profiles = 0;
    Map<Source, Long> silver = Map.of();
    for (RunJob.Step step : steps) {
      StepMeter.Measured<RunResult> m = meter.measure(() -> new RunJob(EnumSet.of(step), false).run(spark, ctx));
      List<RunResult.StepResult> results = m.value().steps().stream().filter(r -> r.step().equals(step.id())).toList();
      if (results.isEmpty()) {
        throw new CreditLakeException("bench " + scale + " " + phase + ": step " + step.id() + " reported nothing");
      }
      for (RunResult.StepResult r : results) {
        if (!r.status().equals(Runs.SUCCEEDED) && !r.status().equals(Runs.SKIPPED)) {
          throw new CreditLakeException("bench " + scale + " " + phase + ": " + r.key() + " " + r.status() + ": "
              + r.note() + " — the figures would measure a broken run; see the log above");
        }
      }
      RunResult.StepResult first = results.get(0);
      if (step == RunJob.Step.INGEST) {
        ingest = results;
        silver = silverRows(spark, ctx.lake()); // after ingest, silver does not change in the phase
      }
      long rows = switch (step) {
        case INGEST -> results.stream().mapToLong(RunResult.StepResult::rowsIn).sum();
        case PROFILES -> silver.values().stream().mapToLong(Long::longValue).sum();
        case FLAGS -> profiles;
        case RATES -> silver.get(Source.TAX) + silver.get(Source.LOAN);
        default -> first.rowsIn();
      };
      if (step == RunJob.Step.PROFILES) {
        profiles = first.rowsOut();
      }
      String status = results.stream().allMatch(r -> r.status().equals(Runs.SUCCEEDED)) ? Runs.SUCCEEDED : first.status();
      String note = step == RunJob.Step.INGEST ? results.stream().mapToLong(RunResult.StepResult::rowsOut).sum()
          + " silver, " + results.stream().mapToLong(RunResult.StepResult::rejected).sum() + " quarantined"
          : first.note();
      out.add(step(step.id(), status, rows, m.reading(), note));
    }
    log(scale, phase, out);
    return new Phase(List.copyOf(out), ingest);
  }

  private static BenchResult.Step step(String name, String status, long rows, StepMeter.Reading r, String note) {
    double seconds = r.millis() / 1000.0;
    return new BenchResult.Step(name, status, rows, seconds, seconds == 0 ? rows : Math.round(rows / seconds),
        r.peakHeapBytes() / MB, r.peakLiveBytes() / MB, r.memorySpilledBytes() / MB, r.diskSpilledBytes() / MB, r.shuffleWrittenBytes() / MB,
        r.tasks(), note);
  }

  private static void log(String scale, String phase, List<BenchResult.Step> steps) {
    for (BenchResult.Step s : steps) {
      LOG.info("bench {} {} {}: {} rows in {} s ({} rows/s), peak heap {} MB ({} MB live), spilled {} MB, shuffle {} MB; {}", scale,
          phase, s.step(), s.rows(), String.format(Locale.ROOT, "%.1f", s.seconds()), s.rowsPerSecond(),
          s.peakHeapMb(), s.peakLiveMb(), s.spilledMb(), s.shuffleMb(), s.note());
    }
  }

  /** Generates unless an earlier run left complete files (its marker is written last); the seconds, or null. */
  private Double generate(GenerateOptions gen) {
    Path marker = gen.out().resolve("_truth/.complete");
    if (Files.exists(marker)) {
      LOG.info("bench: reusing the files generated in {}", gen.out());
      return null;
    }
    delete(gen.out());
    try {
      var r = new Generator(gen, settings.config()).run();
      Files.writeString(marker, r.total().rows() + " rows\n");
      return r.durationMs() / 1000.0;
    } catch (IOException e) {
      throw new UncheckedIOException("bench: generating into " + gen.out() + " failed: " + e.getMessage(), e);
    }
  }

  /** Rows per silver table; Delta answers from its log's statistics. */
  private static Map<Source, Long> silverRows(SparkSession spark, LakeLayout lake) {
    Map<Source, Long> n = new java.util.EnumMap<>(Source.class);
    for (Source s : Source.values()) {
      n.put(s, spark.read().format("delta").load(lake.silver(s)).count());
    }
    return n;
  }

  private static long size(SparkSession spark, Path dir) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(dir.toAbsolutePath().toUri());
      return FileSystem.get(p.toUri(), spark.sparkContext().hadoopConfiguration()).getContentSummary(p).getLength();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long dirMb(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/_truth/"))
          .mapToLong(p -> p.toFile().length()).sum() / MB;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("bench: cannot clear " + dir + ": " + e.getMessage(), e);
    }
  }

  static String tag(String scale) {
    return scale.trim().replace('/', '_');
  }

  static String machine() {
    long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return String.format(Locale.ROOT, "%d cores, %.0f GiB, %s %s, Java %s", Runtime.getRuntime().availableProcessors(),
        bytes / (double) (1L << 30), System.getProperty("os.name"), System.getProperty("os.arch"),
        System.getProperty("java.version"));
  }

  static String sparkSettings(SparkSession spark) {
    var conf = spark.conf();
    return String.format(Locale.ROOT, "Spark %s, %s, shuffle partitions %s, adaptive %s, Delta %s", spark.version(),
        spark.sparkContext().master(), conf.get("spark.sql.shuffle.partitions"), conf.get("spark.sql.adaptive.enabled"),
        deltaVersion());
  }

  private static String deltaVersion() {
    String v = io.delta.tables.DeltaTable.class.getPackage().getImplementationVersion();
    return v == null ? "(version not in its jar)" : v;
  }

  private static void write(BenchResult r, Path json, Path markdown) {
    try {
      Files.createDirectories(json.getParent());
      Files.writeString(json, JSON.writeValueAsString(r) + "\n", StandardCharsets.UTF_8);
      String existing = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n";
      Files.writeString(markdown, BenchMarkdown.append(existing, r, markdown.getParent().relativize(json).toString()),
          StandardCharsets.UTF_8);
      LOG.info("bench: figures written to {} and {}", markdown, json);
    } catch (IOException e) {
      throw new UncheckedIOException("bench: cannot write the figures to " + markdown + ": " + e.getMessage(), e);
    }
  }

  /** The generator's truth per batch: what ingest must have read, kept and quarantined. */
  record Truth(Map<String, long[]> history, Map<String, long[]> nightly) {

    static Truth read(Path batches, LocalDate nightlyDate) {
      Map<String, long[]> history = new HashMap<>();
      Map<String, long[]> nightly = new HashMap<>();
      try {
        List<String> lines = Files.readAllLines(batches);
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.split(",");
          Map<String, long[]> into = LocalDate.parse(f[1]).equals(nightlyDate) ? nightly : history;
          long[] c = into.computeIfAbsent(f[0], k -> new long[3]);
          c[0] += Long.parseLong(f[2]);
          c[1] += Long.parseLong(f[3]);
          c[2] += Long.parseLong(f[4]);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("bench: cannot read the generator's truth " + batches, e);
      }
      return new Truth(history, nightly);
    }

    long historyRows() {
      return history.values().stream().mapToLong(c -> c[0]).sum();
    }

    long nightlyRows() {
      return nightly.values().stream().mapToLong(c -> c[0]).sum();
    }

    boolean matches(List<RunResult.StepResult> ingest, boolean night) {
      Map<String, long[]> want = night ? nightly : history;
      for (RunResult.StepResult r : ingest) {
        long[] c = want.getOrDefault(r.source(), new long[3]);
        if (r.rowsIn() != c[0] || r.rowsOut() != c[1] || r.rejected() != c[2]) {
          LOG.error("bench: {} read {}, kept {}, quarantined {}; the truth says {}, {}, {}", r.source(), r.rowsIn(),
              r.rowsOut(), r.rejected(), c[0], c[1], c[2]);
          return false;
        }
      }
      // every source the truth has rows for was ingested
      return ingest.stream().map(RunResult.StepResult::source).toList().containsAll(want.keySet());
    }
  }
}
