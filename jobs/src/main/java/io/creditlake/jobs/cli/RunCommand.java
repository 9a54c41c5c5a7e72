package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.run.RunJob;
import io.creditlake.jobs.run.RunResult;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    header = "Run the whole night: ingest, profiles, flags, training, scores, submission rates, report.",
    description = {
      "Processes business day D (the night that starts on D+1, Asia/Shanghai), in order: ingest every source -> profiles (D, and any month-end missed since the lake's latest) -> flags -> training (when run.train in conf/ says so, or when there is no model yet and enough history) -> scores (skipped, with a note, while there is no model) -> submission rates (for the latest period whose deadlines have passed, once) -> the night's HTML report (<lake>/reports/report-D.html, see 'creditlake report'; made even when a step failed). Each step is recorded in ops/runs, and so are the alerts.",
      "",
      "--from D1 --to D2 is the first load: ingest the range in one job, every month-end it spans in one profile pass, train, score D2, the rates of every period closed in the range, the report of D2.",
      "",
      "Rerunning the same dates skips the steps that already succeeded and are still up to date (a step is redone when a step it reads from was redone after it); --force redoes all. A source whose file is bad fails on its own: the others and the later steps go on, and the exit code is 1. Alerts (a file the departments owe that did not arrive, a jump in a source's quarantined share, drift of the model's inputs) are printed in the summary; they do not change the exit code.",
      "",
      "Examples:",
      "  creditlake run --from 2024-11-01 --to 2026-11-20      # first load of the committed sample",
      "  creditlake run --date 2026-11-21                      # one night",
      "  creditlake run --date 2026-11-21 --only score,rates   # some steps (Airflow runs one per task)"})
final class RunCommand extends SparkCommand {

  @Option(names = "--input", paramLabel = "DIR",
      description = "Folder the files arrive in (local path or URI). Overrides the configuration's 'input'.")
  String input;

  @Option(names = "--only", split = ",", paramLabel = "STEP",
      description = "Only these steps, of: ingest, profiles, flags, train, score, rates, report. Default: all, in that order.")
  List<String> only = new ArrayList<>();

  @Option(names = "--force", description = "Redo the steps that already succeeded for these dates.")
  boolean force;

  private final EnumSet<RunJob.Step> steps = EnumSet.noneOf(RunJob.Step.class);

  @Override
  String input() {
    return input;
  }

  @Override
  void check() {
    for (String s : only) {
      try {
        steps.add(RunJob.Step.of(s));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--only: " + e.getMessage());
      }
    }
  }

  @Override
  int run(SparkSession spark, JobContext ctx) {
    RunResult r = new RunJob(steps, force).run(spark, ctx);
    print(r, summary(r, ctx));
    if (!r.succeeded()) {
      spec.commandLine().getErr().println("creditlake: error: " + String.join("; ", r.failed().stream()
          .map(s -> s.key() + ": " + s.note()).toList()));
    }
    return r.succeeded() ? 0 : 1;
  }

  static String summary(RunResult r, JobContext ctx) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "run %s (run %s) %s in %.1f s, lake %s%n",
        ctx.dateLabel(), r.runId(), r.succeeded() ? "succeeded" : "FAILED", r.durationMs() / 1000.0, ctx.lake()));
    sb.append(String.format("  %-20s %-9s %11s %11s %9s %8s  %s%n", "step", "status", "rows in", "rows out", "rejected",
        "seconds", "note"));
    for (RunResult.StepResult s : r.steps()) {
      sb.append(String.format(Locale.ROOT, "  %-20s %-9s %,11d %,11d %,9d %8.1f  %s%n", s.key(), s.status(), s.rowsIn(),
          s.rowsOut(), s.rejected(), s.durationMs() / 1000.0, s.note() == null ? "" : s.note()));
    }
    sb.append(String.format("  new flags: %,d%n", r.newFlags()));
    if (r.alerts().isEmpty()) {
      sb.append("  alerts: none\n");
    } else {
      sb.append(String.format("  alerts (%d):%n", r.alerts().size()));
      r.alerts().forEach(a -> sb.append("    ").append(a.kind()).append(' ').append(a.message()).append('\n'));
    }
    return sb.toString().stripTrailing();
  }
}
