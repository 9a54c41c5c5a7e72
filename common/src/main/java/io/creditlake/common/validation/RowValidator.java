package io.creditlake.common.validation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.translate;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.CanonicalField;
import io.creditlake.common.domain.Source;
import io.creditlake.common.io.Text;
import io.creditlake.common.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Turns bronze rows (text) into typed, canonical rows and the list of reasons each row fails,
 * with Spark's built-in functions only. Cleaning: full-width characters folded to ASCII, trimmed,
 * empty as null; amounts without thousands separators; code labels mapped through the source's
 * {@code values}; personal columns replaced by a keyed SHA-256.
 *
 * <p>It works in three projections — clean the text, type it, judge it — each referring to the
 * one before by column, so that every expression is generated once: written as one projection
 * the code outgrew the JVM's 64 KB method limit and Spark fell back to slow interpretation.
 * Each projection also reads every column of the one before at least twice ({@link #carry}), so
 * that Spark generates a method per projection: as one 15 KB method the JIT's C1 and C2 both
 * refused it, and a night's batch, one task, ran interpreted at half speed when the JVM tried C1
 * with profiling first (docs/BENCHMARKS.md, 2026-12-07). The input should hold no column that
 * validation does not read: Spark cannot leave one out of rows made in Java, and it would keep
 * the cleaning step in the stage's loop.
 *
 * <p>{@link #validate} yields the typed columns under their canonical names, {@link #REASONS_COL},
 * {@link Tables#RAW} (only on rows with reasons), and the silver metadata.
 */
public final class RowValidator {

  /** Column of a validated row holding its reasons; empty for a valid row. */
  public static final String REASONS_COL = "_reasons";
  /** Column a reader sets when a record itself is malformed (e.g. wrong field count). */
  public static final String READ_PROBLEM = "_read_problem";

  private static final String TEXT = "_text_";
  private static final String REASON_SEPARATOR = "\u0001";
  private static final String AS_SENT = "_sent_";
  private static final List<String> META = List.of(Tables.SOURCE_FILE, Tables.LINE, Tables.BATCH_DATE, Tables.BATCH_ID);

  /** Full-width forms and the ideographic space, as a regex character class. */
  private static final String FULL_WIDTH_CLASS = "[\\x{3000}\\x{FF01}-\\x{FF5E}]";

  private final SourceConfig config;
  private final Source source;
  private final String maskKey;

  public RowValidator(SourceConfig config, String maskKey) {
    this.config = config;
    this.source = config.source();
    this.maskKey = maskKey == null ? "" : maskKey;
  }

  /**
   * Cleaned text: full-width folded, trimmed, empty as null. Spark's translate looks up every
   * character in a map, so it only runs on the rare values that hold a full-width character.
   */
  public static Column clean(Column raw) {
    // a full-width character takes 3 bytes in UTF-8: only values with more bytes than characters
    // can hold one, and the regex (which decodes the value to a Java string) runs only on those
    Column wide = octet_length(raw).gt(length(raw)).and(raw.rlike(FULL_WIDTH_CLASS));
    Column folded = when(wide, translate(raw, Text.FULL_WIDTH, Text.HALF_WIDTH)).otherwise(raw);
    // not nullif: Spark puts its operand in a projection of its own that passes the other columns
    // on unread, which keeps the cleaning step from getting a method of its own (see carry)
    Column trimmed = trim(folded);
    return when(trimmed.notEqual(lit("")), trimmed);
  }

  /** Bronze-shaped rows (canonical columns as text, metadata, {@link #READ_PROBLEM}) → typed rows with reasons. */
  public Dataset<Row> validate(Dataset<Row> bronze) {
    // 1. clean the text; keep it as sent for quarantine
    List<Column> cleaned = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      cleaned.add(clean(col(f.name())).as(TEXT + f.name()));
      cleaned.add(col(f.name()).as(AS_SENT + f.name()));
    }
    Dataset<Row> text = bronze.select(withMeta(bronze, cleaned, carry(bronze, READ_PROBLEM)));

    // 2. type it
    List<Column> typed = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      // read twice: a text kept as it is, or upper-cased, would read its column only once
      typed.add(typedValue(f, twice(text, TEXT + f.name())).cast(Tables.sparkType(f)).as(f.name()));
      typed.add(col(TEXT + f.name()));
      typed.add(carry(text, AS_SENT + f.name()));
    }
    Dataset<Row> values = text.select(withMeta(text, typed, carry(text, READ_PROBLEM)));

    // 3. judge it, and add what silver needs
    List<Column> reasons = new ArrayList<>();
    reasons.add(col(READ_PROBLEM));
    for (CanonicalField f : source.fields()) {
      reasons.addAll(reasons(f, col(TEXT + f.name()), col(f.name())));
    }
    Column event = col(config.eventDate());
    Column submitted = col(config.submissionDate());
    reasons.add(when(event.gt(submitted), lit(Reasons.EVENT_AFTER_SUBMISSION)));
    List<Column> judged = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      judged.add(col(f.name()));
      judged.add(carry(values, AS_SENT + f.name()));
    }
    // concat_ws skips nulls; array_compact would be shorter but is a lambda function, which Spark
    // cannot compile: it evaluated every reason expression row by row, ten times slower
    Column joined = concat_ws(REASON_SEPARATOR, reasons.toArray(Column[]::new));
    judged.add(when(joined.equalTo(""), array().cast("array<string>"))
        .otherwise(split(joined, Pattern.quote(REASON_SEPARATOR))).as(REASONS_COL));
    judged.add(concat_ws("|", config.key().stream().map(k -> col(k).cast("string")).toArray(Column[]::new)).as(Tables.RECORD_KEY));
    judged.add(contentHash().as(Tables.CONTENT_HASH));
    judged.add(event.as(Tables.EVENT_DATE));
    judged.add(submitted.as(Tables.SUBMITTED));
    judged.add(greatest(coalesce(submitted, col(Tables.BATCH_DATE)), col(Tables.BATCH_DATE)).as(Tables.KNOWN_SINCE));
    judged.add(col(config.reportingUnit()).as(Tables.REPORTING_UNIT));
    Dataset<Row> out = values.select(withMeta(values, judged));

    // the row as sent, for quarantine only
    List<Column> keep = new ArrayList<>();
    for (String c : out.columns()) {
      if (!c.startsWith(AS_SENT)) {
        keep.add(col(c));
      }
    }
    keep.add(when(size(col(REASONS_COL)).gt(0), rawMap()).as(Tables.RAW));
    return out.select(keep.toArray(Column[]::new));
  }

  /**
   * A column passed on unchanged, read twice. Spark gives the next projection its own generated
   * method only if that projection reads every column of this one at least twice (the rule of
   * {@code ProjectExec.usedInputs} and {@code CodegenSupport.consume}); {@code coalesce(c, c)} and,
   * for a column that cannot be null (which the optimizer would reduce to {@code c}),
   * {@code greatest(c, c)} cost a null check or one comparison.
   */
  private static Column carry(Dataset<Row> from, String name) {
    return twice(from, name).as(name);
  }

  /** The column, read twice (see {@link #carry}). */
  private static Column twice(Dataset<Row> from, String name) {
    Column c = col(name);
    return from.schema().apply(name).nullable() ? coalesce(c, c) : greatest(c, c);
  }

  private static Column[] withMeta(Dataset<Row> from, List<Column> columns, Column... more) {
    List<Column> all = new ArrayList<>(columns);
    META.forEach(m -> all.add(carry(from, m)));
    all.addAll(List.of(more));
    return all.toArray(Column[]::new);
  }

  /** The row as sent: canonical column → text; personal columns as masked in silver. */
  private Column rawMap() {
    List<Column> kv = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      kv.add(lit(f.name()));
      kv.add(f.personal() ? col(f.name()) : col(AS_SENT + f.name()));
    }
    return org.apache.spark.sql.functions.map(kv.toArray(Column[]::new));
  }

  private Column mask(Column value) {
    return when(value.isNotNull(), sha2(concat_ws("\u0001", lit(maskKey), value), 256));
  }

  /**
   * Hash of the record's content, so an exact resend is recognised: every canonical column but the
   * submission date, each with a null marker (Spark's hash skips nulls, which would make a value
   * moving between two columns look unchanged).
   */
  private Column contentHash() {
    List<Column> parts = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      if (!f.name().equals(config.submissionDate())) {
        parts.add(col(f.name()));
        parts.add(col(f.name()).isNull());
      }
    }
    return xxhash64(parts.toArray(Column[]::new));
  }

  /** The typed value of a cleaned text: null where it does not parse (the reasons say why). */
  private Column typedValue(CanonicalField f, Column text) {
    if (f.personal()) {
      return mask(text);
    }
    return switch (f.type()) {
      case STRING -> text;
      case USCC -> upper(text);
      case DATE -> {
        Column[] attempts = config.dateFormats().stream()
            .map(fmt -> parseDate(text, fmt))
            .toArray(Column[]::new);
        yield attempts.length == 1 ? attempts[0] : coalesce(attempts);
      }
      case AMOUNT -> regexp_replace(text, Pattern.quote(config.thousandsSeparator()) + "|[¥￥]", "").try_cast(Tables.AMOUNT);
      case COUNT -> text.try_cast("int");
      case CODE -> {
        Column mapped = mappedCode(f, text);
        yield when(mapped.isin(f.codes().toArray()), mapped);
      }
    };
  }

  /** yyyy, MM and dd in this order, with one separator or none between them. */
  private static final Pattern DIGITS_DATE = Pattern.compile("yyyy([-/.]?)MM\\1dd");

  /**
   * A date in the given format, null where the text does not match it or is no real date. The
   * usual all-digit formats are checked by shape and handed to Spark's own date cast; a
   * formatter-based parse of the other patterns cost a fifth of validation's time (it goes
   * through a timestamp and a time zone), the cast a tenth of that.
   */
  static Column parseDate(Column text, String format) {
    java.util.regex.Matcher m = DIGITS_DATE.matcher(format);
    if (!m.matches()) {
      return to_date(try_to_timestamp(text, lit(format)));
    }
    String sep = m.group(1);
    String q = sep.isEmpty() ? "" : Pattern.quote(sep);
    Column shaped = text.rlike("^[0-9]{4}" + q + "[0-9]{2}" + q + "[0-9]{2}\\z");
    int w = sep.length();
    Column iso = sep.equals("-") ? text
        : concat(substring(text, 1, 4), lit("-"), substring(text, 5 + w, 2), lit("-"), substring(text, 7 + 2 * w, 2));
    return when(shaped, iso.try_cast("date"));
  }

  private Column mappedCode(CanonicalField f, Column text) {
    Map<String, String> labels = config.values().getOrDefault(f.name(), Map.of());
    if (labels.isEmpty()) {
      return text;
    }
    List<Column> kv = new ArrayList<>();
    labels.forEach((label, code) -> {
      kv.add(lit(Text.normalize(label)));
      kv.add(lit(code));
    });
    return coalesce(try_element_at(org.apache.spark.sql.functions.map(kv.toArray(Column[]::new)), text), text);
  }

  /** Why a column's value fails, from its cleaned text and its typed value (null entries for none). */
  private List<Column> reasons(CanonicalField f, Column text, Column value) {
    String name = f.name();
    List<Column> out = new ArrayList<>();
    if (config.required().contains(name)) {
      out.add(when(text.isNull(), lit(Reasons.of(Reasons.MISSING, name))));
    }
    switch (f.type()) {
      case USCC -> out.add(when(value.isNull(), lit(null))
          .when(UsccSql.isLegacy(value), lit(Reasons.of(Reasons.LEGACY_REG_NO, name)))
          .when(UsccSql.isValid(value).unary_$bang(), lit(Reasons.of(Reasons.BAD_USCC, name))));
      case DATE -> out.add(when(text.isNotNull().and(value.isNull()), lit(Reasons.of(Reasons.BAD_DATE, name))));
      case AMOUNT -> out.add(when(text.isNotNull().and(value.isNull()), lit(Reasons.of(Reasons.BAD_AMOUNT, name)))
          .when(value.lt(0), lit(Reasons.of(Reasons.NEGATIVE_AMOUNT, name))));
      case COUNT -> out.add(when(text.isNotNull().and(value.isNull()), lit(Reasons.of(Reasons.BAD_NUMBER, name)))
          .when(value.lt(0), lit(Reasons.of(Reasons.NEGATIVE_NUMBER, name))));
      case CODE -> out.add(when(text.isNotNull().and(value.isNull()), lit(Reasons.of(Reasons.BAD_CODE, name))));
      case STRING -> { }
    }
    return out;
  }
}
