package io.creditlake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed {@code sample-data/} is exactly what the command in {@code sample-data/README.md}
 * writes with the committed code and configuration. When a change to either is meant to change
 * the sample, regenerate it on purpose:
 * {@code mvn -pl jobs test -Dtest=SampleDataTest -Dcreditlake.regenerateSampleData=true}.
 */
class SampleDataTest {

  static final Path SAMPLE = Path.of("../sample-data");

  /** {@code generate --entities 4000 --days 31 --start 2026-10-01 --seed 20261001}, default rates. */
  static GenerateOptions options(Path out) {
    Map<DirtKind, Double> rates = new EnumMap<>(DirtKind.class);
    for (DirtKind k : DirtKind.values()) {
      rates.put(k, DirtKind.DEFAULT_RATE);
    }
    return new GenerateOptions(out, 4000, 31, LocalDate.of(2026, 10, 1), 20261001L, rates, 0.01, 0.01, 0.02);
  }

  @Test
  void committedSampleDataIsWhatTheDocumentedCommandWrites(@TempDir Path tmp) throws Exception {
    boolean regenerate = Boolean.getBoolean("creditlake.regenerateSampleData");
    Path out = regenerate ? SAMPLE : tmp.resolve("sample");
    new Generator(options(out), GeneratorTest.CONFIG).run();
    assertThat(FileDigests.of(SAMPLE)).as("sample-data/ differs from a fresh generation; regenerate it on purpose (see this class)")
        .isEqualTo(FileDigests.of(out));
    assertThat(FileDigests.of(SAMPLE)).hasSizeGreaterThan(400);
  }

}
