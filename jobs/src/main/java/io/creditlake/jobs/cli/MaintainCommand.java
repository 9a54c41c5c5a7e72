package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.maintain.MaintainJob;
import io.creditlake.jobs.maintain.MaintainResult;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "maintain", mixinStandardHelpOptions = true,
    header = "Compact and clean the lake's Delta tables: OPTIMIZE, then VACUUM.",
    description = {
      "For every Delta table of the lake: OPTIMIZE compacts the small files nightly appends leave (Z-ordered by the business code where a table has one, maintain.zorder), then VACUUM removes the files no version younger than the retention uses (maintain.retentionHours in conf/, 168 = 7 days by default). A retention shorter than Delta's safety default of 168 hours needs --force: a reader or a time travel inside it would find its files gone. Run it weekly, when no night is running.",
      "",
      "Examples:",
      "  creditlake maintain --dry-run        # list the tables, their files, and what VACUUM would remove",
      "  creditlake maintain"})
final class MaintainCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--dry-run", description = "Change nothing: list each table's files and what VACUUM would remove.")
  boolean dryRun;

  @Option(names = "--retention-hours", paramLabel = "H",
      description = "VACUUM's retention. Default: maintain.retentionHours in the configuration (168).")
  Integer retentionHours;

  @Option(names = "--force", description = "Allow a retention shorter than Delta's safety default of 168 hours.")
  boolean force;

  @Override
  public Integer call() {
    Settings settings = root.settings(null);
    LocalDate today = LocalDate.now(settings.config().zone());
    JobContext ctx = JobContext.of(settings, today, today);
    MaintainResult r = SparkSessions.with(settings.config(), "creditlake maintain",
        spark -> new MaintainJob(retentionHours, dryRun, force).run(spark, ctx));
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "maintain %s%s in %.1f s, retention %d h%n",
        ctx.lake(), r.dryRun() ? " (dry run: nothing changed)" : "", r.durationMs() / 1000.0, r.retentionHours()));
    sb.append(String.format("  %-28s %8s %10s %8s %-10s %10s%n", "table", "files", "MB", "after", "z-order",
        r.dryRun() ? "vacuum would remove" : "vacuumed"));
    for (MaintainResult.TableResult t : r.tables()) {
      sb.append(String.format(Locale.ROOT, "  %-28s %,8d %10.1f %,8d %-10s %,10d%n", t.table(), t.files(),
          t.bytes() / 1048576.0, t.filesAfter(), t.zorderedBy() == null ? "-" : t.zorderedBy(), t.vacuumFiles()));
    }
    Output.print(spec.commandLine().getOut(), root.json, r, sb.toString().stripTrailing());
    return 0;
  }
}
