package io.creditlake.jobs.generate;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.FieldType;
import io.creditlake.common.domain.Source;
import io.creditlake.common.domain.Uscc;
import io.creditlake.common.reference.ReferenceTables;
import io.creditlake.common.validation.Reasons;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes small, deterministic daily files for the configured sources — as the departments send
 * them: headers, encodings, date formats and value labels come from each source's configuration —
 * with dirty rows, exact duplicates, corrections and late rows at the given rates, and
 * {@code _truth/} saying what every row is and what ingest must make of it.
 *
 * <p>Layout: {@code <out>/<source>/<yyyy-mm-dd>/<source>_<unit>_<yyyy-mm-dd>.csv}, one file per
 * reporting unit and day (a unit with nothing to send sends a header-only file). Streams: only
 * the pool of re-sendable records stays in memory.
 */
public final class Generator {

  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

  private final GenerateOptions opt;
  private final CreditLakeConfig config;
  private final SplittableRandom rnd;
  private final List<Entity> entities = new ArrayList<>();
  private final Map<Source, List<Rec>> pool = new EnumMap<>(Source.class);
  private final Map<Source, Set<String>> usedKeys = new EnumMap<>(Source.class);
  private final Map<String, Long> rows = new TreeMap<>();
  private final Map<String, Long> dirty = new TreeMap<>();
  private final Map<String, Long> dups = new TreeMap<>();
  private final Map<String, Long> corrections = new TreeMap<>();
  private final Map<String, Long> late = new TreeMap<>();
  private long serial;
  private int nextToRegister;
  private int files;

  record Entity(String uscc, String name, String district, String industry, String type, LocalDate founded,
      BigDecimal capital, String legalRep, String legalRepId) {}

  /** A record in canonical values (LocalDate, BigDecimal, Integer or String) and the unit that sends it. */
  record Rec(Source source, String unit, Map<String, Object> values) {
    Rec copy() {
      return new Rec(source, unit, new LinkedHashMap<>(values));
    }
  }

  public Generator(GenerateOptions opt, CreditLakeConfig config) {
    this.opt = opt;
    this.config = config;
    this.rnd = new SplittableRandom(opt.seed());
  }

