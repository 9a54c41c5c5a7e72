package io.creditlake.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.Generator;
import io.creditlake.jobs.ingest.IngestJob;
import io.creditlake.jobs.ingest.IngestResult;
import io.creditlake.jobs.profile.ProfilesJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated city of 4,000 businesses over 16 months (2025-01 … 2026-04), ingested and profiled
 * at every month-end, with a model configuration scaled to it: a 6-month horizon, 3 training
 * month-ends ending 3 months before the validation month-end. Trained for 2026-04-30 it validates
 * on 2025-10-31 and trains on 2025-05-31 … 2025-07-31. Built once per test JVM.
 */
final class ModelCity {

  private ModelCity() {}

  static final LocalDate DATE = LocalDate.of(2026, 4, 30);
  private static TestLake lake;
  private static Trained trained;

  /** The two versions trained for {@link #DATE}: v1 the scorecard (current), v2 the trees. */
  record Trained(TrainResult scorecard, TrainResult gbt) {}

  static synchronized Trained trained() throws Exception {
    if (trained == null) {
      TestLake l = lake();
      TrainResult scorecard = new TrainJob(null, false).run(l.spark(), l.day(DATE));
      TrainResult gbt = new TrainJob("gbt", false).run(l.spark(), l.day(DATE));
      trained = new Trained(scorecard, gbt);
    }
    return trained;
  }

  static synchronized TestLake lake() throws Exception {
    if (lake != null) {
      return lake;
    }
    Path tmp = Files.createTempDirectory("creditlake-model");
    Path config = tmp.resolve("model-test.yaml");
    Files.writeString(config, String.join("\n",
        "extends: " + TestLake.PROJECT_CONF.toAbsolutePath().normalize(),
        "model:",
        "  horizonMonths: 6",
        "  trainSnapshots: 3",
        "  validationGapMonths: 3",
        "  bins: 8",
        "  gbt: {maxIter: \"40\", maxDepth: \"4\", stepSize: \"0.1\", subsamplingRate: \"0.8\", featureSubsetStrategy: \"0.5\"}",
        ""));
    TestLake l = new TestLake(tmp, config);
    GenerateOptions options = new GenerateOptions(l.input, 4_000, YearMonth.of(2025, 1), 16, 11, 1, 0.01, 0.01, false);
    new Generator(options, new ConfigLoader(n -> null).load(config)).run();
    IngestResult ingested = new IngestJob(List.of()).run(l.spark(), l.range(options.start(), options.end()));
    assertThat(ingested.succeeded()).as("%s", ingested).isTrue();
    new ProfilesJob().run(l.spark(), l.range(options.start(), DATE));
    lake = l;
    return l;
  }

  /** The generator's hidden risk of every business, from {@code _truth/entities.csv}. */
  static Map<String, Double> hiddenRisk() throws Exception {
    List<String> lines = Files.readAllLines(lake().input.resolve("_truth/entities.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    int uscc = header.indexOf("uscc");
    int risk = header.indexOf("risk");
    Map<String, Double> out = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      out.put(f[uscc], Double.parseDouble(f[risk]));
    }
    return out;
  }
}
