package io.creditlake.jobs.cli;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.jobs.generate.DirtKind;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.GenerateResult;
import io.creditlake.jobs.generate.Generator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
    header = "Write deterministic sample files with dirty rows and a ground truth.",
    description = {
      "Writes deterministic sample files for every configured source, the way departments send them (headers, encodings, formats and labels from the configuration): OUT/<source>/<date>/..., with dirty rows, exact duplicates, corrections and late rows at the given rates, and OUT/_truth/ saying what every row is. The same seed writes the same bytes. No Spark needed."})
final class GenerateCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created).")
  Path out;

  @Option(names = "--entities", defaultValue = "1000", description = "Businesses. Default: ${DEFAULT-VALUE}.")
  int entities;

  @Option(names = "--days", defaultValue = "7", description = "Daily batches. Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(names = "--start", defaultValue = "2026-10-01", paramLabel = "yyyy-mm-dd",
      description = "First batch date. Default: ${DEFAULT-VALUE}.")
  LocalDate start;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--dirty-rate", paramLabel = "KIND=RATE",
      description = "Share of rows given a defect, per kind (${COMPLETION-CANDIDATES}); repeatable. Default: "
          + DirtKind.DEFAULT_RATE + " each.")
  Map<DirtKind, Double> dirtyRates = new EnumMap<>(DirtKind.class);

  @Option(names = "--duplicate-rate", defaultValue = "0.01", description = "Share of exact re-sends. Default: ${DEFAULT-VALUE}.")
  double duplicateRate;

  @Option(names = "--correction-rate", defaultValue = "0.01", description = "Share of corrected re-sends. Default: ${DEFAULT-VALUE}.")
  double correctionRate;

  @Option(names = "--late-rate", defaultValue = "0.02", description = "Share of valid late rows. Default: ${DEFAULT-VALUE}.")
  double lateRate;

  @Override
  public Integer call() throws Exception {
    Map<DirtKind, Double> rates = new EnumMap<>(DirtKind.class);
    for (DirtKind k : DirtKind.values()) {
      rates.put(k, dirtyRates.getOrDefault(k, DirtKind.DEFAULT_RATE));
    }
    GenerateOptions options;
    try {
      options = new GenerateOptions(out, entities, days, start, seed, rates, duplicateRate, correctionRate, lateRate);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CreditLakeConfig config = root.settings(null).config();
    GenerateResult r = new Generator(options, config).run();
    Output.print(spec.commandLine().getOut(), root.json, r, String.format(
        "generated %d files in %s in %.1f s%n  rows %s%n  dirty %s, duplicates %s, corrections %s, late %s%n  truth: %s",
        r.files(), r.out(), r.durationMs() / 1000.0, r.rows(), r.dirty(), r.duplicates(), r.corrections(), r.late(),
        out.resolve("_truth")));
    return 0;
  }
}
