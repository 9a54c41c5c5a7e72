package io.creditlake.common.config;

import io.creditlake.common.domain.CanonicalField;
import io.creditlake.common.domain.FieldType;
import io.creditlake.common.domain.Source;
import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a bound configuration; every problem names its key and what is allowed. */
final class ConfigValidator {

  static final List<String> FORMATS = List.of("csv", "jsonl", "parquet");

  private ConfigValidator() {}

  static List<String> validate(CreditLakeConfig c) {
    List<String> p = new ArrayList<>();
    try {
      c.zone();
    } catch (java.time.DateTimeException e) {
      p.add("timezone: unknown zone '" + c.timezone() + "'");
    }
    if (c.spark().shufflePartitions() < 1) {
      p.add("spark.shufflePartitions must be ≥ 1, got: " + c.spark().shufflePartitions());
    }
    if (c.ingest().parallelSources() < 1) {
      p.add("ingest.parallelSources must be ≥ 1, got: " + c.ingest().parallelSources());
    }
    java.util.Set<String> flagCodes = new java.util.HashSet<>();
    for (int i = 0; i < c.flags().size(); i++) {
      FlagRule f = c.flags().get(i);
      String at = "flags[" + i + "]" + (f.code() == null ? "" : " (" + f.code() + ")");
      if (f.code() == null || !f.code().matches("[A-Z][A-Z0-9_]*")) {
        p.add(at + ".code must be upper-case letters, digits and _, got: " + f.code());
      } else if (!flagCodes.add(f.code())) {
        p.add(at + ".code is declared twice");
      }
      if (!FlagRule.SEVERITIES.contains(f.severity())) {
        p.add(at + ".severity must be one of " + FlagRule.SEVERITIES + ", got: " + f.severity());
      }
      if (f.when() == null || f.when().isBlank()) {
        p.add(at + ".when is missing: a Spark SQL condition over profile columns");
      }
      if (f.description() == null || f.description().isBlank()) {
        p.add(at + ".description is missing");
      }
    }
    RatesSettings rates = c.rates();
    if (!rates.weights().keySet().equals(java.util.Set.copyOf(RatesSettings.RATES))
        || rates.weights().values().stream().anyMatch(w -> w == null || w < 0)
        || rates.weights().values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      p.add("rates.weights must give each of " + RatesSettings.RATES + " a weight ≥ 0 (not all 0), got: " + rates.weights());
    }
    java.util.Set<String> owing = new java.util.HashSet<>();
    for (int i = 0; i < rates.obligations().size(); i++) {
      RatesSettings.Obligation o = rates.obligations().get(i);
      String at = "rates.obligations[" + i + "]" + (o.source() == null ? "" : " (" + o.source() + ")");
      // rates scores each source by one rule: a second one would merge into the first's counts
      if (o.source() != null && !owing.add(o.source())) {
        p.add(at + ": a second obligation for " + o.source() + "; give each source one");
      }
      Source src = o.source() == null ? null : Source.byId(o.source()).orElse(null);
      if (src == null) {
        p.add(at + ".source must be one of " + Source.ids() + ", got: " + o.source());
      } else {
        for (String f : o.optional()) {
          if (src.field(f).isEmpty()) {
            p.add(at + ".optional: " + src.id() + " has no field '" + f + "'; its fields are " + src.fieldNames());
          }
        }
      }
      if (!RatesSettings.Obligation.EXPECTED.contains(o.expected())) {
        p.add(at + ".expected must be one of " + RatesSettings.Obligation.EXPECTED + ", got: " + o.expected());
      }
      if ((o.deadlineDays() == null) == (o.deadlineMonths() == null)
          || (o.deadlineMonths() != null && (o.deadlineDay() == null || o.deadlineDay() < 1))) {
        p.add(at + ": give either deadlineDays, or deadlineMonths with deadlineDay");
      }
    }
    validateModel(c.model(), p);
    validateRun(c, p);
    if (c.maintain().retentionHours() < 0) {
      p.add("maintain.retentionHours must be ≥ 0, got: " + c.maintain().retentionHours());
    }
    if (c.sources().isEmpty()) {
      p.add("sources: none declared; declare at least one of " + Source.ids());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < c.sources().size(); i++) {
      SourceConfig s = c.sources().get(i);
      String at = "sources[" + i + "]" + (s.name() == null ? "" : " (" + s.name() + ")");
      if (s.name() == null || Source.byId(s.name()).isEmpty()) {
        p.add(at + ".name must be one of " + Source.ids() + ", got: " + s.name());
        continue;
      }
      if (!seen.add(s.name())) {
        p.add(at + ".name: source declared twice");
      }
      validateSource(s, at, p);
    }
    return p;
  }

