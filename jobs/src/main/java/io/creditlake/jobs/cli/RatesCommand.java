package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.rate.RatesJob;
import io.creditlake.jobs.rate.RatesResult;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rates", mixinStandardHelpOptions = true,
    header = "Score each reporting unit's submissions for a month: coverage, timeliness, validity, completeness.",
    description = {
      "For the records describing one month, counts per reporting unit the records expected (from the obligations in conf/: every active business for the tax bureau, every running loan for a bank, what was sent for the registry and the courts), received, on time (first sent by the deadline) and valid (not quarantined), and the optional fields filled; computes the four rates, a composite score 0-100 (weights in conf/) and the ranks, writes gold/submission_rates and prints the league table. Score a month once its deadlines have passed."})
final class RatesCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--period", required = true, paramLabel = "yyyy-mm", description = "The month to score.")
  YearMonth period;

  @Override
  public Integer call() {
    Settings settings = root.settings(null);
    JobContext ctx = JobContext.of(settings, period.atDay(1), period.atEndOfMonth());
    return SparkSessions.with(settings.config(), "creditlake rates " + period, spark -> {
      RatesResult r = new RatesJob(period).run(spark, ctx);
      StringBuilder sb = new StringBuilder(String.format("submission rates %s (run %s) in %.1f s%n", r.period(), r.runId(),
          r.durationMs() / 1000.0));
      sb.append(String.format("  %4s %-13s %-6s %9s %9s %9s %9s %9s %9s %7s%n", "rank", "source", "unit", "expected",
          "coverage", "on time", "valid", "complete", "score", "in src"));
      for (RatesResult.UnitRate u : r.units()) {
        sb.append(String.format("  %4d %-13s %-6s %,9d %9s %9s %9s %9s %9.2f %7d%n", u.rankOverall(), u.source(), u.unit(),
            u.expected(), pct(u.coverage()), pct(u.timeliness()), pct(u.validity()), pct(u.completeness()), u.score(),
            u.rankInSource()));
      }
      Output.print(spec.commandLine().getOut(), root.json, r, sb.toString().stripTrailing());
      return 0;
    });
  }

  private static String pct(Double v) {
    return v == null ? "-" : String.format("%.1f%%", v * 100);
  }
}
