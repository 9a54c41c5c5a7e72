package io.creditlake.common.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.creditlake.common.domain.CanonicalField;
import io.creditlake.common.domain.Source;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The lake's tables up to silver, declared once: column names and schemas. Metadata columns
 * start with an underscore so they never clash with a source's canonical columns.
 */
public final class Tables {

  private Tables() {}

  /** Amounts: yuan with fen, up to 10^18. */
  public static final DataType AMOUNT = DataTypes.createDecimalType(20, 2);

  // Metadata shared by bronze, silver and quarantine.
  public static final String SOURCE_FILE = "_source_file";
  /** Line the record starts on in its file (or its ordinal where a format has no lines). */
  public static final String LINE = "_line";
  public static final String BATCH_DATE = "_batch_date";
  /** {@code <source>/<batch date>}: the same batch always has the same id, so reruns replace it. */
  public static final String BATCH_ID = "_batch_id";
  public static final String RUN_ID = "_run_id";
  public static final String INGEST_TIME = "_ingest_time";

  // Silver only.
  public static final String RECORD_KEY = "_record_key";
  public static final String CONTENT_HASH = "_content_hash";
  public static final String EVENT_DATE = "_event_date";
  public static final String SUBMITTED = "_submitted";
  /** Later of the submission date and the batch date: when the lake could first know it. */
  public static final String KNOWN_SINCE = "_known_since";
  public static final String REPORTING_UNIT = "_reporting_unit";

  // Quarantine only.
  public static final String SOURCE = "source";
  public static final String RAW = "raw";
  public static final String REASONS = "reasons";

  private static List<StructField> batchMeta() {
    return List.of(
        DataTypes.createStructField(SOURCE_FILE, StringType, false),
        DataTypes.createStructField(LINE, LongType, false),
        DataTypes.createStructField(BATCH_DATE, DateType, false),
        DataTypes.createStructField(BATCH_ID, StringType, false),
        DataTypes.createStructField(RUN_ID, StringType, false),
        DataTypes.createStructField(INGEST_TIME, TimestampType, false));
  }

  /** Bronze: every canonical column as the text that was read, plus where it came from. */
  public static StructType bronze(Source source) {
    List<StructField> fields = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      fields.add(DataTypes.createStructField(f.name(), StringType, true));
    }
    fields.addAll(batchMeta());
    return DataTypes.createStructType(fields);
  }

  /** Silver: typed canonical columns (personal ones masked), versioning and lineage. */
  public static StructType silver(Source source) {
    List<StructField> fields = new ArrayList<>();
    for (CanonicalField f : source.fields()) {
      fields.add(DataTypes.createStructField(f.name(), sparkType(f), true));
    }
    fields.add(DataTypes.createStructField(RECORD_KEY, StringType, false));
    fields.add(DataTypes.createStructField(CONTENT_HASH, LongType, false));
    fields.add(DataTypes.createStructField(EVENT_DATE, DateType, true));
    fields.add(DataTypes.createStructField(SUBMITTED, DateType, true));
    fields.add(DataTypes.createStructField(KNOWN_SINCE, DateType, false));
    fields.add(DataTypes.createStructField(REPORTING_UNIT, StringType, true));
    fields.addAll(batchMeta());
    return DataTypes.createStructType(fields);
  }

  /** Quarantine: one table for all sources; raw values by canonical column, and every reason. */
  public static StructType quarantine() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(SOURCE, StringType, false));
    fields.add(DataTypes.createStructField(RAW, DataTypes.createMapType(StringType, StringType, true), false));
    fields.add(DataTypes.createStructField(REASONS, DataTypes.createArrayType(StringType, false), false));
    fields.addAll(batchMeta());
    return DataTypes.createStructType(fields);
  }

  public static DataType sparkType(CanonicalField f) {
    return switch (f.type()) {
      case STRING, USCC, CODE -> StringType;
      case DATE -> DateType;
      case AMOUNT -> AMOUNT;
      case COUNT -> IntegerType;
    };
  }

  /**
   * The order in which a record's versions replace one another: known since, then batch date,
   * file and line (silver's order; {@code ProfileSweep.VERSION_ORDER} repeats it in Java).
   */
  public static Column[] versionOrder() {
    return new Column[] {col(KNOWN_SINCE), col(BATCH_DATE), col(SOURCE_FILE), col(LINE)};
  }

  /** {@link #versionOrder()} reversed: a record's latest version first. */
  public static Column[] latestVersionFirst() {
    return java.util.Arrays.stream(versionOrder()).map(Column::desc).toArray(Column[]::new);
  }
}
