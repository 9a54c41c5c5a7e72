package io.creditlake.jobs.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
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

  /** {@code generate --out sample-data --businesses 2000 --months 24 --start 2024-11 --nightly --seed 20241101}. */
  static GenerateOptions options(Path out) {
    return new GenerateOptions(out, 2000, YearMonth.of(2024, 11), 24, 20241101L, 1, 0.005, 0.005, true);
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