  private static void validateRun(CreditLakeConfig c, List<String> p) {
    RunSettings r = c.run();
    if (!RunSettings.TRAIN.contains(r.train())) {
      p.add("run.train must be one of " + RunSettings.TRAIN + ", got: " + r.train());
    }
    for (int i = 0; i < r.deliveries().size(); i++) {
      RunSettings.Delivery d = r.deliveries().get(i);
      String at = "run.deliveries[" + i + "]" + (d.files() == null ? "" : " (" + d.files() + ")");
      if (d.source() == null || c.source(d.source()).isEmpty()) {
        p.add(at + ".source must be a configured source, got: " + d.source());
      }
      if (d.files() == null || d.files().isBlank() || d.files().contains("/")) {
        p.add(at + ".files must be a glob on a file name (no folders), got: " + d.files());
      }
      String problem = d.problem();
      if (problem != null) {
        p.add(at + "." + problem);
      }
    }
    RunSettings.Alerts a = r.alerts();
    if (a.quarantineJump() < 1 || a.quarantineMinIncrease() < 0 || a.historyRuns() < 1 || a.minRows() < 0) {
      p.add("run.alerts: quarantineJump ≥ 1, quarantineMinIncrease ≥ 0, historyRuns ≥ 1 and minRows ≥ 0, got: " + a);
    }
  }

  private static void validateModel(ModelSettings m, List<String> p) {
    if (!ModelSettings.FAMILIES.contains(m.family())) {
      p.add("model.family must be one of " + ModelSettings.FAMILIES + ", got: " + m.family());
    }
    if (m.horizonMonths() < 1 || m.trainSnapshots() < 1 || m.validationGapMonths() < 0 || m.bins() < 2
        || m.sampleCap() < 1) {
      p.add("model: horizonMonths, trainSnapshots, sampleCap ≥ 1, bins ≥ 2 and validationGapMonths ≥ 0, got: "
          + m.horizonMonths() + ", " + m.trainSnapshots() + ", " + m.sampleCap() + ", " + m.bins() + ", "
          + m.validationGapMonths());
    }
    if (!ModelSettings.FAMILIES.containsAll(m.classWeights())) {
      p.add("model.classWeights lists families, some of " + ModelSettings.FAMILIES + ", got: " + m.classWeights());
    }
    if (m.events().isEmpty() || !ModelSettings.EVENTS.containsAll(m.events())) {
      p.add("model.events must be some of " + ModelSettings.EVENTS + ", got: " + m.events());
    }
    if (!(m.points().baseOdds() > 0) || !(m.points().pdo() > 0)) {
      p.add("model.points: baseOdds and pdo must be positive, got: " + m.points());
    }
    if (m.grades().isEmpty()) {
      p.add("model.grades: give at least one band (grade, minScore)");
    }
    Set<String> grades = new HashSet<>();
    for (ModelSettings.Grade g : m.grades()) {
      if (g.grade() == null || g.minScore() == null || !grades.add(g.grade())) {
        p.add("model.grades: each band needs a distinct grade and a minScore, got: " + g);
      }
    }
    for (String f : m.flagGrades()) {
      if (!grades.contains(f)) {
        p.add("model.flagGrades: '" + f + "' is not one of the grades " + grades);
      }
    }
  }