  public GenerateResult run() throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(opt.out().resolve("_truth"));
    makeEntities();
    try (Truth truth = new Truth(opt.out().resolve("_truth"))) {
      truth.entities(entities);
      for (int day = 0; day < opt.days(); day++) {
        LocalDate date = opt.start().plusDays(day);
        for (SourceConfig sc : config.sources()) {
          writeBatch(sc, date, day, truth);
        }
      }
    }
    return new GenerateResult(opt.out().toString(), files, rows, dirty, dups, corrections, late,
        (System.nanoTime() - t0) / 1_000_000);
  }

  // ---------------------------------------------------------------- entities

  private void makeEntities() {
    List<ReferenceTables.District> districts = ReferenceTables.load().districtsOn(opt.start());
    Set<String> codes = new HashSet<>();
    while (entities.size() < opt.entities()) {
      String district = pick(districts).code();
      boolean individual = rnd.nextDouble() < 0.1;
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        body.append(i < 2 && rnd.nextDouble() < 0.3 ? Uscc.ALPHABET.charAt(10 + rnd.nextInt(21)) : (char) ('0' + rnd.nextInt(10)));
      }
      String uscc = Uscc.build('9', individual ? '2' : '1', district, body.toString());
      if (!codes.add(uscc)) {
        continue;
      }
      String[] industry = pick(Vocabulary.INDUSTRIES);
      String name = "深圳市" + pick(Vocabulary.BRAND) + pick(Vocabulary.BRAND).charAt(0) + industry[1]
          + (individual ? "经营部" : "有限公司");
      LocalDate founded = opt.start().minusDays(30 + rnd.nextInt(365 * 15));
      BigDecimal capital = BigDecimal.valueOf((1 + rnd.nextInt(500)) * 10_000L).setScale(2);
      entities.add(new Entity(uscc, name, district, industry[0], individual ? "INDIVIDUAL_BUSINESS" : "ENTERPRISE",
          founded, capital, personName(), personId(district)));
    }
  }

  private String personName() {
    String s = "" + Vocabulary.SURNAMES.charAt(rnd.nextInt(Vocabulary.SURNAMES.length()))
        + Vocabulary.GIVEN.charAt(rnd.nextInt(Vocabulary.GIVEN.length()));
    return rnd.nextBoolean() ? s + Vocabulary.GIVEN.charAt(rnd.nextInt(Vocabulary.GIVEN.length())) : s;
  }

  private String personId(String district) {
    LocalDate birth = LocalDate.of(1955 + rnd.nextInt(45), 1, 1).plusDays(rnd.nextInt(365));
    return district + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", rnd.nextInt(1000))
        + (rnd.nextInt(11) == 10 ? "X" : String.valueOf(rnd.nextInt(10)));
  }

  // ---------------------------------------------------------------- batches

  private void writeBatch(SourceConfig sc, LocalDate date, int day, Truth truth) throws IOException {
    Source source = sc.source();
    Map<String, RecordFile> out = new LinkedHashMap<>();
    for (String unit : units(source)) {
      out.put(unit, open(sc, date, unit));
    }
    try {
      int n = volume(source, day);
      for (int i = 0; i < n; i++) {
        Rec fresh = freshRecord(source, date, day);
        if (fresh == null) {
          continue;
        }
        emitFresh(sc, fresh, date, out.get(fresh.unit()), truth);
        if (rnd.nextDouble() < opt.duplicateRate()) {
          Rec original = takeFromPool(source);
          if (original != null) {
            write(sc, out.get(original.unit()), original, "DUPLICATE", List.of(), truth);
            count(dups, source);
          }
        }
        if (day > 0 && rnd.nextDouble() < opt.correctionRate()) {
          Rec original = takeFromPool(source);
          if (original != null) {
            Rec corrected = correct(original, date);
            write(sc, out.get(corrected.unit()), corrected, "CORRECTION", List.of(), truth);
            count(corrections, source);
          }
        }
      }
    } finally {
      for (RecordFile f : out.values()) {
        f.close();
      }
    }
  }

  private void emitFresh(SourceConfig sc, Rec rec, LocalDate date, RecordFile file, Truth truth) throws IOException {
    Source source = sc.source();
    // a row delivered late may carry a submission date before its period ended: it was sent then
    LocalDate event = (LocalDate) rec.values().get(sc.eventDate());
    if (event != null && event.isAfter((LocalDate) rec.values().get(sc.submissionDate()))) {
      rec.values().put(sc.submissionDate(), event);
    }
    double r = rnd.nextDouble();
    double acc = 0;
    for (DirtKind kind : DirtKind.values()) {
      acc += opt.dirtRates().getOrDefault(kind, 0.0);
      // a typed Parquet column cannot hold a malformed date or amount
      if (r < acc && !(kind.isFormatError() && sc.format().equals("parquet"))) {
        String reason = dirty(sc, rec, kind);
        write(sc, file, rec, "DIRTY", List.of(reason), truth);
        count(dirty, source);
        return;
      }
    }
    boolean isLate = Boolean.TRUE.equals(rec.values().remove("_late"));
    write(sc, file, rec, isLate ? "LATE" : "CLEAN", List.of(), truth);
    if (isLate) {
      count(late, source);
    }
    pool.computeIfAbsent(source, s -> new ArrayList<>()).add(rec);
  }

  /** Gives the record one defect; returns the reason code ingest must report. */
  private String dirty(SourceConfig sc, Rec rec, DirtKind kind) {
    Map<String, Object> v = rec.values();
    String amountCol = sc.source().fields().stream()
        .filter(f -> f.type() == FieldType.AMOUNT && sc.headerFor().containsKey(f.name()) && v.get(f.name()) != null)
        .findFirst().orElseThrow().name();
    switch (kind) {
      case BAD_USCC -> {
        String code = (String) v.get(Source.Col.USCC);
        char check = code.charAt(17);
        char wrong = Uscc.ALPHABET.charAt((Uscc.ALPHABET.indexOf(check) + 1 + rnd.nextInt(29)) % 31);
        v.put(Source.Col.USCC, code.substring(0, 17) + wrong);
        return Reasons.of(Reasons.BAD_USCC, Source.Col.USCC);
      }
      case MISSING -> {
        v.put(Source.Col.USCC, "");
        return Reasons.of(Reasons.MISSING, Source.Col.USCC);
      }
      case BAD_DATE -> {
        v.put(sc.submissionDate(), "2026-13-45");
        return Reasons.of(Reasons.BAD_DATE, sc.submissionDate());
      }
      case BAD_AMOUNT -> {
        v.put(amountCol, "12O" + v.get(amountCol));
        return Reasons.of(Reasons.BAD_AMOUNT, amountCol);
      }
      case NEGATIVE_AMOUNT -> {
        v.put(amountCol, ((BigDecimal) v.get(amountCol)).add(BigDecimal.ONE).negate());
        return Reasons.of(Reasons.NEGATIVE_AMOUNT, amountCol);
      }
      case EVENT_AFTER_SUBMISSION -> {
        v.put(sc.eventDate(), ((LocalDate) v.get(sc.submissionDate())).plusDays(3 + rnd.nextInt(28)));
        return Reasons.EVENT_AFTER_SUBMISSION;
      }
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private Rec takeFromPool(Source source) {
    List<Rec> p = pool.get(source);
    if (p == null || p.isEmpty()) {
      return null;
    }
    int i = rnd.nextInt(p.size());
    Rec r = p.get(i);
    p.set(i, p.get(p.size() - 1));
    p.remove(p.size() - 1);
    return r;
  }

  /** The same record (same key) re-sent today with other content. */
  private Rec correct(Rec original, LocalDate date) {
    Rec c = original.copy();
    Map<String, Object> v = c.values();
    switch (c.source()) {
      case REGISTRATION -> v.put("registered_capital", ((BigDecimal) v.get("registered_capital")).add(BigDecimal.valueOf(50_000)));
      case TAX -> {
        v.put("paid_amount", ((BigDecimal) v.get("paid_amount")).add(BigDecimal.valueOf(100)));
        v.put("filing_date", date.minusDays(1).isBefore((LocalDate) v.get("filing_date")) ? v.get("filing_date") : date.minusDays(1));
      }
      case LOAN -> v.put("balance", ((BigDecimal) v.get("balance")).add(BigDecimal.valueOf(1_000)));
      case LITIGATION -> v.put("amount", ((BigDecimal) v.get("amount")).add(BigDecimal.valueOf(500)));
    }
    v.put(Source.Col.SUBMIT_DATE, date);
    return c;
  }

  // ---------------------------------------------------------------- records

  private List<String> units(Source source) {
    return switch (source) {
      case REGISTRATION -> List.of(Vocabulary.AMR);
      case TAX -> List.of(Vocabulary.TAX);
      case LOAN -> Vocabulary.BANKS.stream().map(b -> b[0]).toList();
      case LITIGATION -> Vocabulary.COURTS.stream().map(c -> c[0]).toList();
    };
  }

  private int volume(Source source, int day) {
    int e = opt.entities();
    return switch (source) {
      case REGISTRATION -> day == 0 ? e : Math.max(1, (int) Math.round(e * 0.005 * (0.5 + rnd.nextDouble())));
      case TAX -> Math.max(1, (int) Math.round(e * 0.05 * (0.5 + rnd.nextDouble())));
      case LOAN -> Math.max(1, (int) Math.round(e * 0.03 * (0.5 + rnd.nextDouble())));
      case LITIGATION -> Math.max(1, (int) Math.round(e * 0.01 * (0.5 + rnd.nextDouble())));
    };
  }

  /** A new record for the day, or null when no unused key was found. */
  private Rec freshRecord(Source source, LocalDate date, int day) {
    boolean isLate = rnd.nextDouble() < opt.lateRate();
    LocalDate submit = isLate && rnd.nextBoolean() ? date.minusDays(5 + rnd.nextInt(16)) : date.minusDays(rnd.nextInt(2));
    for (int attempt = 0; attempt < 20; attempt++) {
      Entity e = entities.get(rnd.nextInt(entities.size()));
      Map<String, Object> v = new LinkedHashMap<>();
      String unit;
      String key;
      switch (source) {
        case REGISTRATION -> {
          unit = Vocabulary.AMR;
          boolean first = day == 0;
          if (first) {
            e = entities.get(nextToRegister++ % entities.size());
          }
          v.put("record_id", "R" + date.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%07d", ++serial));
          registration(v, e);
          String type = first ? "REGISTERED" : List.of("CHANGED", "STATUS_CHANGED", "ABNORMAL_ADDED", "ABNORMAL_REMOVED")
              .get(rnd.nextInt(4));
          v.put("event_type", type);
          LocalDate event = first ? e.founded() : submit.minusDays(isLate ? 60 + rnd.nextInt(140) : rnd.nextInt(5));
          v.put("event_date", event);
          switch (type) {
            case "CHANGED" -> {
              String item = pick(Vocabulary.CHANGE_ITEMS);
              v.put("change_item", item);
              if (item.equals("法定代表人")) {
                v.put("legal_rep_name", personName());
                v.put("legal_rep_id", personId(e.district()));
              }
            }
            case "STATUS_CHANGED" -> v.put("status", rnd.nextBoolean() ? "REVOKED" : "DEREGISTERED");
            case "ABNORMAL_ADDED", "ABNORMAL_REMOVED" -> v.put("abnormal_ground", pick(Vocabulary.ABNORMAL_GROUNDS));
            default -> { }
          }
          key = (String) v.get("record_id");
        }
        case TAX -> {
          unit = Vocabulary.TAX;
          LocalDate period = date.minusMonths(isLate ? 3 + rnd.nextInt(4) : 1).with(TemporalAdjusters.lastDayOfMonth());
          String taxType = pick(Vocabulary.TAX_TYPES);
          LocalDate due = period.plusDays(15);
          LocalDate filed = due.plusDays(rnd.nextInt(10) < 8 ? -rnd.nextInt(10) : rnd.nextInt(30));
          if (filed.isAfter(submit)) {
            filed = submit;
          }
          BigDecimal declared = money(500, 200_000);
          BigDecimal paid = rnd.nextDouble() < 0.9 ? declared : declared.multiply(BigDecimal.valueOf(rnd.nextInt(90))).movePointLeft(2).setScale(2, java.math.RoundingMode.HALF_UP);
          v.put("uscc", e.uscc());
          v.put("tax_period", period);
          v.put("tax_type", taxType);
          v.put("due_date", due);
          v.put("filing_date", filed);
          v.put("declared_amount", declared);
          v.put("paid_amount", paid);
          v.put("overdue_amount", declared.subtract(paid));
          if (rnd.nextDouble() < 0.2) {
            v.put("credit_level", List.of("A", "B", "B", "M", "C", "D").get(rnd.nextInt(6)));
            v.put("credit_year", date.getYear() - 1);
          }
          key = e.uscc() + "|" + period + "|" + taxType;
        }
        case LOAN -> {
          String[] bank = pick(Vocabulary.BANKS);
          unit = bank[0];
          LocalDate month = date.minusMonths(isLate ? 2 + rnd.nextInt(3) : 1).with(TemporalAdjusters.lastDayOfMonth());
          LocalDate start = month.minusDays(30 + rnd.nextInt(1000));
          BigDecimal amount = money(100_000, 5_000_000);
          int overdue = rnd.nextDouble() < 0.85 ? 0 : rnd.nextInt(400);
          String cls = overdue == 0 ? "NORMAL" : overdue < 90 ? "SPECIAL_MENTION" : overdue < 180 ? "SUBSTANDARD"
              : overdue < 360 ? "DOUBTFUL" : "LOSS";
          String loanId = unit + "L" + String.format("%08d", ++serial);
          v.put("loan_id", loanId);
          v.put("uscc", e.uscc());
          v.put("lender", bank[1]);
          v.put("report_month", month);
          v.put("amount", amount);
          v.put("balance", amount.multiply(BigDecimal.valueOf(10 + rnd.nextInt(90))).movePointLeft(2).setScale(2, java.math.RoundingMode.HALF_UP));
          v.put("start_date", start);
          v.put("maturity_date", start.plusYears(1 + rnd.nextInt(5)));
          v.put("days_overdue", overdue);
          v.put("classification", cls);
          key = loanId + "|" + month;
        }
        case LITIGATION -> {
          String[] court = pick(Vocabulary.COURTS);
          unit = court[0];
          String caseType = List.of("CIVIL", "CIVIL", "COMMERCIAL", "ADMINISTRATIVE", "ENFORCEMENT").get(rnd.nextInt(5));
          String infix = switch (caseType) {
            case "ENFORCEMENT" -> "执";
            case "ADMINISTRATIVE" -> "行初";
            default -> "民初";
          };
          LocalDate filed = submit.minusDays(isLate ? 365 + rnd.nextInt(365) : rnd.nextInt(20));
          String caseNo = "(" + filed.getYear() + ")" + court[1] + infix + (++serial) + "号";
          v.put("case_no", caseNo);
          v.put("uscc", e.uscc());
          v.put("party_role", List.of("DEFENDANT", "DEFENDANT", "PLAINTIFF", "THIRD_PARTY").get(rnd.nextInt(4)));
          v.put("case_type", caseType);
          v.put("cause", pick(Vocabulary.CAUSES));
          v.put("amount", money(5_000, 3_000_000));
          v.put("filing_date", filed);
          if (rnd.nextDouble() < 0.4) {
            LocalDate judged = filed.plusDays(rnd.nextInt(60));
            v.put("judgment_date", judged.isAfter(submit) ? submit : judged);
            v.put("outcome", pick(Vocabulary.OUTCOMES));
          }
          if (caseType.equals("ENFORCEMENT") && rnd.nextDouble() < 0.3) {
            v.put("dishonest_listed_date", filed);
            v.put("dishonest_expiry_date", filed.plusYears(2));
          }
          key = caseNo + "|" + e.uscc() + "|" + v.get("party_role");
        }
        default -> throw new IllegalStateException(source.name());
      }
      if (!usedKeys.computeIfAbsent(source, s -> new HashSet<>()).add(key)) {
        continue;
      }
      v.put(Source.Col.REPORTING_UNIT, unit);
      v.put(Source.Col.SUBMIT_DATE, submit);
      if (isLate) {
        v.put("_late", true);
      }
      return new Rec(source, unit, v);
    }
    return null;
  }

  private void registration(Map<String, Object> v, Entity e) {
    v.put("uscc", e.uscc());
    v.put("name", e.name());
    v.put("entity_type", e.type());
    v.put("industry_code", e.industry());
    v.put("registered_capital", e.capital());
    v.put("capital_currency", "CNY");
    v.put("founding_date", e.founded());
    v.put("district_code", e.district());
    v.put("legal_rep_name", e.legalRep());
    v.put("legal_rep_id", e.legalRepId());
    v.put("status", "OPERATING");
  }

  private BigDecimal money(long min, long max) {
    return BigDecimal.valueOf(min * 100 + rnd.nextLong((max - min) * 100)).movePointLeft(2);
  }

  private <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  private static void count(Map<String, Long> m, Source s) {
    m.merge(s.id(), 1L, Long::sum);
  }

  // ---------------------------------------------------------------- files

  private final Map<RecordFile, String> relative = new java.util.IdentityHashMap<>();

  private RecordFile open(SourceConfig sc, LocalDate date, String unit) throws IOException {
    Path dir = opt.out().resolve(sc.name()).resolve(date.toString());
    Files.createDirectories(dir);
    String name = sc.name() + "_" + unit + "_" + date + "." + sc.format();
    files++;
    RecordFile file = RecordFile.open(sc, dir.resolve(name), sc.source() == Source.LITIGATION ? "\r\n" : "\n",
        sc.source() == Source.LOAN);
    relative.put(file, opt.out().relativize(dir.resolve(name)).toString().replace('\\', '/'));
    return file;
  }

  private void write(SourceConfig sc, RecordFile file, Rec rec, String kind, List<String> reasons, Truth truth) throws IOException {
    Map<String, Object> shown = new LinkedHashMap<>();
    for (String column : sc.headerFor().keySet()) {
      shown.put(column, render(sc, column, rec.values().get(column), file));
    }
    long line = file.write(shown);
    String key = sc.key().stream().map(k -> String.valueOf(rec.values().get(k))).reduce((a, b) -> a + "|" + b).orElse("");
    String path = relative.get(file);
    truth.row(sc.name(), path, line, kind, reasons, key, LocalDate.parse(path.split("/")[1]));
    count(rows, sc.source());
    if (rnd.nextDouble() < 0.003) {
      file.blankLine();
    }
  }

  /**
   * A value as the department writes it: text files get their date format, thousands
   * separators and labels; JSON keeps numbers as numbers; Parquet keeps dates and numbers typed.
   * Identifiers sometimes carry full-width characters or stray spaces.
   */
  private Object render(SourceConfig sc, String column, Object value, RecordFile file) {
    if (value == null) {
      return null;
    }
    boolean parquet = sc.format().equals("parquet");
    if (value instanceof LocalDate d) {
      return parquet ? d : d.format(DateTimeFormatter.ofPattern(sc.dateFormats().get(0)));
    }
    if (value instanceof BigDecimal b) {
      if (!file.typed() && !sc.thousandsSeparator().isEmpty() && rnd.nextBoolean()) {
        return new DecimalFormat("#,##0.00").format(b).replace(",", sc.thousandsSeparator());
      }
      return file.typed() ? b : b.toPlainString();
    }
    if (value instanceof Integer i) {
      return file.typed() ? i : i.toString();
    }
    String s = value.toString();
    Map<String, String> labels = sc.values().get(column);
    if (labels != null) {
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (l.getValue().equals(s)) {
          return l.getKey();
        }
      }
    }
    if (column.equals(Source.Col.USCC) && s.length() == 18 && rnd.nextDouble() < 0.01) {
      return fullWidth(s);
    }
    if (column.equals(Source.Col.USCC) && !s.isEmpty() && rnd.nextDouble() < 0.01) {
      return " " + s + " ";
    }
    return s;
  }

  private static String fullWidth(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c > ' ' && c < 0x7f ? (char) (c + 0xFEE0) : c);
    }
    return sb.toString();
  }
}
