package io.creditlake.common.validation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
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
 * <p>{@link #validate} adds the typed columns under their canonical names, {@link #REASONS_COL},
 * and the silver metadata ({@link Tables#RECORD_KEY}, {@link Tables#CONTENT_HASH}, dates).
 */
public final class RowValidator {

  /** Column of a validated row holding its reasons; empty for a valid row. */
  public static final String REASONS_COL = "_reasons";
  /** Column a reader sets when a record itself is malformed (e.g. wrong field count). */
  public static final String READ_PROBLEM = "_read_problem";

  private final SourceConfig config;
  private final Source source;
  private final String maskKey;

  public RowValidator(SourceConfig config, String maskKey) {
    this.config = config;
    this.source = config.source();
    this.maskKey = maskKey == null ? "" : maskKey;
  }

  /** Full-width forms and the ideographic space, as a regex character class. */
  private static final String FULL_WIDTH_CLASS = "[\\x{3000}\\x{FF01}-\\x{FF5E}]";

  /**
   * Cleaned text: full-width folded, trimmed, empty as null. Spark's translate looks up every
   * character in a map, so it only runs on the rare values that hold a full-width character.
   */
  public static Column clean(Column raw) {
    Column folded = when(raw.rlike(FULL_WIDTH_CLASS), translate(raw, Text.FULL_WIDTH, Text.HALF_WIDTH)).otherwise(raw);
    return nullif(trim(folded), lit(""));
  }

  /** Bronze-shaped rows (canonical columns as text, metadata, {@link #READ_PROBLEM}) → typed rows with reasons. */
  public Dataset<Row> validate(Dataset<Row> bronze) {
    List<Column> typed = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    Map<String, Column> byName = new java.util.HashMap<>();
    reasons.add(when(col(READ_PROBLEM).isNotNull(), col(READ_PROBLEM)));
    for (CanonicalField f : source.fields()) {
      Column text = clean(col(f.name()));
      Column value = typedValue(f, text, reasons);
      if (config.required().contains(f.name())) {
        reasons.add(when(text.isNull(), lit(Reasons.of(Reasons.MISSING, f.name()))));
      }
      if (f.personal()) {
        value = when(value.isNotNull(), sha2(concat_ws("\u0001", lit(maskKey), value), 256));
      }
      byName.put(f.name(), value);
      typed.add(value.cast(Tables.sparkType(f)).as(f.name()));
    }
    Column eventIn = byName.get(config.eventDate());
    Column submittedIn = byName.get(config.submissionDate());
    reasons.add(when(eventIn.gt(submittedIn), lit(Reasons.EVENT_AFTER_SUBMISSION)));
    Dataset<Row> out = bronze.select(withMeta(typed, reasons))
        .withColumn(REASONS_COL, array_compact(col(REASONS_COL)));
    Column event = col(config.eventDate());
    Column submitted = col(config.submissionDate());
    return out
        .withColumn(Tables.RECORD_KEY, concat_ws("|", config.key().stream().map(k -> col(k).cast("string")).toArray(Column[]::new)))
        .withColumn(Tables.CONTENT_HASH, contentHash())
        .withColumn(Tables.EVENT_DATE, event)
        .withColumn(Tables.SUBMITTED, submitted)
        .withColumn(Tables.KNOWN_SINCE, greatest(coalesce(submitted, col(Tables.BATCH_DATE)), col(Tables.BATCH_DATE)))
        .withColumn(Tables.REPORTING_UNIT, col(config.reportingUnit()));
  }

  private Column[] withMeta(List<Column> typed, List<Column> reasons) {
    List<Column> all = new ArrayList<>(typed);
    for (String meta : List.of(Tables.SOURCE_FILE, Tables.LINE, Tables.BATCH_DATE, Tables.BATCH_ID)) {
      all.add(col(meta));
    }
    all.add(array(reasons.toArray(Column[]::new)).as(REASONS_COL));
    all.add(rawMap().as(Tables.RAW));
    return all.toArray(Column[]::new);
  }

  /** The row as read, for quarantine: canonical column → text, personal columns masked. */
  private Column rawMap() {
    List<Column> kv = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      kv.add(lit(f.name()));
      Column raw = col(f.name());
      kv.add(f.personal() ? when(raw.isNotNull(), sha2(concat_ws("\u0001", lit(maskKey), clean(raw)), 256)) : raw);
    }
    return org.apache.spark.sql.functions.map(kv.toArray(Column[]::new));
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

  private Column typedValue(CanonicalField f, Column text, List<Column> reasons) {
    String name = f.name();
    switch (f.type()) {
      case STRING:
        return text;
      case USCC: {
        Column code = upper(text);
        reasons.add(when(code.isNotNull().and(UsccSql.isLegacy(code)), lit(Reasons.of(Reasons.LEGACY_REG_NO, name)))
            .when(code.isNotNull().and(UsccSql.isValid(code).unary_$bang()), lit(Reasons.of(Reasons.BAD_USCC, name))));
        return code;
      }
      case DATE: {
        Column[] attempts = config.dateFormats().stream()
            .map(fmt -> to_date(try_to_timestamp(text, lit(fmt))))
            .toArray(Column[]::new);
        Column parsed = attempts.length == 1 ? attempts[0] : coalesce(attempts);
        reasons.add(when(text.isNotNull().and(parsed.isNull()), lit(Reasons.of(Reasons.BAD_DATE, name))));
        return parsed;
      }
      case AMOUNT: {
        Column digits = regexp_replace(text, Pattern.quote(config.thousandsSeparator()) + "|[¥￥]", "");
        Column parsed = digits.try_cast(Tables.AMOUNT);
        reasons.add(when(text.isNotNull().and(parsed.isNull()), lit(Reasons.of(Reasons.BAD_AMOUNT, name)))
            .when(parsed.lt(0), lit(Reasons.of(Reasons.NEGATIVE_AMOUNT, name))));
        return parsed;
      }
      case COUNT: {
        Column parsed = text.try_cast("int");
        reasons.add(when(text.isNotNull().and(parsed.isNull()), lit(Reasons.of(Reasons.BAD_NUMBER, name)))
            .when(parsed.lt(0), lit(Reasons.of(Reasons.NEGATIVE_NUMBER, name))));
        return parsed;
      }
      case CODE: {
        Map<String, String> labels = config.values().getOrDefault(name, Map.of());
        Column mapped = text;
        if (!labels.isEmpty()) {
          List<Column> kv = new ArrayList<>();
          labels.forEach((label, code) -> {
            kv.add(lit(Text.normalize(label)));
            kv.add(lit(code));
          });
          mapped = coalesce(try_element_at(org.apache.spark.sql.functions.map(kv.toArray(Column[]::new)), text), text);
        }
        Column known = mapped.isin(f.codes().toArray());
        reasons.add(when(mapped.isNotNull().and(known.unary_$bang()), lit(Reasons.of(Reasons.BAD_CODE, name))));
        return when(known, mapped);
      }
      default:
        throw new IllegalStateException("unhandled type " + f.type());
    }
  }
}
