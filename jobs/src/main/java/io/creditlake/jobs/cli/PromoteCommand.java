package io.creditlake.jobs.cli;

import io.creditlake.common.config.Settings;
import io.creditlake.common.spark.SparkSessions;
import io.creditlake.jobs.model.ModelRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true,
    header = "Make a model version the one that scores.",
    description = {"Switches models/<name>/CURRENT to the version given. Every version stays in the registry and loadable; "
        + "promote an older one to roll back.", "", "Example:", "  creditlake promote v3"})
final class PromoteCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "VERSION", description = "The version, e.g. v3.")
  String version;

  @Override
  public Integer call() {
    Settings settings = root.settings(null);
    return SparkSessions.with(settings.config(), "creditlake promote " + version, spark -> {
      ModelRegistry registry = new ModelRegistry(spark, settings.lake(), settings.config().model().name());
      String before = registry.current().orElse("none");
      registry.promote(version);
      record Promoted(String model, String previous, String current, java.util.List<String> versions) {}
      Output.print(spec.commandLine().getOut(), root.json, new Promoted(settings.config().model().name(), before, version,
          registry.versions()), "model " + settings.config().model().name() + ": current version " + version
          + " (was " + before + "); versions: " + String.join(", ", registry.versions()));
      return 0;
    });
  }
}
