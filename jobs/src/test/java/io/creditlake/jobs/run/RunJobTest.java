package io.creditlake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.creditlake.common.domain.Source;
import io.creditlake.common.lake.Runs;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.Generator;
import io.creditlake.jobs.generate.GeneratorTest;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The night as a whole on a generated city: the first load with no model yet, a rerun that
 * redoes nothing, a night whose tax file is broken (the other sources and the later steps go
 * on), the rerun after the file is fixed (only tax and what reads it are redone; counts exact
 * against the generator's truth), and {@code --force}. Then the alerts, on hand-written files.
 */
class RunJobTest {

  @Test
  void firstLoadNightFailureAndResume(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    GenerateOptions options = GeneratorTest.options(lake.input, 5);
    new Generator(options, GeneratorTest.CONFIG).run();
    Map<String, Long> truthSilver = truthSilver(lake.input);
    LocalDate night = options.nightlyDate();

    // first load: four months is not the history a model needs — the no-model path
    RunResult first = run(lake, lake.range(options.start(), options.end()), false);
    assertThat(first.succeeded()).as("%s", first).isTrue();
    assertThat(statuses(first)).containsExactly(
        Map.entry("ingest:registration", "SUCCEEDED"), Map.entry("ingest:tax", "SUCCEEDED"),
        Map.entry("ingest:loan", "SUCCEEDED"), Map.entry("ingest:litigation", "SUCCEEDED"),
        Map.entry("profiles", "SUCCEEDED"), Map.entry("flags", "SUCCEEDED"), Map.entry("train", "SKIPPED"),
        Map.entry("score", "SKIPPED"), Map.entry("rates", "SUCCEEDED"), Map.entry("report", "SUCCEEDED"));
    assertThat(step(first, "train").note()).contains("not enough history");
    assertThat(Files.readString(report(lake, options.end()))).as("the night's page, made without a model")
        .contains("No model has scored this lake yet").contains("ingest:tax");
    assertThat(step(first, "score").note()).contains("no risk model yet");
    assertThat(silver(lake)).isEqualTo(truthSilver(lake.input, options.end()));
    long ingestRows = lake.table("ops/runs").filter(col(Runs.JOB).equalTo("ingest")).count();

    // the same dates again: everything is up to date, nothing is read again
    RunResult again = run(lake, lake.range(options.start(), options.end()), false);
    assertThat(again.steps()).filteredOn(s -> !s.status().equals("SKIPPED") && !s.step().equals("report"))
        .allSatisfy(s -> assertThat(s.status()).as(s.key()).isEqualTo("DONE"));
    assertThat(step(again, "report").status()).as("remade every time").isEqualTo("SUCCEEDED");
    assertThat(lake.table("ops/runs").filter(col(Runs.JOB).equalTo("ingest")).count()).isEqualTo(ingestRows);
    assertThat(silver(lake)).isEqualTo(truthSilver(lake.input, options.end()));

    // the night's tax file is broken (an unmapped column): tax fails alone, the rest goes on
    Path taxFile;
    try (Stream<Path> files = Files.list(lake.input.resolve("tax").resolve(night.toString()))) {
      taxFile = files.findFirst().orElseThrow();
    }
    byte[] good = Files.readAllBytes(taxFile);
    Charset gbk = Charset.forName("GBK");
    List<String> lines = new ArrayList<>(List.of(new String(good, gbk).split("\n")));
    lines.set(0, lines.get(0).stripTrailing() + ",备注");
    Files.write(taxFile, (String.join("\n", lines) + "\n").getBytes(gbk));
    RunResult broken = run(lake, lake.day(night), false);
    assertThat(broken.succeeded()).isFalse();
    assertThat(step(broken, "ingest:tax").status()).isEqualTo("FAILED");
    assertThat(step(broken, "ingest:tax").note()).contains(taxFile.getFileName().toString()).contains("备注");
    assertThat(step(broken, "ingest:loan").status()).isEqualTo("SUCCEEDED");
    assertThat(step(broken, "profiles").status()).isEqualTo("SUCCEEDED");
    assertThat(step(broken, "flags").status()).isEqualTo("SUCCEEDED");
    Map<String, Long> afterBroken = silver(lake);
    assertThat(afterBroken.get("tax")).as("nothing of the broken file written")
        .isEqualTo(truthSilver(lake.input, options.end()).get("tax"));

    // fixed and rerun: tax and the steps that read it are redone, the other sources are not
    Files.write(taxFile, good);
    RunResult resumed = run(lake, lake.day(night), false);
    assertThat(resumed.succeeded()).as("%s", resumed).isTrue();
    assertThat(step(resumed, "ingest:tax").status()).isEqualTo("SUCCEEDED");
    assertThat(Stream.of("registration", "loan", "litigation").map(s -> step(resumed, "ingest:" + s).status()))
        .containsOnly("DONE");
    assertThat(step(resumed, "profiles").status()).isEqualTo("SUCCEEDED");
    assertThat(step(resumed, "flags").status()).isEqualTo("SUCCEEDED");
    assertThat(silver(lake)).as("every row once, as the generator's truth says").isEqualTo(truthSilver);

    // --force redoes what already succeeded, and changes nothing
    RunResult forced = new RunJob(EnumSet.of(RunJob.Step.INGEST), true).run(lake.spark(), lake.day(night));
    assertThat(forced.steps()).extracting(RunResult.StepResult::status).containsOnly("SUCCEEDED").hasSize(4);
    assertThat(silver(lake)).isEqualTo(truthSilver);

    // every step's outcome is in ops/runs under the run's id
    List<String> recorded = lake.table("ops/runs").filter(col(Runs.RUN_ID).equalTo(resumed.runId())
        .and(col(Runs.JOB).equalTo("run"))).orderBy(Runs.STARTED_AT).select(Runs.SOURCE, Runs.STATUS)
        .collectAsList().stream().map(r -> r.getString(0) + "=" + r.getString(1)).toList();
    assertThat(recorded).contains("ingest:tax=SUCCEEDED", "profiles=SUCCEEDED", "flags=SUCCEEDED", "train=SKIPPED",
        "score=SKIPPED").doesNotContain("ingest:loan=SUCCEEDED");
  }

  @Test
  void alertsMissingFilesAndAJumpInQuarantine(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    Charset gbk = Charset.forName("GBK");
    LocalDate sep = LocalDate.of(2026, 9, 20); // a Sunday, the tax bureau's day: nobody else is due
    LocalDate oct = LocalDate.of(2026, 10, 20); // a Tuesday, the tax bureau's day
    LocalDate monday = LocalDate.of(2026, 10, 19); // the registry's day
    lake.write(Source.TAX, sep, "tax_SZTAX_2026-09-20.csv", gbk, taxLines(0, 200, 2));
    lake.write(Source.TAX, oct, "tax_SZTAX_2026-10-20.csv", gbk, taxLines(1000, 200, 40));
    Set<RunJob.Step> ingest = EnumSet.of(RunJob.Step.INGEST);

    RunResult quiet = new RunJob(ingest, false).run(lake.spark(), lake.day(sep));
    assertThat(quiet.alerts()).as("1 %% quarantined, and no history to compare with").isEmpty();

    RunResult jump = new RunJob(ingest, false).run(lake.spark(), lake.day(oct));
    assertThat(jump.alerts()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo("QUARANTINE_JUMP");
      assertThat(a.source()).isEqualTo("tax");
      assertThat(a.message()).contains("20.0 %").contains("1.0 %");
    });

    RunResult missing = new RunJob(ingest, false).run(lake.spark(), lake.day(monday));
    assertThat(missing.succeeded()).isTrue();
    assertThat(missing.alerts()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo("MISSING_FILE");
      assertThat(a.message()).contains("registration_SZAMR_*").contains("2026-10-19");
    });
    // the alert is in ops/runs, so the report made by another process (Airflow's report task) shows it
    assertThat(lake.table("ops/runs").filter(col(Runs.JOB).equalTo(RunJob.ALERT_JOB)
        .and(col(Runs.SOURCE).equalTo("MISSING_FILE:registration"))).count()).isEqualTo(1);
    RunResult page = new RunJob(EnumSet.of(RunJob.Step.REPORT), false).run(lake.spark(), lake.day(monday));
    assertThat(page.steps()).extracting(RunResult.StepResult::key).containsExactly("report");
    assertThat(Files.readString(report(lake, monday)))
        .contains(">MISSING_FILE</span></td><td>registration</td><td>registration: no file registration_SZAMR_*");
    // the file arrives (empty, that is enough) and the night is rerun: its check no longer finds it
    // missing, so the page made afterwards no longer shows the alert, though ops/runs keeps it
    lake.writeParquet(Source.REGISTRATION, monday, "registration_SZAMR_2026-10-19.parquet", TestLake.REGISTRATION, List.of());
    assertThat(new RunJob(ingest, false).run(lake.spark(), lake.day(monday)).alerts()).isEmpty();
    new RunJob(EnumSet.of(RunJob.Step.REPORT), false).run(lake.spark(), lake.day(monday));
    assertThat(Files.readString(report(lake, monday))).doesNotContain(">MISSING_FILE</span>");

    // November's tax file lands a day late: owed on the 20th, in the 21st's folder — late, not missing
    LocalDate nov = LocalDate.of(2026, 11, 20);
    lake.write(Source.TAX, nov.plusDays(1), "tax_SZTAX_2026-11-21.csv", gbk, taxLines(2000, 10, 0));
    RunResult late = new RunJob(ingest, false).run(lake.spark(), lake.range(nov, nov.plusDays(1)));
    assertThat(late.alerts()).extracting(RunResult.Alert::source).doesNotContain("tax")
        .contains("litigation"); // the courts owed files on Friday the 20th, and sent none
  }

  /** {@code n} tax filings from business {@code first}; the first {@code bad} have a broken business code. */
  private static String[] taxLines(int first, int n, int bad) {
    List<String> out = new ArrayList<>(List.of(TestLake.TAX_HEADER));
    for (int i = 0; i < n; i++) {
      String uscc = TestLake.uscc(first + i);
      if (i < bad) {
        uscc = uscc.substring(0, 17) + (uscc.charAt(17) == '0' ? '1' : '0');
      }
      out.add(uscc + ",20260930,增值税,20261015,20261008,100.00,100.00,0.00,,,SZTAX,20261008");
    }
    return out.toArray(String[]::new);
  }

  private static Path report(TestLake lake, LocalDate day) {
    return lake.root.resolve("reports").resolve("report-" + day + ".html");
  }

  private static RunResult run(TestLake lake, JobContext ctx, boolean force) {
    return new RunJob(Set.of(), force).run(lake.spark(), ctx);
  }

  private static Map<String, String> statuses(RunResult r) {
    Map<String, String> out = new LinkedHashMap<>();
    r.steps().forEach(s -> out.put(s.key(), s.status()));
    return out;
  }

  private static RunResult.StepResult step(RunResult r, String key) {
    return r.steps().stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError(
        "no step " + key + " in " + r.steps()));
  }

  private static Map<String, Long> silver(TestLake lake) {
    Map<String, Long> out = new TreeMap<>();
    for (Source s : Source.values()) {
      out.put(s.id(), lake.table("silver/" + s.id()).count());
    }
    return out;
  }

  /** Silver rows per source the generator's truth says every batch makes. */
  private static Map<String, Long> truthSilver(Path input) throws Exception {
    return truthSilver(input, LocalDate.MAX);
  }

  /** The same, for the batches up to {@code last}. */
  private static Map<String, Long> truthSilver(Path input, LocalDate last) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (Source s : Source.values()) {
      out.put(s.id(), 0L);
    }
    for (String line : Files.readAllLines(input.resolve("_truth/batches.csv")).stream().skip(1).toList()) {
      String[] f = line.split(",");
      if (!LocalDate.parse(f[1]).isAfter(last)) {
        out.merge(f[0], Long.parseLong(f[3]), Long::sum);
      }
    }
    return out;
  }
}
