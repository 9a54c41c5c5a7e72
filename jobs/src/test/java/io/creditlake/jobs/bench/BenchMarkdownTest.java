package io.creditlake.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a bench run's tables go in docs/BENCHMARKS.md, and what they say; no Spark. */
class BenchMarkdownTest {

  static BenchResult result(String started) {
    BenchResult.Step copy = new BenchResult.Step("copy", "SUCCEEDED", 1000, 2.0, 500, 900, 100, 0, 0, 3, 12, "c");
    BenchResult.Step ingest = new BenchResult.Step("ingest", "SUCCEEDED", 1000, 3.0, 333, 900, 100, 0, 0, 3, 12, "i");
    BenchResult.Step bigger = new BenchResult.Step("ingest", "SUCCEEDED", 4000, 6.0, 667, 900, 100, 0, 0, 9, 12, "i");
    BenchResult.Scale small = new BenchResult.Scale("1/64", 15625, 36, LocalDate.of(2023, 10, 1),
        LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 20), 1000, 100, 7, 1.5, true, List.of(copy), List.of(ingest),
        List.of(ingest), 10, 11);
    BenchResult.Scale large = new BenchResult.Scale("1/16", 62500, 36, LocalDate.of(2023, 10, 1),
        LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 20), 4000, 400, 28, null, false, List.of(copy),
        List.of(bigger), List.of(bigger), 40, 44);
    return new BenchResult("2026-11-28", started, "2 cores", "Spark 4.2.0", 4096, List.of(small, large), "x.json",
        "BENCHMARKS.md");
  }

  @Test
  void aFirstRunCreatesTheSectionBeforeTheOthers() {
    String doc = BenchMarkdown.append("# Benchmarks\n\nIntro.\n\n## Older\n\nkept\n", result("2026-11-28T09:44"), "x.json");
    assertThat(doc).startsWith("# Benchmarks\n\nIntro.\n\n" + BenchMarkdown.HEADING + "\n")
        .endsWith("\n## Older\n\nkept\n").contains("### 2026-11-28 09:44 UTC: scales 1/64, 1/16\n");
    assertThat(doc.indexOf("### 2026-11-28 09:44")).isLessThan(doc.indexOf("## Older"));
  }

  @Test
  void aLaterRunGoesAfterTheLastRunAndBeforeTheNotesUnderThem() {
    String first = BenchMarkdown.append("# Benchmarks\r\n\r\n## Older\r\n", result("2026-11-28T09:44"), "a.json");
    String withNotes = first.replace("\n## Older", "\n### What the runs show\n\nnotes\n\n## Older");
    String doc = BenchMarkdown.append(withNotes, result("2026-11-29T10:00"), "b.json");
    int a = doc.indexOf("### 2026-11-28 09:44");
    int b = doc.indexOf("### 2026-11-29 10:00");
    int notes = doc.indexOf("### What the runs show");
    assertThat(a).isPositive();
    assertThat(b).isGreaterThan(a).isLessThan(notes);
    assertThat(notes).isLessThan(doc.indexOf("## Older"));
    assertThat(doc).doesNotContain("\r").containsOnlyOnce(BenchMarkdown.HEADING);
  }

  @Test
  void theTablesCarryTheTargetsTheRatiosAndTheGrowth() {
    String md = BenchMarkdown.run(result("2026-11-28T09:44"), "x.json");
    // ingest 3 s against a copy of 2 s; the truth check failed at 1/16 and says so
    assertThat(md).contains("| 1/64 | 15,625 | 36 | 1,000 | 100 | 7 | 2 | yes | 3 | 3 | 1.50 | – | 10, 11 |")
        .contains("| 1/16 | 62,500 | 36 | 4,000 | 400 | 28 | reused | **no** |")
        .contains("| 1/64 | build | ingest | 1,000 | 3.0 | 333 | 900 (100) | 0 (0) | 3 | 12 | i |");
    // time ×2 for rows ×4: exponent log 2 / log 4 = 0.5
    assertThat(md).contains("| build | ingest | 3.0 | 6.0 | 2.00 | 4.00 | 0.50 |");
  }
}
