package io.creditlake.jobs.generate;

import io.creditlake.jobs.generate.model.AdverseEvent;
import io.creditlake.jobs.generate.model.Business;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code _truth/}: what the generator meant, for tests and benchmarks — never read by the
 * pipeline. {@link #README} describes the files.
 */
final class Truth {

  private Truth() {}

  static final String README = """
      # Ground truth (never read by the pipeline)

      - `entities.csv` — every business: code, name, type, district, industry, founding date,
        closing date, capital, and its hidden risk: `risk` (chance of distress in the window),
        `risk_level` 1 (safest fifth) … 5, `distress_from`, `has_loans`.
      - `events.csv` — adverse events: ABNORMAL_LISTED, LOAN_NON_PERFORMING, DISHONEST_LISTED,
        REVOKED, with date and whether distress caused it (false: noise).
      - `rates.csv` — per reporting unit, source and period (the month a record describes):
        `expected` records owed, `received` (sent at least once), `on_time` (first sent by the
        deadline), `valid` (first sent without a defect), `optional_filled` of `optional_total`
        completeness fields in the rows received. The registry's initial load on the first day
        is in no period.
      - `batches.csv` — per source and batch date: rows, and how many ingest must keep in
        silver, quarantine, and drop as exact duplicates.
      - `rows.csv` — every row that is not a plain first delivery: DIRTY (with the reason ingest
        must give), DUPLICATE and CORRECTION re-sends, with file, line and record key.
      """;

  /** What a written row is. */
  enum Kind {
    /** A record's first delivery, as it should be. */
    CLEAN,
    /** A later version of a record (a court's judgment). */
    UPDATE,
    /** A record re-sent with other content. */
    CORRECTION,
    /** A record re-sent unchanged. */
    DUPLICATE,
    /** A row with a defect. */
    DIRTY
  }

  /** One unit's realised submission counts for one source and period. */
  static final class Rate {
    long expected;
    long received;
    long onTime;
    long valid;
    long optionalFilled;
    long optionalTotal;
  }

  /** One source's truth, kept by the thread that writes its files. */
  static final class Tally implements AutoCloseable {
    final String source;
    final Path rowsFile;
    final Writer rowsOut;
    /** batch date → rows, silver, quarantined, duplicates. */
    final Map<LocalDate, long[]> batches = new TreeMap<>();
    /** "unit,yyyy-mm" → counts. */
    final Map<String, Rate> rates = new TreeMap<>();
    int files;
    long rows;
    long clean;
    long updates;
    long corrections;
    long duplicates;
    long dirty;
    long late;
    long missed;
    long undelivered;

    Tally(String source, Path dir) throws IOException {
      this.source = source;
      this.rowsFile = dir.resolve(".rows-" + source + ".csv");
      this.rowsOut = Files.newBufferedWriter(rowsFile, StandardCharsets.UTF_8);
    }

    Rate rate(String unit, YearMonth period) {
      return rates.computeIfAbsent(unit + "," + period, k -> new Rate());
    }

    /** Counts a written row; rows other than plain deliveries are listed with their key. */
    void row(String file, LocalDate batch, long line, Kind kind, List<String> reasons, String key) {
      long[] b = batches.computeIfAbsent(batch, d -> new long[4]);
      b[0]++;
      rows++;
      switch (kind) {
        case CLEAN -> clean++;
        case UPDATE -> updates++;
        case CORRECTION -> corrections++;
        case DUPLICATE -> duplicates++;
        case DIRTY -> dirty++;
      }
      switch (kind) {
        case DIRTY -> b[2]++;
        case DUPLICATE -> b[3]++;
        default -> b[1]++;
      }
      if (kind != Kind.CLEAN && kind != Kind.UPDATE) {
        try {
          rowsOut.write(source + "," + file + "," + line + "," + kind + "," + String.join(";", reasons) + ",\""
              + key.replace("\"", "\"\"") + "\"\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    GenerateResult.Counts counts() {
      return new GenerateResult.Counts(rows, clean, updates, corrections, duplicates, dirty, late, missed, undelivered);
    }

    @Override
    public void close() throws IOException {
      rowsOut.close();
    }
  }

  /** Writes {@code _truth/} from the businesses and every source's tally. */
  static void write(Path dir, Business[] firms, List<Tally> tallies) throws IOException {
    Files.writeString(dir.resolve("README.md"), README, StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(dir.resolve("rows.csv"))) {
      out.write("source,file,line,kind,reasons,record_key\n".getBytes(StandardCharsets.UTF_8));
      for (Tally t : tallies) {
        Files.copy(t.rowsFile, out);
        Files.delete(t.rowsFile);
      }
    }
    try (Writer w = writer(dir.resolve("batches.csv"))) {
      w.write("source,batch_date,rows,silver,quarantined,duplicates\n");
      for (Tally t : tallies) {
        for (Map.Entry<LocalDate, long[]> b : t.batches.entrySet()) {
          long[] c = b.getValue();
          w.write(t.source + "," + b.getKey() + "," + c[0] + "," + c[1] + "," + c[2] + "," + c[3] + "\n");
        }
      }
    }
    try (Writer w = writer(dir.resolve("rates.csv"))) {
      w.write("unit,source,period,expected,received,on_time,valid,optional_filled,optional_total\n");
      for (Tally t : tallies) {
        for (Map.Entry<String, Rate> e : t.rates.entrySet()) {
          String[] unitPeriod = e.getKey().split(",");
          Rate r = e.getValue();
          w.write(unitPeriod[0] + "," + t.source + "," + unitPeriod[1] + "," + r.expected + "," + r.received + ","
              + r.onTime + "," + r.valid + "," + r.optionalFilled + "," + r.optionalTotal + "\n");
        }
      }
    }
    try (Writer e = writer(dir.resolve("entities.csv")); Writer v = writer(dir.resolve("events.csv"))) {
      e.write("uscc,name,entity_type,district_code,industry_code,founding_date,closed_date,registered_capital,"
          + "risk,risk_level,distress_from,has_loans\n");
      v.write("uscc,event,date,caused_by_distress\n");
      for (Business b : firms) {
        e.write(b.uscc() + "," + b.name() + "," + b.entityType() + "," + b.district() + "," + b.industry() + ","
            + b.founded() + "," + text(b.closed()) + "," + b.capital().toPlainString() + ","
            + String.format(Locale.ROOT, "%.5f", b.risk()) + "," + b.riskLevel() + "," + text(b.distressFrom()) + ","
            + b.hasLoans() + "\n");
        for (AdverseEvent a : b.events()) {
          v.write(b.uscc() + "," + a.type() + "," + a.date() + "," + a.causedByDistress() + "\n");
        }
      }
    }
  }

  private static String text(LocalDate d) {
    return d == null ? "" : d.toString();
  }

  private static Writer writer(Path p) throws IOException {
    return new BufferedWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8), 1 << 16);
  }
}