  private static void validateSource(SourceConfig s, String at, List<String> p) {
    Source src = s.source();
    if (!FORMATS.contains(s.format())) {
      p.add(at + ".format must be one of " + FORMATS + ", got: " + s.format());
    }
    if (s.path() == null || !s.path().contains("{date}")) {
      p.add(at + ".path must contain {date}, got: " + s.path());
    }
    try {
      Charset.forName(s.encoding());
    } catch (IllegalArgumentException e) {
      p.add(at + ".encoding: unknown charset '" + s.encoding() + "' (use UTF-8 or GBK)");
    }
    if (s.delimiter().length() != 1) {
      p.add(at + ".delimiter must be one character, got: '" + s.delimiter() + "'");
    }
    if (s.columns().isEmpty()) {
      p.add(at + ".columns: no header mapping");
    }
    Set<String> mapped = new HashSet<>();
    for (Map.Entry<String, String> e : s.columns().entrySet()) {
      if (src.field(e.getValue()).isEmpty()) {
        p.add(at + ".columns: header '" + e.getKey() + "' maps to unknown column '" + e.getValue()
            + "' (" + s.name() + " has: " + String.join(", ", src.fieldNames()) + ")");
      } else if (!mapped.add(e.getValue())) {
        p.add(at + ".columns: column '" + e.getValue() + "' is mapped from two headers");
      }
    }
    checkMapped(at + ".key", s.key(), mapped, p);
    if (s.key().isEmpty()) {
      p.add(at + ".key: no record key; name the columns that identify a record");
    }
    checkMapped(at + ".required", s.required(), mapped, p);
    for (String k : s.key()) {
      if (!s.required().contains(k)) {
        p.add(at + ".required must include key column '" + k + "'");
      }
    }
    checkOne(at + ".reportingUnit", s.reportingUnit(), FieldType.STRING, src, mapped, p);
    checkOne(at + ".eventDate", s.eventDate(), FieldType.DATE, src, mapped, p);
    checkOne(at + ".submissionDate", s.submissionDate(), FieldType.DATE, src, mapped, p);
    for (String f : s.dateFormats()) {
      try {
        DateTimeFormatter.ofPattern(f);
      } catch (IllegalArgumentException e) {
        p.add(at + ".dateFormats: bad pattern '" + f + "': " + e.getMessage());
      }
    }
    for (Map.Entry<String, Map<String, String>> e : s.values().entrySet()) {
      CanonicalField f = src.field(e.getKey()).orElse(null);
      if (f == null || f.type() != FieldType.CODE) {
        p.add(at + ".values: '" + e.getKey() + "' is not a code column of " + s.name());
        continue;
      }
      for (Map.Entry<String, String> v : e.getValue().entrySet()) {
        if (!f.codes().contains(v.getValue())) {
          p.add(at + ".values." + e.getKey() + ": label '" + v.getKey() + "' maps to '" + v.getValue()
              + "', which is not one of " + f.codes());
        }
      }
    }
  }

  private static void checkMapped(String at, List<String> cols, Set<String> mapped, List<String> p) {
    for (String c : cols) {
      if (!mapped.contains(c)) {
        p.add(at + ": column '" + c + "' is not mapped from any header");
      }
    }
  }

  private static void checkOne(String at, String col, FieldType type, Source src, Set<String> mapped, List<String> p) {
    if (col == null) {
      p.add(at + " is required");
    } else if (!mapped.contains(col)) {
      p.add(at + ": column '" + col + "' is not mapped from any header");
    } else if (src.field(col).orElseThrow().type() != type) {
      p.add(at + ": column '" + col + "' must be of type " + type);
    }
  }
}
