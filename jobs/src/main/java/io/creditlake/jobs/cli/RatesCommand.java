package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.rate.RatesJob;
import io.creditlake.jobs.rate.RatesResult;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "rates", mixinStandardHelpOptions = true,
    header = "Score each reporting unit's submissions for a month or a range of months: coverage, timeliness, validity, completeness.",
    description = {
      "For the records describing one month, counts per reporting unit the records expected (from the obligations in conf/: every active business for the tax bureau, every running loan for a bank, what was sent for the registry and the courts), received, on time (first sent by the deadline) and valid (not quarantined), and the optional fields filled; computes the four rates, a composite score 0-100 (weights in conf/) and the ranks, writes gold/submission_rates and prints the league table. Score a month once its deadlines have passed.",
      "",
      "A range (--period 2025-01..2025-06) scores every month of it in one pass, much faster than one month at a time, and prints a league table per month."})
final class RatesCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--period", required = true, paramLabel = "yyyy-mm[..yyyy-mm]", converter = Months.Converter.class,
      description = "The month to score, or the first and last month of a range, inclusive: 2026-08, 2025-01..2025-06.")
  Months period;

  /** The months of {@code --period}: one, or a range. */
  record Months(List<YearMonth> months) {

    static final class Converter implements CommandLine.ITypeConverter<Months> {
      @Override
      public Months convert(String value) {
        String[] ends = value.trim().split("\\.\\.", -1);
        if (ends.length > 2) {
          throw new CommandLine.TypeConversionException("give yyyy-mm or yyyy-mm..yyyy-mm, got: " + value);
        }
        YearMonth first = month(ends[0], value);
        YearMonth last = ends.length == 2 ? month(ends[1], value) : first;
        if (last.isBefore(first)) {
          throw new CommandLine.TypeConversionException("the range ends before it starts, got: " + value);
        }
        List<YearMonth> out = new ArrayList<>();
        for (YearMonth p = first; !p.isAfter(last); p = p.plusMonths(1)) {
          out.add(p);
        }
        return new Months(List.copyOf(out));
      }

      private static YearMonth month(String text, String value) {
        try {
          return YearMonth.parse(text.trim());
        } catch (DateTimeParseException e) {
          throw new CommandLine.TypeConversionException("'" + text + "' is not a month yyyy-mm, in: " + value);
        }
      }
    }
  }

  @Override
  public Integer call() {
    Settings settings = root.settings(null);
    List<YearMonth> months = period.months();
    // recorded in ops/runs under the range's dates: 'run' sees each of its months as scored
    JobContext ctx = JobContext.of(settings, months.get(0).atDay(1), months.get(months.size() - 1).atEndOfMonth());
    String label = RatesJob.label(months);
    return SparkSessions.with(settings.config(), "creditlake rates " + label, spark -> {
      RatesResult r = new RatesJob(months).run(spark, ctx);
      StringBuilder sb = new StringBuilder(String.format("submission rates %s (run %s) in %.1f s%n", label, r.runId(),
          r.durationMs() / 1000.0));
      for (String p : r.periods()) {
        if (r.periods().size() > 1) {
          sb.append(String.format("%n  %s%n", p));
        }
        sb.append(String.format("  %4s %-13s %-6s %9s %9s %9s %9s %9s %9s %7s%n", "rank", "source", "unit", "expected",
            "coverage", "on time", "valid", "complete", "score", "in src"));
        for (RatesResult.UnitRate u : r.units(p)) {
          sb.append(String.format("  %4d %-13s %-6s %,9d %9s %9s %9s %9s %9.2f %7d%n", u.rankOverall(), u.source(),
              u.unit(), u.expected(), pct(u.coverage()), pct(u.timeliness()), pct(u.validity()), pct(u.completeness()),
              u.score(), u.rankInSource()));
        }
      }
      Output.print(spec.commandLine().getOut(), root.json, r, sb.toString().stripTrailing());
      return 0;
    });
  }

  private static String pct(Double v) {
    return v == null ? "-" : String.format("%.1f%%", v * 100);
  }
}
