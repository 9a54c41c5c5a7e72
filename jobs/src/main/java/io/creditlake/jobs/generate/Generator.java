package io.creditlake.jobs.generate;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.FieldType;
import io.creditlake.common.domain.Source;
import io.creditlake.common.domain.Uscc;
import io.creditlake.common.validation.Reasons;
import io.creditlake.jobs.generate.Units.Unit;
import io.creditlake.jobs.generate.World.Fact;
import io.creditlake.jobs.generate.model.Business;
import io.creditlake.jobs.generate.model.Population;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the departments' files for a generated city: {@link World} says which records exist,
 * each reporting unit ({@link Units}) delivers them on its schedule — completely or not, on time
 * or not, correctly or not — and {@code _truth/} records what was meant (see {@link Truth}).
 *
 * <p>Layout: {@code <out>/<source>/<yyyy-mm-dd>/<source>_<unit>_<yyyy-mm-dd>.<ext>}, one file per
 * unit and delivery day (a unit with nothing to send that day sends a header-only file).
 *
 * <p>Streams: the sources are written in parallel, each month by month over all businesses;
 * a delivery file stays open only while a record can still land in it (late rows, re-sends and
 * judgments land up to months later). Memory holds the businesses and the open files, never a
 * source's records. The same seed writes the same bytes, whatever the thread timing.
 */
public final class Generator {

  private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

  /** The defects a unit's typed Parquet export cannot carry. */
  private static final List<DirtKind> TYPED_DIRT = List.of(DirtKind.values()).stream()
      .filter(k -> !k.isFormatError()).toList();

  private final GenerateOptions opt;
  private final CreditLakeConfig config;

  public Generator(GenerateOptions opt, CreditLakeConfig config) {
    this.opt = opt;
    this.config = config;
  }

