package io.creditlake.jobs.cli;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.GenerateResult;
import io.creditlake.jobs.generate.Generator;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
    header = "Write a generated city's department files, with a ground truth.",
    description = {
      "Writes the files the departments of a generated city send — registration (Parquet), tax (GBK CSV), loans (UTF-8 CSV) and litigation (JSON lines), shaped by the configuration's headers, encodings and labels — to OUT/<source>/<date>/..., and OUT/_truth/ with each business's hidden risk and adverse events, each reporting unit's realised submission counts, and every row that is dirty or re-sent.",
      "",
      "Full scale (--scale 1) is the reference deployment: 1,000,000 businesses and 36 months of history, about 45 million rows; --nightly adds its busiest day, about 3 million rows. The same seed writes the same bytes. Streams to disk; no Spark needed.",
      "",
      "Examples:",
      "  creditlake generate --out /data/in --scale 1/16 --nightly",
      "  creditlake generate --out sample --businesses 2000 --months 24 --start 2024-11"})
final class GenerateCommand implements Callable<Integer> {

  @ParentCommand
  CreditLakeCommand root;

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created).")
  Path out;

  @Option(names = "--scale", paramLabel = "FRACTION", defaultValue = "1/64",
      description = "Size as a fraction of full scale (1,000,000 businesses): 1, 1/4, 1/16, 1/64. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--businesses", paramLabel = "N", description = "Businesses, instead of --scale.")
  Integer businesses;

  @Option(names = "--months", defaultValue = "36", description = "Months of history. Default: ${DEFAULT-VALUE}.")
  int months;

  @Option(names = "--start", defaultValue = "2023-10", paramLabel = "yyyy-mm",
      description = "First month of history. Default: ${DEFAULT-VALUE}.")
  YearMonth start;

  @Option(names = "--nightly", description = "Also write the nightly batch: the 20th of the month after the history.")
  boolean nightly;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--error-factor", defaultValue = "1", paramLabel = "X",
      description = "Multiplies every reporting unit's error rate (0: no dirty rows). Default: ${DEFAULT-VALUE}.")
  double errorFactor;

  @Option(names = "--duplicate-rate", defaultValue = "0.005",
      description = "Share of rows re-sent unchanged in the unit's next delivery. Default: ${DEFAULT-VALUE}.")
  double duplicateRate;

  @Option(names = "--correction-rate", defaultValue = "0.005",
      description = "Share of rows re-sent corrected in the unit's next delivery. Default: ${DEFAULT-VALUE}.")
  double correctionRate;

  @Override
  public Integer call() throws Exception {
    GenerateOptions options;
    try {
      int n = businesses != null ? businesses
          : (int) Math.round(GenerateOptions.FULL_SCALE * GenerateOptions.parseScale(scale));
      options = new GenerateOptions(out, n, start, months, seed, errorFactor, duplicateRate, correctionRate, nightly);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CreditLakeConfig config = root.settings(null).config();
    GenerateResult r = new Generator(options, config).run();
    StringBuilder text = new StringBuilder(String.format(
        "generated %,d rows in %,d files for %,d businesses, %s … %s%s, in %.1f s → %s%n", r.total().rows(), r.files(),
        r.businesses(), r.from(), r.to(), r.nightly() == null ? "" : " and the nightly batch " + r.nightly(),
        r.durationMs() / 1000.0, r.out()));
    text.append(String.format("  %-13s %12s %10s %10s %10s %10s %10s %10s%n", "source", "rows", "dirty", "duplicates",
        "corrections", "updates", "late", "missed"));
    for (Map.Entry<String, GenerateResult.Counts> e : r.sources().entrySet()) {
      GenerateResult.Counts c = e.getValue();
      text.append(String.format("  %-13s %,12d %,10d %,10d %,10d %,10d %,10d %,10d%n", e.getKey(), c.rows(), c.dirty(),
          c.duplicates(), c.corrections(), c.updates(), c.late(), c.missed()));
    }
    text.append("  truth: ").append(out.resolve("_truth"));
    Output.print(spec.commandLine().getOut(), root.json, r, text.toString());
    return 0;
  }
}
