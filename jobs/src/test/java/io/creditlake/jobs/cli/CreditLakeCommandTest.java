package io.creditlake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.creditlake.common.spark.TestSpark;
import io.creditlake.jobs.TestLake;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: help, usage errors, one-line failures, JSON results. */
class CreditLakeCommandTest {

  static final String CONF = TestLake.PROJECT_CONF.toString();
  static final ObjectMapper JSON = new ObjectMapper();

  static Cli.Result run(String... args) {
    return Cli.run(args);
  }

  @Test
  void helpAndVersion() {
    Cli.Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("ingest", "generate", "check-config", "train", "score", "promote", "--config=FILE",
        "--lake=URI", "Exit codes", "No model to score with yet");
    Cli.Result ingestHelp = run("ingest", "--help");
    assertThat(ingestHelp.out()).as("daily options and inherited ones")
        .contains("--date=yyyy-mm-dd", "--from=yyyy-mm-dd", "--to=yyyy-mm-dd", "--json", "--config=FILE", "--lake=URI", "--source");
    Cli.Result version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).contains("creditlake 0.1.0").contains("Spark 4.2.0").contains("Delta Lake 4.4.0");
  }

  @Test
  void usageErrorsExitWithPicocliUsageCode() {
    assertThat(run("ingest", "--bogus").code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run("ingest", "--date", "2026-13-01").code()).isEqualTo(CommandLine.ExitCode.USAGE);
    Cli.Result both = run("ingest", "--date", "2026-10-01", "--from", "2026-10-01", "--to", "2026-10-02");
    assertThat(both.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(both.err()).contains("--date cannot be combined with --from/--to");
    Cli.Result backwards = run("ingest", "--from", "2026-10-02", "--to", "2026-10-01");
    assertThat(backwards.err()).contains("--to must not be before --from");
    assertThat(run("generate").err()).contains("Missing required option: '--out=DIR'");
    assertThat(run("generate", "--out", "x", "--businesses", "0").err()).contains("--businesses must be between 1 and 20,000,000, got: 0");
    assertThat(run("generate", "--out", "x", "--scale", "lots").err()).contains("--scale must be a fraction of full scale");
    Cli.Result label = run("train", "--date", "2026-11-20", "--label", "Default");
    assertThat(label.code()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(label.err()).contains("--data and --label go together");
    Cli.Result lookup = run("lookup", "91350100M000100Y44");
    assertThat(lookup.code()).isEqualTo(2);
    assertThat(lookup.err()).contains("not a valid USCC: '91350100M000100Y44': the check character (position 18) should be '3'");
  }

  @Test
  void runtimeErrorsAreOneClearLineUnlessVerbose(@TempDir Path tmp) throws Exception {
    Cli.Result missing = run("--config", tmp.resolve("nope.yaml").toString(), "check-config");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().lines().toList()).as("one line plus the hint")
        .containsExactly("creditlake: error: " + tmp.resolve("nope.yaml") + ": no such file; --config takes a YAML file such as conf/local.yaml",
            "(run again with --verbose for the stack trace)");

    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "extends: " + Path.of(CONF).toAbsolutePath().getParent().resolve("local.yaml") + "\nlakes: /tmp/x\n");
    Cli.Result unknown = run("--config", bad.toString(), "check-config");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown key 'lakes'");

    Cli.Result verbose = run("--verbose", "--config", bad.toString(), "check-config");
    assertThat(verbose.err()).contains("unknown key 'lakes'").contains("\tat io.creditlake");
  }

  @Test
  void scoringWithoutAModelSaysSoAndExitsWithItsOwnCode(@TempDir Path tmp) {
    TestSpark.get();
    Cli.Result score = run("--config", CONF, "--lake", tmp.resolve("lake").toString(), "score", "--date", "2026-11-20");
    assertThat(score.code()).isEqualTo(3);
    assertThat(score.err()).contains("creditlake: error: no risk model in").contains("run 'creditlake train --date 2026-11-20' first");
  }

  @Test
  void jobsPrintTheirResultAsJsonAndDryRunWritesNothing(@TempDir Path tmp) throws Exception {
    TestSpark.get();
    Path input = tmp.resolve("in");
    Cli.Result gen = run("--json", "--config", CONF, "generate", "--out", input.toString(), "--businesses", "40", "--months", "1",
        "--start", "2026-10", "--seed", "3");
    assertThat(gen.code()).as(gen.err()).isZero();
    JsonNode g = JSON.readTree(gen.out());
    assertThat(g.get("businesses").asInt()).isEqualTo(40);
    // the registry's initial load arrives on the first day
    long initialLoad = Long.parseLong(Files.readAllLines(input.resolve("_truth/batches.csv")).stream()
        .filter(l -> l.startsWith("registration,2026-10-01,")).findFirst().orElseThrow().split(",")[2]);
    assertThat(initialLoad).isBetween(30L, 40L);

    Cli.Result config = run("--json", "--config", CONF, "check-config");
    assertThat(JSON.readTree(config.out()).get("sources").toString()).isEqualTo("[\"registration\",\"tax\",\"loan\",\"litigation\"]");

    Path lake = tmp.resolve("lake");
    Cli.Result dry = run("--json", "--config", CONF, "--lake", lake.toString(), "check-config", "--input", input.toString(), "--date", "2026-10-01");
    assertThat(dry.code()).as(dry.err()).isZero();
    JsonNode d = JSON.readTree(dry.out());
    assertThat(d.get("sources")).hasSize(4);
    assertThat(d.get("sources").get(0).get("rows").asLong()).isEqualTo(initialLoad);
    assertThat(lake).as("a dry run writes nothing").doesNotExist();

    Cli.Result ingest = run("--json", "--config", CONF, "--lake", lake.toString(), "ingest", "--input", input.toString(), "--date", "2026-10-01");
    assertThat(ingest.code()).as(ingest.err()).isZero();
    JsonNode r = JSON.readTree(ingest.out());
    assertThat(r.get("from").asText()).isEqualTo("2026-10-01");
    JsonNode reg = r.get("sources").get(0);
    assertThat(reg.get("source").asText()).isEqualTo("registration");
    assertThat(reg.get("rowsRead").asLong()).isEqualTo(initialLoad);
    assertThat(reg.get("rowsRead").asLong()).isEqualTo(reg.get("rowsSilver").asLong() + reg.get("rowsQuarantined").asLong()
        + reg.get("rowsDuplicate").asLong());
    assertThat(lake.resolve("silver/registration/_delta_log")).as("--lake was used").isDirectory();

    Cli.Result none = run("--config", CONF, "--lake", lake.toString(), "ingest", "--input", input.toString(), "--date", "2026-10-02",
        "--source", "tax");
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("creditlake: error: no source has a file for 2026-10-02");
  }
}
