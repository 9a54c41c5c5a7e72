package io.creditlake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.Uscc;
import io.creditlake.jobs.TestLake;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator without Spark: deterministic, shaped by the configuration, and its {@code _truth/}
 * agreeing with the files it wrote and with itself.
 */
public class GeneratorTest {

  public static final CreditLakeConfig CONFIG = new ConfigLoader(n -> null).load(TestLake.PROJECT_CONF);

  /** A small city: 300 businesses, 4 months and the nightly batch, errors ×5 so every kind shows up. */
  public static GenerateOptions options(Path out, long seed) {
    return new GenerateOptions(out, 300, YearMonth.of(2026, 6), 4, seed, 5, 0.02, 0.02, true);
  }

  @TempDir
  static Path shared;
  static GenerateResult result;

  @BeforeAll
  static void generate() throws Exception {
    result = new Generator(options(shared.resolve("a"), 7), CONFIG).run();
  }

  @Test
  void theSameSeedWritesTheSameBytes(@TempDir Path tmp) throws Exception {
    new Generator(options(tmp.resolve("b"), 7), CONFIG).run();
    new Generator(options(tmp.resolve("c"), 8), CONFIG).run();
    Map<String, String> a = FileDigests.of(shared.resolve("a"));
    assertThat(a).as("same seed").isEqualTo(FileDigests.of(tmp.resolve("b")));
    assertThat(a).as("other seed").isNotEqualTo(FileDigests.of(tmp.resolve("c")));
  }

  @Test
  void filesLookAsTheDepartmentsSendThem() throws Exception {
    Path out = shared.resolve("a");
    Path tax = out.resolve("tax/2026-07-20/tax_SZTAX_2026-07-20.csv");
    assertThat(Files.readAllLines(tax, Charset.forName("GBK")).get(0)).as("GBK with Chinese headers")
        .startsWith("纳税人识别号,所属期止,税种");
    assertThat(Files.readAllBytes(out.resolve("loan/2026-07-06/loan_B01_2026-07-06.csv")))
        .as("loan files start with a UTF-8 byte-order mark").startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    assertThat(Files.readAllBytes(out.resolve("registration/2026-06-01/registration_SZAMR_2026-06-01.parquet")))
        .as("the registry's initial load is Parquet").startsWith((byte) 'P', (byte) 'A', (byte) 'R', (byte) '1');
    Path court;
    try (Stream<Path> files = Files.walk(out.resolve("litigation"))) {
      court = files.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
    }
    assertThat(Files.readString(court)).as("litigation is JSON lines with CRLF").contains("\r\n").startsWith("{\"案号\": ");
    try (Stream<Path> days = Files.list(out.resolve("tax"))) {
      assertThat(days.map(p -> p.getFileName().toString()).sorted().toList()).as("the tax bureau delivers monthly, on the 20th")
          .containsExactly("2026-06-20", "2026-07-20", "2026-08-20", "2026-09-20", "2026-10-20");
    }
    try (Stream<Path> files = Files.list(out.resolve("loan/2026-10-20"))) {
      assertThat(files.count()).as("every bank delivers in the nightly batch").isEqualTo(8);
    }
    List<String> entities = Files.readAllLines(out.resolve("_truth/entities.csv"));
    assertThat(entities).hasSize(301);
    assertThat(entities.stream().skip(1).map(l -> l.split(",")[0])).as("every USCC passes both checks").allMatch(Uscc::isValid);
  }

  @Test
  void theTruthCountsEveryRowInTheFiles() throws Exception {
    Path out = shared.resolve("a");
    Map<String, Long> inFiles = new TreeMap<>();
    for (SourceConfig sc : CONFIG.sources()) {
      try (Stream<Path> files = Files.walk(out.resolve(sc.name()))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String batch = f.getParent().getFileName().toString();
          inFiles.merge(sc.name() + "," + batch, (long) RecordFileTest.read(sc, f).size(), Long::sum);
        }
      }
    }
    Map<String, Long> inTruth = new TreeMap<>();
    long silver = 0;
    long quarantined = 0;
    long duplicates = 0;
    for (String line : truth("batches.csv")) {
      String[] f = line.split(",");
      if (Long.parseLong(f[2]) > 0) {
        inTruth.put(f[0] + "," + f[1], Long.parseLong(f[2]));
      }
      assertThat(Long.parseLong(f[3]) + Long.parseLong(f[4]) + Long.parseLong(f[5])).as("batch %s adds up", line)
          .isEqualTo(Long.parseLong(f[2]));
      silver += Long.parseLong(f[3]);
      quarantined += Long.parseLong(f[4]);
      duplicates += Long.parseLong(f[5]);
    }
    inFiles.values().removeIf(n -> n == 0);
    assertThat(inTruth).as("rows per source and batch: truth vs files").isEqualTo(inFiles);

    GenerateResult.Counts total = result.total();
    assertThat(silver).isEqualTo(total.clean() + total.updates() + total.corrections());
    assertThat(quarantined).isEqualTo(total.dirty()).isPositive();
    assertThat(duplicates).isEqualTo(total.duplicates()).isPositive();
    assertThat(total.corrections()).isPositive();
    assertThat(total.updates()).isPositive();

