package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.JobContext;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A subcommand that runs a daily job on Spark: resolves settings and dates, runs, prints, stops Spark. */
abstract class SparkCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Mixin
  DateOptions dates;

  /** {@code --input} where the command has it, else null. */
  String input() {
    return null;
  }

  /** Checks option combinations before Spark starts; throws {@link CommandLine.ParameterException}. */
  void check() {}

  /** Runs the job; returns the exit code. */
  abstract int run(SparkSession spark, JobContext ctx);

  @Override
  public Integer call() {
    check();
    Settings settings = root.settings(input());
    LocalDate[] range = dates.resolve(spec.commandLine(), settings.config().zone());
    JobContext ctx = JobContext.of(settings, range[0], range[1]);
    return SparkSessions.with(settings.config(), "creditlake " + spec.name() + " " + ctx.dateLabel(), spark -> run(spark, ctx));
  }

  void print(Object result, String summary) {
    Output.print(spec.commandLine().getOut(), root.json, result, summary);
  }
}
