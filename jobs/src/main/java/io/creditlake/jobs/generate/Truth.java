package io.creditlake.jobs.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code _truth/}: what the generator did, for tests and benchmarks — never read by the pipeline.
 * <ul>
 *   <li>{@code rows.csv}: every data row — source, file, line, kind (CLEAN, LATE, DUPLICATE,
 *       CORRECTION, DIRTY), the reason codes ingest must give it, its record key;</li>
 *   <li>{@code batches.csv}: per source and batch date, rows and what ingest must make of them
 *       (silver, quarantined, duplicates);</li>
 *   <li>{@code entities.csv}: the businesses.</li>
 * </ul>
 */
final class Truth implements AutoCloseable {

  private final Path dir;
  private final Writer rows;
  /** source → date → {rows, silver, quarantined, duplicates}. */
  private final Map<String, Map<LocalDate, long[]>> batches = new TreeMap<>();

  Truth(Path dir) throws IOException {
    this.dir = dir;
    this.rows = Files.newBufferedWriter(dir.resolve("rows.csv"), StandardCharsets.UTF_8);
    rows.write("source,file,line,kind,reasons,record_key\n");
  }

  void entities(List<Generator.Entity> entities) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("entities.csv"), StandardCharsets.UTF_8)) {
      w.write("uscc,name,entity_type,district_code,industry_code,founding_date\n");
      for (Generator.Entity e : entities) {
        w.write(String.join(",", e.uscc(), e.name(), e.type(), e.district(), e.industry(), e.founded().toString()) + "\n");
      }
    }
  }

  void row(String source, String file, long line, String kind, List<String> reasons, String key, LocalDate batch) {
    try {
      rows.write(source + "," + file + "," + line + "," + kind + "," + String.join(";", reasons) + ",\""
          + key.replace("\"", "\"\"") + "\"\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long[] c = batches.computeIfAbsent(source, s -> new TreeMap<>()).computeIfAbsent(batch, d -> new long[4]);
    c[0]++;
    switch (kind) {
      case "DIRTY" -> c[2]++;
      case "DUPLICATE" -> c[3]++;
      default -> c[1]++;
    }
  }

  @Override
  public void close() throws IOException {
    rows.close();
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("batches.csv"), StandardCharsets.UTF_8)) {
      w.write("source,batch_date,rows,silver,quarantined,duplicates\n");
      for (Map.Entry<String, Map<LocalDate, long[]>> s : batches.entrySet()) {
        for (Map.Entry<LocalDate, long[]> b : s.getValue().entrySet()) {
          long[] c = b.getValue();
          w.write(s.getKey() + "," + b.getKey() + "," + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + "\n");
        }
      }
    }
  }
}
