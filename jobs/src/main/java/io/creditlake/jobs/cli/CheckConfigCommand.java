package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.check.CheckConfigJob;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "check-config", mixinStandardHelpOptions = true,
    header = "Validate the configuration; dry-run a day's files against it.",
    description = {
      "Validates the configuration (unknown keys, bad values, mappings onto the canonical schemas). With --input DIR --date D, also dry-runs each source's files of that day: encoding, header and every row through the same validation as ingest, showing counts, reasons and failing rows with file and line. Writes nothing."})
final class CheckConfigCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", paramLabel = "DIR", description = "Folder the files arrive in; enables the dry run (with --date).")
  String input;

  @Option(names = "--date", paramLabel = "yyyy-mm-dd", description = "Batch date of the files to dry-run.")
  LocalDate date;

  /** Result when only the configuration is checked. */
  public record ConfigOnly(String config, List<String> sources, String lake, String input) {}

  @Override
  public Integer call() {
    if ((input == null) != (date == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--input and --date go together for a dry run");
    }
    Settings settings = root.settings(input);
    List<String> names = settings.config().sources().stream().map(SourceConfig::name).toList();
    String origin = root.config == null ? "embedded conf/local.yaml" : root.config.toString();
    if (input == null) {
      Output.print(spec.commandLine().getOut(), root.json, new ConfigOnly(origin, names, settings.lake().root(), settings.input()),
          "configuration OK: " + origin + "\n  sources: " + String.join(", ", names) + "\n  lake: " + settings.lake().root()
              + "\n  input: " + settings.input());
      return 0;
    }
    JobContext ctx = JobContext.of(settings, date, date);
    CheckConfigJob.Result r = SparkSessions.with(settings.config(), "creditlake check-config " + date,
        spark -> new CheckConfigJob().run(spark, ctx));
    StringBuilder sb = new StringBuilder("configuration OK: " + origin + "; dry run of " + settings.input() + " for " + date + "\n");
    for (CheckConfigJob.SourceCheck s : r.sources()) {
      if (s.error() != null) {
        sb.append(String.format("  %-12s FAILED  %s%n", s.source(), s.error()));
        continue;
      }
      sb.append(String.format("  %-12s %d files, %d rows: %d valid, %d would be quarantined %s%n",
          s.source(), s.files(), s.rows(), s.valid(), s.quarantined(), s.reasons().isEmpty() ? "" : s.reasons()));
      s.sample().forEach(x -> sb.append("      ").append(x).append('\n'));
    }
    Output.print(spec.commandLine().getOut(), root.json, r, sb.toString().stripTrailing());
    return r.ok() ? 0 : 1;
  }
}