    Map<String, Long> listed = new HashMap<>();
    for (String line : truth("rows.csv")) {
      listed.merge(line.split(",")[3], 1L, Long::sum);
    }
    assertThat(listed).as("rows.csv lists the dirty and re-sent rows")
        .isEqualTo(Map.of("DIRTY", total.dirty(), "DUPLICATE", total.duplicates(), "CORRECTION", total.corrections()));
  }

  @Test
  void submissionCountsAddUp() throws Exception {
    long expected = 0;
    long received = 0;
    for (String line : truth("rates.csv")) {
      String[] f = line.split(",");
      long e = Long.parseLong(f[3]);
      long r = Long.parseLong(f[4]);
      assertThat(r).as(line).isLessThanOrEqualTo(e);
      assertThat(Long.parseLong(f[5])).as("on time ≤ received: %s", line).isLessThanOrEqualTo(r);
      assertThat(Long.parseLong(f[6])).as("valid ≤ received: %s", line).isLessThanOrEqualTo(r);
      assertThat(Long.parseLong(f[7])).as("filled ≤ fields: %s", line).isLessThanOrEqualTo(Long.parseLong(f[8]));
      expected += e;
      received += r;
    }
    GenerateResult.Counts total = result.total();
    assertThat(expected).as("every record owed is received, missed, or due after the generated range")
        .isEqualTo(received + total.missed() + total.undelivered());
    long initialLoad = Long.parseLong(truth("batches.csv").stream().filter(l -> l.startsWith("registration,2026-06-01,"))
        .findFirst().orElseThrow().split(",")[2]);
    assertThat(received).as("first deliveries are the clean and dirty rows, bar the registry's initial load")
        .isEqualTo(total.clean() + total.dirty() - initialLoad);
  }

  @Test
  void reportingUnitsBehaveDifferently(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("units");
    new Generator(new GenerateOptions(out, 5_000, YearMonth.of(2025, 1), 6, 3, 1, 0.005, 0.005, false), CONFIG).run();
    Map<String, long[]> byUnit = new TreeMap<>();
    for (String line : Files.readAllLines(out.resolve("_truth/rates.csv")).stream().skip(1).toList()) {
      String[] f = line.split(",");
      if (f[2].compareTo("2025-05") > 0) {
        continue; // the last month is not all delivered yet
      }
      long[] c = byUnit.computeIfAbsent(f[0], u -> new long[6]);
      for (int i = 0; i < 6; i++) {
        c[i] += Long.parseLong(f[3 + i]);
      }
    }
    assertThat(byUnit.keySet()).as("the bureau, the tax bureau, 8 banks and 4 courts")
        .containsExactly("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "C01", "C02", "C03", "C04", "SZAMR", "SZTAX");
    // B05 is the careful bank, B08 the sloppy one, B07 always reports after the 10th
    assertThat(coverage(byUnit.get("B05"))).isGreaterThan(0.99);
    assertThat(coverage(byUnit.get("B08"))).isBetween(0.88, 0.97);
    assertThat(timeliness(byUnit.get("B05"))).isGreaterThan(0.98);
    assertThat(timeliness(byUnit.get("B07"))).isLessThan(0.05);
    assertThat(validity(byUnit.get("B08"))).isLessThan(validity(byUnit.get("B05")));
    assertThat(completeness(byUnit.get("B08"))).isLessThan(completeness(byUnit.get("B05")) - 0.2);
    assertThat(timeliness(byUnit.get("C04"))).isLessThan(timeliness(byUnit.get("C03")) - 0.05);
  }

  private static double coverage(long[] c) {
    return c[1] / (double) c[0];
  }

  private static double timeliness(long[] c) {
    return c[2] / (double) c[1];
  }

  private static double validity(long[] c) {
    return c[3] / (double) c[1];
  }

  private static double completeness(long[] c) {
    return c[4] / (double) c[5];
  }

  @Test
  void optionsAreChecked(@TempDir Path tmp) {
    assertThatThrownBy(() -> new GenerateOptions(tmp, 0, YearMonth.of(2026, 1), 1, 1, 1, 0, 0, false))
        .hasMessage("--businesses must be between 1 and 20,000,000, got: 0");
    assertThatThrownBy(() -> new GenerateOptions(tmp, 1, YearMonth.of(2026, 1), 1, 1, 1, 0.4, 0.2, false))
        .hasMessageContaining("add up to");
    assertThat(GenerateOptions.parseScale("1/16")).isEqualTo(1 / 16.0);
    assertThatThrownBy(() -> GenerateOptions.parseScale("a lot")).hasMessageContaining("--scale must be a fraction");
  }

  private static List<String> truth(String file) throws IOException {
    return Files.readAllLines(shared.resolve("a/_truth").resolve(file), StandardCharsets.UTF_8).stream().skip(1).toList();
  }
}
