package io.creditlake.common.lake;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code ops/runs}: one row per job run and source — what ran, on what, with what outcome. */
public final class Runs {

  public static final String RUN_ID = "run_id";
  public static final String JOB = "job";
  public static final String DATE_FROM = "date_from";
  public static final String DATE_TO = "date_to";
  public static final String SOURCE = "source";
  public static final String STATUS = "status";
  public static final String ROWS_READ = "rows_read";
  public static final String ROWS_WRITTEN = "rows_written";
  public static final String ROWS_QUARANTINED = "rows_quarantined";
  public static final String ROWS_DUPLICATE = "rows_duplicate";
  public static final String MESSAGE = "message";
  public static final String STARTED_AT = "started_at";
  public static final String DURATION_MS = "duration_ms";
  public static final String TABLE_VERSIONS = "table_versions";

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  /** A step of {@code run} that had nothing to do (no model yet, not a training night…). */
  public static final String SKIPPED = "SKIPPED";

  public static final StructType SCHEMA = DataTypes.createStructType(new org.apache.spark.sql.types.StructField[] {
      DataTypes.createStructField(RUN_ID, StringType, false),
      DataTypes.createStructField(JOB, StringType, false),
      DataTypes.createStructField(DATE_FROM, DateType, true),
      DataTypes.createStructField(DATE_TO, DateType, true),
      DataTypes.createStructField(SOURCE, StringType, true),
      DataTypes.createStructField(STATUS, StringType, false),
      DataTypes.createStructField(ROWS_READ, LongType, true),
      DataTypes.createStructField(ROWS_WRITTEN, LongType, true),
      DataTypes.createStructField(ROWS_QUARANTINED, LongType, true),
      DataTypes.createStructField(ROWS_DUPLICATE, LongType, true),
      DataTypes.createStructField(MESSAGE, StringType, true),
      DataTypes.createStructField(STARTED_AT, TimestampType, false),
      DataTypes.createStructField(DURATION_MS, LongType, false),
      DataTypes.createStructField(TABLE_VERSIONS, DataTypes.createMapType(StringType, LongType, false), true)});

  private Runs() {}
}
