package io.creditlake.jobs.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditlake.common.config.SparkSettings;
import io.creditlake.common.spark.TestSpark;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's smoke run (issue 8): {@code creditlake bench} at a small scale must finish, with
 * every step of the full build and the night (in a new JVM) measured, ingest's counts equal to the generator's
 * truth, and its figures written to the docs folder as Markdown and JSON. The figures themselves
 * are not asserted: timings belong to the benchmark, not to tests.
 */
class BenchIT {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aSmallBenchFinishesAndWritesItsFigures() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("BENCHMARKS.md"), "# Benchmarks\n\nIntro.\n\n## Older section\n\nkept\n");
    Cli.Result r = Cli.run("--config", testConfig().toString(), "bench", "--scales", "1/1000", "--months", "16",
        "--work", tmp.resolve("work").toString(), "--docs", docs.toString(), "--json");
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    JsonNode result = JSON.readTree(r.out());
    assertThat(result.path("scales")).hasSize(1);
    JsonNode scale = result.path("scales").get(0);
    assertThat(scale.path("businesses").asInt()).isEqualTo(1000);
    assertThat(scale.path("countsMatchTruth").asBoolean()).isTrue();
    assertThat(steps(scale.path("baseline"))).containsExactly("copy", "aggregate");
    assertThat(steps(scale.path("build"))).containsExactly("ingest", "profiles", "flags", "train", "score", "rates");
    assertThat(steps(scale.path("nightly"))).containsExactly("ingest", "profiles", "flags", "score");
    for (String phase : List.of("baseline", "build", "nightly")) {
      for (JsonNode s : scale.path(phase)) {
        assertThat(s.path("status").asText()).as(phase + " " + s).isEqualTo("SUCCEEDED");
        assertThat(s.path("seconds").asDouble()).as(phase + " " + s).isPositive();
        assertThat(s.path("rows").asLong()).as(phase + " " + s).isPositive();
        assertThat(s.path("tasks").asLong()).as("Spark tasks seen by the meter: " + phase + " " + s).isPositive();
        assertThat(s.path("peakHeapMb").asLong()).as(phase + " " + s).isPositive();
      }
    }
    // the rows the steps report are the lake's own: ingest read what the generator wrote
    assertThat(scale.path("build").get(0).path("rows").asLong()).isEqualTo(scale.path("historyRows").asLong());
    assertThat(scale.path("nightly").get(0).path("rows").asLong()).isEqualTo(scale.path("nightlyRows").asLong());
    assertThat(scale.path("baseline").get(0).path("rows").asLong()).as("the bare copy read every row too")
        .isEqualTo(scale.path("historyRows").asLong());
    assertThat(scale.path("lakeMbAfterNightly").asLong()).isGreaterThanOrEqualTo(scale.path("lakeMbAfterBuild").asLong());
    // the night ran in a JVM of its own, which logged its steps to its own file
    assertThat(Files.readString(tmp.resolve("work/night-1_1000.log")))
        .contains("bench 1/1000 nightly ingest:", "bench 1/1000 nightly score:",
            "bench night 1/1000: started by a bench; stops if that bench goes away")
        .containsPattern("run \\d{4}-\\d\\d-\\d\\d: reading ops/runs in \\d+ ms");

    Path json = Path.of(result.path("json").asText());
    assertThat(JSON.readTree(json.toFile())).isEqualTo(result);
    String md = Files.readString(docs.resolve("BENCHMARKS.md"));
    assertThat(md).startsWith("# Benchmarks\n\nIntro.\n\n## Full build and nightly increment\n")
        .contains("## Older section\n\nkept\n")
        .contains("| 1/1000 | build | ingest |", "| 1/1000 | nightly | score |", "| 1/1000 | baseline | copy |")
        .contains(result.path("machine").asText());
    int heading = md.indexOf("### " + result.path("started").asText().replace('T', ' ') + " UTC: scales 1/1000");
    assertThat(heading).as("the run's heading").isPositive().isLessThan(md.indexOf("## Older section"));
    assertThat(json.getFileName().toString()).isEqualTo("bench-1_1000-"
        + result.path("started").asText().replace(":", "").replace('T', '-') + ".json");
  }

  /**
   * The local profile with the test session's Spark settings, so that the night's JVM, which
   * reads this file too, runs as the build did here: without generated code, which would cost a
   * test's few thousand rows more to compile than to run (TestSpark).
   */
  private Path testConfig() throws Exception {
    SparkSettings spark = TestSpark.config().spark();
    StringBuilder yaml = new StringBuilder()
        .append("extends: \"").append(TestLake.PROJECT_CONF.toAbsolutePath().normalize()).append("\"\n")
        .append("spark:\n  master: \"").append(spark.master()).append("\"\n")
        .append("  shufflePartitions: ").append(spark.shufflePartitions()).append("\n  conf:\n");
    new TreeMap<>(spark.conf()).forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
    return Files.writeString(tmp.resolve("bench.yaml"), yaml);
  }

  private static List<String> steps(JsonNode steps) {
    List<String> out = new ArrayList<>();
    steps.forEach(s -> out.add(s.path("step").asText()));
    return out;
  }
}
