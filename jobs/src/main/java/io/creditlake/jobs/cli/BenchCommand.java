package io.creditlake.jobs.cli;

import io.creditlake.common.config.ModelSettings;
import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.bench.BenchJob;
import io.creditlake.jobs.bench.BenchResult;
import io.creditlake.jobs.generate.GenerateOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    header = "Measure the full build and the nightly increment on generated cities of growing size.",
    description = {
      "For each scale: generates a city (or reuses the files an earlier run generated under --work), then, on a fresh lake, times each step with its rows per second, peak heap, spilled and shuffled bytes: the bare baseline (Spark's own readers copying the files into Delta; one plain aggregation), the full build (backfill ingest of the whole history, profiles with every month-end snapshot, flags, train, score, rates) and the nightly increment (ingest the busiest day, profiles, flags, score). Checks ingest's counts against the generator's truth.",
      "",
      "Writes a section of DOCS/BENCHMARKS.md (one table per run, with date, machine, sizes and Spark settings) and DOCS/benchmarks/bench-<scales>-<date>.json. Full scale (1) is 1,000,000 businesses and ~45 M records: about 5 GB of files and as much again of lake under --work.",
      "",
      "The lake in --config/--lake is not touched: every scale gets its own lake under --work. The night runs in a new JVM with this one's options and class path (its log: WORK/night-<scale>.log), as cron would start it; its figure is the sum of its steps' times, without the JVM's start. Run the bench with bin/creditlake, not spark-submit.",
      "",
      "Examples:",
      "  creditlake bench                                  # 1/16, 1/4 and 1",
      "  creditlake bench --scales 1/64 --work /tmp/b --docs /tmp/b/docs"})
