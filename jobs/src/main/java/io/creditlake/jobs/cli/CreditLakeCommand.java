package io.creditlake.jobs.cli;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.Settings;
import io.creditlake.common.errors.Errors;
import io.creditlake.common.errors.NoModelException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code creditlake}: the root command. Shared options are declared once here and inherited by
 * every subcommand; each job is a subcommand. Exit codes: 0 success, 1 runtime failure (one
 * line on standard error, the stack trace with {@code --verbose}), 2 usage error.
 */
@Command(
    name = "creditlake",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Scores registered businesses for credit risk from the records government departments, courts and banks report: registration, tax, loans and litigation, landed in a Delta lake.",
      "",
      "Runs locally by default (embedded local profile, lake under ./lake); under spark-submit the master and resources come from spark-submit."},
    subcommands = {
      RunCommand.class,
      IngestCommand.class,
      ProfilesCommand.class,
      FlagsCommand.class,
      RatesCommand.class,
      TrainCommand.class,
      ScoreCommand.class,
      PromoteCommand.class,
      ReportCommand.class,
      LookupCommand.class,
      MaintainCommand.class,
      GenerateCommand.class,
      BenchCommand.class,
      CheckConfigCommand.class,
      CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success.",
      "1:A job failed (or one of its sources did); the message says which and why.",
      "2:Bad command-line usage.",
      "3:No model to score with yet (score): train one first."},
    footer = {"", "Run 'creditlake COMMAND --help' for a command's options."})
public final class CreditLakeCommand implements Runnable {

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Configuration file (YAML). Default: the embedded local profile, conf/local.yaml.")
  Path config;

  @Option(names = "--lake", paramLabel = "URI", scope = ScopeType.INHERIT,
      description = "Lake root: a local path, file:, s3a: or hdfs: URI. Overrides the configuration's 'lake'.")
  String lake;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print the job's result record as one JSON document on standard output (logs stay on standard error).")
  boolean json;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: give one of " + spec.subcommands().keySet());
  }

  /** Settings in their one order: option, then configuration file, then default. */
  Settings settings(String inputOption) {
    return Settings.resolve(config, lake, inputOption, new ConfigLoader());
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new CreditLakeCommand());
    cl.setExecutionExceptionHandler(CreditLakeCommand::handle);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Runtime failures: one clear line; the stack trace only with --verbose. */
  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    CreditLakeCommand root = cl.getCommandSpec().root().userObject() instanceof CreditLakeCommand r ? r : null;
    PrintWriter err = cl.getErr();
    if (root != null && root.verbose) {
      e.printStackTrace(err);
    }
    err.println("creditlake: error: " + Errors.describe(e));
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoModelException) {
        err.flush();
        return NoModelException.EXIT_CODE;
      }
    }
    if (root == null || !root.verbose) {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return 1;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