  public GenerateResult run() throws IOException {
    long t0 = System.nanoTime();
    Path truthDir = opt.out().resolve("_truth");
    Files.createDirectories(truthDir);
    Population population = new Population(opt.seed(), opt.businesses(), opt.start(), opt.end());
    Business[] firms = IntStream.range(0, opt.businesses()).parallel().mapToObj(population::get).toArray(Business[]::new);
    LOG.info("generate: {} businesses, {} months from {}{}, in {} ms", firms.length, opt.months(), opt.firstMonth(),
        opt.nightly() ? " and the nightly batch of " + opt.nightlyDate() : "", (System.nanoTime() - t0) / 1_000_000);

    List<SourceWriter> writers = new ArrayList<>();
    for (SourceConfig sc : config.sources()) {
      writers.add(new SourceWriter(sc, firms, truthDir));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, writers.size()), r -> {
      Thread t = new Thread(r, "generate");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (SourceWriter w : writers) {
        running.add(pool.submit(() -> {
          w.run();
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("generation interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Truth.write(truthDir, firms, writers.stream().map(w -> w.tally).toList());

    Map<String, GenerateResult.Counts> bySource = new TreeMap<>();
    int files = 0;
    for (SourceWriter w : writers) {
      bySource.put(w.sc.name(), w.tally.counts());
      files += w.tally.files;
    }
    GenerateResult.Counts total = GenerateResult.Counts.sum(bySource.values());
    GenerateResult result = new GenerateResult(opt.out().toString(), firms.length, opt.start(), opt.end(),
        opt.nightly() ? opt.nightlyDate() : null, files, total, bySource, (System.nanoTime() - t0) / 1_000_000);
    LOG.info("generate: {} rows in {} files in {} s", total.rows(), files, result.durationMs() / 1000.0);
    return result;
  }

  /** What a reporting unit does with one record: all its choices, drawn before any is applied. */
  private record Decision(boolean missed, LocalDate submitted, LocalDate batch, DirtKind dirt, boolean[] blanks,
      Resend resend) {

    boolean deliveredClean() {
      return !missed && batch != null && dirt == null;
    }
  }

  private enum Resend { NONE, DUPLICATE, CORRECTION }

  /** One source's files and truth, written by one thread. */
  private final class SourceWriter {
    final SourceConfig sc;
    final Source source;
    final Business[] firms;
    final World world;
    final Truth.Tally tally;
    /** Configured columns, in file order, as canonical field indexes. */
    final int[] columns;
    final int[] optional;
    final int eventIndex;
    final int submitIndex;
    final SplittableRandom style;
    final DateTimeFormatter dateFormat;
    final DecimalFormat thousands;
    final Map<String, Out> open = new TreeMap<>();
    final Set<String> written = new HashSet<>();

    SourceWriter(SourceConfig sc, Business[] firms, Path truthDir) throws IOException {
      this.sc = sc;
      this.source = sc.source();
      this.firms = firms;
      this.world = new World(opt.seed(), firms, opt.start());
      this.tally = new Truth.Tally(sc.name(), truthDir);
      this.columns = sc.headerFor().keySet().stream().mapToInt(c -> Rec.index(source, c)).toArray();
      this.optional = Units.OPTIONAL.get(source).stream().filter(sc.headerFor()::containsKey)
          .mapToInt(c -> Rec.index(source, c)).toArray();
      this.eventIndex = Rec.index(source, sc.eventDate());
      this.submitIndex = Rec.index(source, sc.submissionDate());
      this.style = new SplittableRandom(Population.mix(opt.seed(), 0x5717EL + source.ordinal()));
      this.dateFormat = DateTimeFormatter.ofPattern(sc.dateFormats().get(0));
      this.thousands = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    void run() throws IOException {
      long t0 = System.nanoTime();
      try (tally) {
        if (source == Source.REGISTRATION) {
          initialLoad();
        }
        for (int m = 0; m < opt.months(); m++) {
          YearMonth month = opt.firstMonth().plusMonths(m);
          closeBefore(month.atDay(1));
          for (Business b : firms) {
            List<Fact> facts = world.facts(source, b, month);
            for (int i = 0; i < facts.size(); i++) {
              deliver(facts.get(i), random(b, month, i));
            }
          }
          if ((m + 1) % 6 == 0 || m + 1 == opt.months()) {
            LOG.info("generate: {} through {}: {} rows, {} s", sc.name(), month, tally.rows,
                (System.nanoTime() - t0) / 1_000_000_000);
          }
        }
        if (opt.nightly() && source == Source.TAX) {
          nightlyResend();
        }
        closeBefore(LocalDate.MAX);
      } finally {
        for (Out o : open.values()) {
          o.file.close();
        }
      }
    }

    /** The random stream of one record's delivery, independent of every other record's. */
    private SplittableRandom random(Business b, YearMonth month, int i) {
      return new SplittableRandom(Population.mix(Population.mix(opt.seed() ^ 0xDE11L, b.index()),
          (month.getYear() * 16L + month.getMonthValue()) * 4096 + source.ordinal() * 1024L + i));
    }

    /**
     * The registry as the bureau hands it over on the first day: every business founded before
     * the window, with its earlier abnormal-list and status events. Not part of any period's
     * submission rate.
     */
    private void initialLoad() throws IOException {
      for (Business b : firms) {
        if (!b.founded().isBefore(opt.start())) {
          continue;
        }
        List<Fact> facts = world.initialRegistration(b);
        for (int i = 0; i < facts.size(); i++) {
          SplittableRandom r = random(b, YearMonth.from(opt.start()).minusMonths(1), i);
          Fact f = facts.get(i);
          Rec shown = f.rec().copy();
          shown.values[submitIndex] = opt.start();
          DirtKind dirt = r.nextDouble() < f.unit().errorRate() * opt.errorFactor() ? pickDirt(r) : null;
          List<String> reasons = dirt == null ? List.of() : List.of(applyDirt(shown, dirt, r));
          write(f.unit(), opt.start(), shown, dirt == null ? Truth.Kind.CLEAN : Truth.Kind.DIRTY, reasons);
        }
      }
    }

    private Decision decide(Fact f, SplittableRandom r) {
      Unit u = f.unit();
      boolean missed = r.nextDouble() >= u.coverage();
      boolean held = r.nextDouble() < u.lateShare();
      LocalDate submitted = u.deliveryAfter(held ? f.ready().plusDays(20 + r.nextInt(70)) : f.ready());
      DirtKind dirt = r.nextDouble() < u.errorRate() * opt.errorFactor() ? pickDirt(r) : null;
      boolean[] blanks = new boolean[optional.length];
      for (int i = 0; i < blanks.length; i++) {
        blanks[i] = r.nextDouble() >= u.optionalFill();
      }
      double x = r.nextDouble();
      Resend resend = x < opt.duplicateRate() ? Resend.DUPLICATE
          : x < opt.duplicateRate() + opt.correctionRate() ? Resend.CORRECTION : Resend.NONE;
      return new Decision(missed, submitted, batchOf(submitted), dirt, blanks, resend);
    }

    /** The batch a submission lands in: its own day, the nightly batch, or none (after the generated range). */
    private LocalDate batchOf(LocalDate submitted) {
      if (!submitted.isAfter(opt.end())) {
        return submitted;
      }
      return opt.nightly() && !submitted.isAfter(opt.nightlyDate()) ? opt.nightlyDate() : null;
    }

    private DirtKind pickDirt(SplittableRandom r) {
      List<DirtKind> kinds = sc.format().equals("parquet") ? TYPED_DIRT : List.of(DirtKind.values());
      return kinds.get(r.nextInt(kinds.size()));
    }

    private void deliver(Fact f, SplittableRandom r) throws IOException {
      Decision d = decide(f, r);
      Truth.Rate rate = tally.rate(f.unit().code(), YearMonth.from(f.period()));
      rate.expected++;
      if (d.missed() || d.batch() == null) {
        if (d.missed()) {
          tally.missed++;
        } else {
          tally.undelivered++;
        }
        return;
      }
      Rec shown = sent(f.rec(), d.blanks(), d.submitted());
      boolean onTime = !d.submitted().isAfter(Units.deadline(source, f.period()));
      rate.received++;
      rate.onTime += onTime ? 1 : 0;
      rate.valid += d.dirt() == null ? 1 : 0;
      for (int i : optional) {
        rate.optionalTotal++;
        rate.optionalFilled += shown.values[i] != null ? 1 : 0;
      }
      if (!onTime) {
        tally.late++;
      }
      Rec clean = shown.copy();
      List<String> reasons = d.dirt() == null ? List.of() : List.of(applyDirt(shown, d.dirt(), r));
      write(f.unit(), d.batch(), shown, d.dirt() == null ? Truth.Kind.CLEAN : Truth.Kind.DIRTY, reasons);

      if (f.update() != null) {
        // the judgment: a new version, sent after the first one
        LocalDate after = f.updateReady().isAfter(d.submitted()) ? f.updateReady() : d.submitted();
        LocalDate submitted = f.unit().deliveryAfter(after);
        LocalDate batch = batchOf(submitted);
        if (batch != null) {
          write(f.unit(), batch, sent(f.update(), d.blanks(), submitted), Truth.Kind.UPDATE, List.of());
        }
      } else if (d.dirt() == null && d.resend() != Resend.NONE) {
        LocalDate submitted = f.unit().deliveryAfter(d.submitted());
        LocalDate batch = batchOf(submitted);
        if (batch != null && batch.isAfter(d.batch())) {
          if (d.resend() == Resend.DUPLICATE) {
            write(f.unit(), batch, clean, Truth.Kind.DUPLICATE, List.of());
          } else {
            write(f.unit(), batch, correct(clean, submitted), Truth.Kind.CORRECTION, List.of());
          }
        }
      }
    }

    /**
     * The nightly batch's bulk: the tax bureau re-exports the two months before the last one —
     * rows already delivered, so ingest must recognise them as exact duplicates.
     */
    private void nightlyResend() throws IOException {
      for (int back = 2; back >= 1; back--) {
        YearMonth month = opt.firstMonth().plusMonths(opt.months() - 1L - back);
        if (month.isBefore(opt.firstMonth())) {
          continue;
        }
        for (Business b : firms) {
          List<Fact> facts = world.facts(source, b, month);
          for (int i = 0; i < facts.size(); i++) {
            Fact f = facts.get(i);
            Decision d = decide(f, random(b, month, i));
            if (d.deliveredClean() && d.resend() == Resend.NONE && d.batch().isBefore(opt.nightlyDate())) {
              write(f.unit(), opt.nightlyDate(), sent(f.rec(), d.blanks(), d.submitted()), Truth.Kind.DUPLICATE,
                  List.of());
            }
          }
        }
      }
    }

    /** A record as its unit sends it: the optional fields it leaves empty, the day it submits. */
    private Rec sent(Rec rec, boolean[] blanks, LocalDate submitted) {
      Rec shown = rec.copy();
      for (int i = 0; i < optional.length; i++) {
        if (blanks[i]) {
          shown.values[optional[i]] = null;
        }
      }
      shown.values[submitIndex] = submitted;
      return shown;
    }

    /** The same record (same key) sent again with other content. */
    private Rec correct(Rec original, LocalDate submitted) {
      Rec c = original.copy();
      switch (source) {
        case REGISTRATION -> c.set("registered_capital", plus(c.get("registered_capital"), 50_000));
        case TAX -> c.set("paid_amount", plus(c.get("paid_amount"), 100));
        case LOAN -> c.set("balance", plus(c.get("balance"), 1_000));
        case LITIGATION -> c.set("amount", plus(c.get("amount"), 500));
      }
      c.values[submitIndex] = submitted;
      return c;
    }

    private static BigDecimal plus(Object amount, long yuan) {
      BigDecimal base = amount instanceof BigDecimal b ? b : BigDecimal.ZERO.setScale(2);
      return base.add(BigDecimal.valueOf(yuan));
    }

    /** Gives the record one defect; returns the reason code ingest must report. */
    private String applyDirt(Rec rec, DirtKind kind, SplittableRandom r) {
      Object[] v = rec.values;
      int amount = -1;
      for (int i : columns) {
        if (source.fields().get(i).type() == FieldType.AMOUNT && v[i] != null) {
          amount = i;
          break;
        }
      }
      if (amount < 0 && (kind == DirtKind.BAD_AMOUNT || kind == DirtKind.NEGATIVE_AMOUNT)) {
        kind = DirtKind.BAD_USCC;
      }
      int uscc = Rec.index(source, Source.Col.USCC);
      switch (kind) {
        case BAD_USCC -> {
          String code = (String) v[uscc];
          char check = code.charAt(17);
          char wrong = Uscc.ALPHABET.charAt((Uscc.ALPHABET.indexOf(check) + 1 + r.nextInt(29)) % 31);
          v[uscc] = code.substring(0, 17) + wrong;
          return Reasons.of(Reasons.BAD_USCC, Source.Col.USCC);
        }
        case MISSING -> {
          v[uscc] = "";
          return Reasons.of(Reasons.MISSING, Source.Col.USCC);
        }
        case BAD_DATE -> {
          v[submitIndex] = "2026-13-45";
          return Reasons.of(Reasons.BAD_DATE, sc.submissionDate());
        }
        case BAD_AMOUNT -> {
          v[amount] = "12O" + ((BigDecimal) v[amount]).toPlainString();
          return Reasons.of(Reasons.BAD_AMOUNT, source.fields().get(amount).name());
        }
        case NEGATIVE_AMOUNT -> {
          v[amount] = ((BigDecimal) v[amount]).add(BigDecimal.ONE).negate();
          return Reasons.of(Reasons.NEGATIVE_AMOUNT, source.fields().get(amount).name());
        }
        case EVENT_AFTER_SUBMISSION -> {
          v[eventIndex] = ((LocalDate) v[submitIndex]).plusDays(3 + r.nextInt(28));
          return Reasons.EVENT_AFTER_SUBMISSION;
        }
        default -> throw new IllegalStateException(kind.name());
      }
    }

    // -------------------------------------------------------------------------- files

    /** An open delivery file. */
    private static final class Out {
      final RecordFile file;
      final String path;

      Out(RecordFile file, String path) {
        this.file = file;
        this.path = path;
      }
    }

    private void write(Unit unit, LocalDate batch, Rec rec, Truth.Kind kind, List<String> reasons) throws IOException {
      Out out = open(unit, batch);
      Object[] shown = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        shown[i] = render(columns[i], rec.values[columns[i]], out.file);
      }
      long line = out.file.write(shown);
      tally.row(out.path, batch, line, kind, reasons, kind == Truth.Kind.CLEAN || kind == Truth.Kind.UPDATE ? null : key(rec));
      if (!out.file.typed() && style.nextDouble() < 0.003) {
        out.file.blankLine();
      }
    }

    private String key(Rec rec) {
      StringBuilder sb = new StringBuilder();
      for (String k : sc.key()) {
        if (!sb.isEmpty()) {
          sb.append('|');
        }
        sb.append(rec.get(k));
      }
      return sb.toString();
    }

    private Out open(Unit unit, LocalDate batch) throws IOException {
      String name = sc.name() + "_" + unit.code() + "_" + batch + "." + sc.format();
      String id = batch + "/" + name;
      Out out = open.get(id);
      if (out == null) {
        if (!written.add(id)) {
          throw new IllegalStateException("generator bug: " + id + " reopened after it was closed");
        }
        Path dir = opt.out().resolve(sc.name()).resolve(batch.toString());
        Files.createDirectories(dir);
        RecordFile file = RecordFile.open(sc, dir.resolve(name), source == Source.LITIGATION ? "\r\n" : "\n",
            source == Source.LOAN);
        out = new Out(file, sc.name() + "/" + batch + "/" + name);
        open.put(id, out);
        tally.files++;
      }
      return out;
    }

    /**
     * Closes the files of batches before {@code day}: nothing can land in them any more. A unit
     * whose delivery day passed with nothing to send still sends its (header-only) file.
     */
    private void closeBefore(LocalDate day) throws IOException {
      for (Unit u : Units.of(source)) {
        for (LocalDate d : scheduled(u)) {
          if (d.isBefore(day) && !written.contains(d + "/" + sc.name() + "_" + u.code() + "_" + d + "." + sc.format())) {
            open(u, d);
          }
        }
      }
      for (Iterator<Map.Entry<String, Out>> it = open.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Out> e = it.next();
        if (LocalDate.parse(e.getKey().substring(0, 10)).isBefore(day)) {
          e.getValue().file.close();
          it.remove();
        }
      }
    }

    private List<LocalDate> scheduled(Unit u) {
      List<LocalDate> days = new ArrayList<>();
      for (LocalDate d = u.deliveryAfter(opt.start()); !d.isAfter(opt.end()); d = u.deliveryAfter(d)) {
        days.add(d);
      }
      if (opt.nightly()) {
        days.add(opt.nightlyDate());
      }
      return days;
    }

    /**
     * A value as the department writes it: text files get their date format, thousands
     * separators and labels; JSON keeps numbers as numbers; Parquet keeps dates and numbers
     * typed. Identifiers sometimes carry full-width characters or stray spaces.
     */
    private Object render(int field, Object value, RecordFile file) {
      if (value == null) {
        return null;
      }
      if (value instanceof LocalDate d) {
        return file.typed() && sc.format().equals("parquet") ? d : dateFormat.format(d);
      }
      if (value instanceof BigDecimal b) {
        if (!file.typed() && !sc.thousandsSeparator().isEmpty() && style.nextBoolean()) {
          return thousands.format(b).replace(",", sc.thousandsSeparator());
        }
        return file.typed() ? b : b.toPlainString();
      }
      if (value instanceof Integer i) {
        return file.typed() ? i : i.toString();
      }
      String s = value.toString();
      String column = source.fields().get(field).name();
      Map<String, String> labels = sc.values().get(column);
      if (labels != null) {
        for (Map.Entry<String, String> l : labels.entrySet()) {
          if (l.getValue().equals(s)) {
            return l.getKey();
          }
        }
      }
      if (column.equals(Source.Col.USCC) && s.length() == 18) {
        double x = style.nextDouble();
        if (x < 0.01) {
          return fullWidth(s);
        }
        if (x < 0.02) {
          return " " + s + " ";
        }
      }
      return s;
    }
  }

  private static String fullWidth(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(c > ' ' && c < 0x7f ? (char) (c + 0xFEE0) : c);
    }
    return sb.toString();
  }
}
