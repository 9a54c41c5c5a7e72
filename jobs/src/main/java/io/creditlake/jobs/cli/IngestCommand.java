package io.creditlake.jobs.cli;

import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.ingest.IngestJob;
import io.creditlake.jobs.ingest.IngestResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    header = "Load the files of a day (or a range) into bronze, silver and quarantine.",
    description = {
      "Lands the day's files of each source: files -> bronze (as read, with file and line) -> silver (typed, validated, every version kept). Bad rows go to quarantine with every reason; exact duplicates are dropped and counted; rows read = silver + quarantined + duplicates, checked. Rerunning a date replaces its rows. A file that is not the configured source stops that source before anything of it is written; the others go on and the exit code is 1."})
final class IngestCommand extends SparkCommand {

  @Option(names = "--source", paramLabel = "NAME", split = ",",
      description = "Only these sources (repeatable or comma-separated). Default: all configured.")
  List<String> sources = new ArrayList<>();

  @Option(names = "--input", paramLabel = "DIR",
      description = "Folder the files arrive in (local path or URI). Overrides the configuration's 'input'.")
  String input;

  @Override
  String input() {
    return input;
  }

  @Override
  int run(SparkSession spark, JobContext ctx) {
    IngestResult r = new IngestJob(sources).run(spark, ctx);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("ingest %s (run %s) in %.1f s, lake %s%n", ctx.dateLabel(), r.runId(), r.durationMs() / 1000.0, ctx.lake()));
    sb.append(String.format("  %-12s %-9s %6s %10s %10s %11s %10s%n", "source", "status", "files", "read", "silver", "quarantined", "duplicates"));
    for (IngestResult.SourceResult s : r.sources()) {
      sb.append(String.format("  %-12s %-9s %6d %10d %10d %11d %10d%n", s.source(), s.status(), s.files(), s.rowsRead(),
          s.rowsSilver(), s.rowsQuarantined(), s.rowsDuplicate()));
      if (s.error() != null) {
        sb.append("    ").append(s.error()).append('\n');
      }
    }
    print(r, sb.toString().stripTrailing());
    if (!r.succeeded()) {
      spec.commandLine().getErr().println("creditlake: error: " + r.sources().stream().filter(s -> s.error() != null)
          .map(IngestResult.SourceResult::error).reduce((a, b) -> a + "; " + b).orElse(""));
    }
    return r.succeeded() ? 0 : 1;
  }
}
