package io.creditlake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.creditlake.common.config.ConfigLoader;
import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.domain.Uscc;
import io.creditlake.jobs.TestLake;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator without Spark: deterministic, shaped by the configuration, truth matching the files. */
public class GeneratorTest {

  public static final CreditLakeConfig CONFIG = new ConfigLoader(n -> null).load(TestLake.PROJECT_CONF);

  public static GenerateOptions options(Path out, long seed) {
    Map<DirtKind, Double> rates = new EnumMap<>(DirtKind.class);
    for (DirtKind k : DirtKind.values()) {
      rates.put(k, 0.01);
    }
    return new GenerateOptions(out, 250, 4, LocalDate.of(2026, 10, 1), seed, rates, 0.03, 0.08, 0.05);
  }

  @Test
  void theSameSeedWritesTheSameBytes(@TempDir Path tmp) throws Exception {
    new Generator(options(tmp.resolve("a"), 7), CONFIG).run();
    new Generator(options(tmp.resolve("b"), 7), CONFIG).run();
    new Generator(options(tmp.resolve("c"), 8), CONFIG).run();
    assertThat(FileDigests.of(tmp.resolve("a"))).as("same seed").isEqualTo(FileDigests.of(tmp.resolve("b")));
    assertThat(FileDigests.of(tmp.resolve("a"))).as("other seed").isNotEqualTo(FileDigests.of(tmp.resolve("c")));
  }

  @Test
  void filesLookAsConfiguredAndTheTruthCountsEveryRow(@TempDir Path tmp) throws Exception {
    GenerateResult r = new Generator(options(tmp, 7), CONFIG).run();
    Path tax = tmp.resolve("tax/2026-10-01/tax_SZTAX_2026-10-01.csv");
    String header = Files.readAllLines(tax, Charset.forName("GBK")).get(0);
    assertThat(header).as("GBK with Chinese headers").startsWith("纳税人识别号,所属期止,税种");
    assertThat(Files.readAllBytes(tmp.resolve("loan/2026-10-01/loan_B01_2026-10-01.csv")))
        .as("loan files start with a UTF-8 byte-order mark").startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    assertThat(Files.readAllBytes(tmp.resolve("registration/2026-10-01/registration_SZAMR_2026-10-01.parquet")))
        .as("registration is Parquet").startsWith((byte) 'P', (byte) 'A', (byte) 'R', (byte) '1');
    assertThat(Files.readAllLines(tmp.resolve("litigation/2026-10-02/litigation_C01_2026-10-02.jsonl")))
        .as("litigation is JSON lines").allMatch(l -> l.isEmpty() || l.startsWith("{\"案号\": "));
    assertThat(Files.list(tmp.resolve("loan/2026-10-02")).count()).as("one file per bank").isEqualTo(8);

    List<String> truth = Files.readAllLines(tmp.resolve("_truth/rows.csv"), StandardCharsets.UTF_8);
    Map<String, Long> truthRows = new TreeMap<>();
    truth.stream().skip(1).forEach(l -> truthRows.merge(l.split(",")[0], 1L, Long::sum));
    assertThat(truthRows).as("truth rows per source").isEqualTo(r.rows());
    assertThat(r.dirty().values().stream().mapToLong(Long::longValue).sum()).as("some dirty rows").isPositive();
    assertThat(r.duplicates().values().stream().mapToLong(Long::longValue).sum()).as("some duplicates").isPositive();
    assertThat(r.corrections().values().stream().mapToLong(Long::longValue).sum()).as("some corrections").isPositive();

    List<String> entities = Files.readAllLines(tmp.resolve("_truth/entities.csv"));
    assertThat(entities).hasSize(251);
    assertThat(entities.stream().skip(1).map(l -> l.split(",")[0])).as("every USCC passes both checks").allMatch(Uscc::isValid);
  }

  @Test
  void ratesAreChecked(@TempDir Path tmp) {
    assertThatThrownBy(() -> new GenerateOptions(tmp, 0, 1, LocalDate.now(), 1, Map.of(), 0, 0, 0))
        .hasMessage("--entities must be ≥ 1, got: 0");
    assertThatThrownBy(() -> new GenerateOptions(tmp, 1, 1, LocalDate.now(), 1, Map.of(DirtKind.BAD_DATE, 0.9), 0, 0, 0))
        .hasMessageContaining("--dirty-rate BAD_DATE must be between 0 and 0.5, got: 0.9");
  }

}