final class BenchCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--scales", split = ",", paramLabel = "FRACTION", defaultValue = "1/16,1/4,1",
      description = "Sizes as fractions of full scale, smallest first. Default: ${DEFAULT-VALUE}.")
  List<String> scales;

  @Option(names = "--months", defaultValue = "36", description = "Months of history. Default: ${DEFAULT-VALUE}.")
  int months;

  @Option(names = "--work", paramLabel = "DIR", description = "Generated files and lakes. Default: <tmp>/creditlake-bench.")
  Path work;

  @Option(names = "--docs", paramLabel = "DIR", defaultValue = "docs",
      description = "Where BENCHMARKS.md and benchmarks/*.json go. Default: ${DEFAULT-VALUE}.")
  Path docs;

  @Option(names = "--seed", defaultValue = "42", description = "The generator's seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--no-baseline", description = "Skip the bare baseline (measured by default).")
  boolean noBaseline;

  @Option(names = "--night-in-this-jvm", description = "Run the night in the JVM that ran the build. By default "
      + "it runs in a new JVM, with this one's options, as cron starts it: a warm JVM would hide the JIT's "
      + "warm-up and the first reads of the Delta logs.")
  boolean nightInThisJvm;

  @Option(names = "--night-only", paramLabel = "FILE", hidden = true,
      description = "Internal: run only the night of the one scale, on the lake its build left, and write its "
          + "figures to FILE (how the bench starts the night in a new JVM).")
  Path nightOnly;

  @Option(names = "--until-stdin-closes", hidden = true,
      description = "Internal: stop when standard input closes, as it does when the bench that started this "
          + "night is killed, even with kill -9.")
  boolean untilStdinCloses;

  @Override
  public Integer call() {
    for (String s : scales) {
      try {
        GenerateOptions.parseScale(s);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replace("--scale", "--scales"));
      }
    }
    Settings settings = root.settings(null);
    ModelSettings model = settings.config().model();
    int fewest = fewestMonths(model);
    if (months < fewest || months > 240) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--months must be between " + fewest + " and 240, "
          + "got: " + months + " (the build trains a model, which validates on the month-end " + model.horizonMonths()
          + " months before the last and trains on a month-end " + model.validationGapMonths() + " months before that)");
    }
    Path dir = work != null ? work : Path.of(System.getProperty("java.io.tmpdir"), "creditlake-bench");
    BenchJob.Options options = new BenchJob.Options(List.copyOf(scales), months, dir, docs, seed, !noBaseline,
        nightInThisJvm || nightOnly != null ? List.of() : nightCommand());
    if (nightOnly != null) {
      if (scales.size() != 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--night-only runs one scale, got --scales " + scales);
      }
      if (untilStdinCloses) {
        LOG.info("bench night {}: started by a bench; stops if that bench goes away", scales.get(0));
        untilClosed(System.in, () -> {
          LOG.error("bench night {}: the bench that started this night is gone (its pipe closed); stopping",
              scales.get(0));
          System.exit(3);
        });
      }
      SparkSessions.with(settings.config(), "creditlake bench night " + scales.get(0), spark -> {
        new BenchJob(options, settings).nightOnly(spark, scales.get(0), nightOnly);
        return null;
      });
      return 0;
    }
    BenchResult r = SparkSessions.with(settings.config(), "creditlake bench " + String.join(",", scales),
        spark -> new BenchJob(options, settings).run(spark));
    StringBuilder text = new StringBuilder();
    for (BenchResult.Scale s : r.scales()) {
      text.append(String.format(Locale.ROOT, "bench %s: %,d history rows: full build %.0f s; %,d nightly rows: %.0f s;"
          + " ingest %s × the bare copy; counts %s the truth%n", s.scale(), s.historyRows(), s.buildSeconds(),
          s.nightlyRows(), s.nightlySeconds(), s.ingestRatio() == null ? "–" : String.format(Locale.ROOT, "%.2f",
              s.ingestRatio()), s.countsMatchTruth() ? "equal" : "DIFFER FROM"));
    }
    text.append("figures: ").append(r.markdown()).append(", ").append(r.json());
    Output.print(spec.commandLine().getOut(), root.json, r, text.toString());
    return r.scales().stream().allMatch(BenchResult.Scale::countsMatchTruth) ? 0 : 1;
  }

  /**
   * Runs {@code then} on a daemon thread once {@code in} ends. The bench keeps its end of the
   * night's standard input open and never writes to it; the system closes it when the bench
   * exits, however it exits, which a shutdown hook cannot see after a {@code kill -9}.
   */
  static Thread untilClosed(java.io.InputStream in, Runnable then) {
    Thread t = new Thread(() -> {
      try {
        while (in.read() >= 0) {
          // nothing is sent; a byte would not mean anything
        }
      } catch (java.io.IOException closed) {
        // the same as the end
      }
      then.run();
    }, "bench-parent-watch");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The shortest history the build can train on: its last month, the validation month-end
   * {@code horizon} months before it (labels look that far ahead), and a training month-end
   * {@code gap} months before that, the first month of history at the latest.
   */
  static int fewestMonths(ModelSettings model) {
    return model.horizonMonths() + model.validationGapMonths() + 1;
  }

  /**
   * This JVM's java, options and class path, then creditlake's own options, up to {@code bench
   * --until-stdin-closes}.
   */
  private List<String> nightCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(childJvmOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CreditLakeCommand.class.getName()));
    if (root.config != null) {
      cmd.addAll(List.of("--config", root.config.toAbsolutePath().toString()));
    }
    cmd.addAll(List.of("bench", "--until-stdin-closes"));
    return cmd;
  }

  /**
   * This JVM's options without those a second JVM must not repeat: agents and debuggers (a port
   * already taken, an agent that {@code JAVA_TOOL_OPTIONS} loads again), a flight recording or a
   * log file it would overwrite, a JMX port.
   */
  static List<String> childJvmOptions(List<String> options) {
    return options.stream().filter(o -> !(o.startsWith("-agentlib:") || o.startsWith("-agentpath:")
        || o.startsWith("-javaagent:") || o.startsWith("-Xrunjdwp") || o.startsWith("-Xdebug")
        || o.startsWith("-XX:StartFlightRecording") || o.startsWith("-XX:FlightRecorderOptions")
        || o.startsWith("-Xlog:") && logsToFile(o) || o.startsWith("-Xloggc:")
        || o.startsWith("-Dcom.sun.management.jmxremote"))).toList();
  }

  /** {@code -Xlog:what:output...}: whether the output is a file ({@code file=x} or just {@code x}). */
  private static boolean logsToFile(String option) {
    String[] parts = option.split(":", 4);
    return parts.length > 2 && !parts[2].isEmpty() && !parts[2].equals("stdout") && !parts[2].equals("stderr");
  }
}
