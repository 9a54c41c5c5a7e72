package io.creditlake.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.creditlake.common.lake.Tables;
import io.creditlake.jobs.TestLake;
import io.creditlake.jobs.generate.GenerateOptions;
import io.creditlake.jobs.generate.Generator;
import io.creditlake.jobs.generate.GeneratorTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates a small city — history and nightly batch — ingests the history in one run and the
 * nightly batch in another, and checks what ingest made of every row against the generator's
 * {@code _truth/}: per batch the rows read, kept, quarantined and dropped as duplicates; per
 * quarantined row its file, line and reasons; row conservation per source.
 */
class GenerateIngestEndToEndTest {

  @Test
  void ingestAccountsForEveryGeneratedRowAsTheTruthSays(@TempDir Path tmp) throws Exception {
    TestLake lake = new TestLake(tmp);
    GenerateOptions options = GeneratorTest.options(lake.input, 11);
    new Generator(options, GeneratorTest.CONFIG).run();

    IngestResult history = new IngestJob(List.of()).run(lake.spark(), lake.range(options.start(), options.end()));
    IngestResult nightly = new IngestJob(List.of()).run(lake.spark(), lake.range(options.nightlyDate(), options.nightlyDate()));

    Map<String, String> expectedBatches = new TreeMap<>();
    for (String line : Files.readAllLines(lake.input.resolve("_truth/batches.csv")).stream().skip(1).toList()) {
      String[] f = line.split(",");
      expectedBatches.put(f[0] + " " + f[1], "read " + f[2] + ", silver " + f[3] + ", quarantined " + f[4] + ", duplicates " + f[5]);
    }
    Map<String, String> actualBatches = new TreeMap<>();
    for (IngestResult result : List.of(history, nightly)) {
      assertThat(result.succeeded()).as("every source ingested: %s", result).isTrue();
      for (IngestResult.SourceResult s : result.sources()) {
        for (IngestResult.BatchCounts b : s.batches()) {
          actualBatches.put(s.source() + " " + b.batchDate(),
              "read " + b.read() + ", silver " + b.silver() + ", quarantined " + b.quarantined() + ", duplicates " + b.duplicate());
        }
        assertThat(s.rowsRead()).as("%s conservation", s.source()).isEqualTo(s.rowsSilver() + s.rowsQuarantined() + s.rowsDuplicate());
      }
    }
    assertThat(actualBatches).as("per batch, as the truth says").isEqualTo(expectedBatches);

    TreeSet<String> expectedQuarantine = new TreeSet<>();
    for (String line : Files.readAllLines(lake.input.resolve("_truth/rows.csv")).stream().skip(1).toList()) {
      String[] f = line.split(",");
      if (f[3].equals("DIRTY")) {
        expectedQuarantine.add(f[0] + " " + f[1] + ":" + f[2] + " " + f[4]);
      }
    }
    TreeSet<String> actualQuarantine = new TreeSet<>();
    String inputUri = lake.settings.input() + "/";
    lake.table("quarantine").collectAsList().forEach(q -> actualQuarantine.add(q.getAs(Tables.SOURCE) + " "
        + q.<String>getAs(Tables.SOURCE_FILE).replace(inputUri, "") + ":" + q.<Long>getAs(Tables.LINE) + " "
        + String.join(";", q.<String>getList(q.fieldIndex(Tables.REASONS)).stream().sorted().toList())));
    assertThat(actualQuarantine).as("every dirty row quarantined at its file and line with its reason").isEqualTo(expectedQuarantine);
    assertThat(expectedQuarantine).hasSizeGreaterThan(20);
  }
}
