package io.creditlake.jobs;

import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Runs;
import io.creditlake.jobs.ingest.IngestResult;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Appends to {@code ops/runs}: one row per job run and source, whatever the outcome. */
public final class OpsLog {

  private OpsLog() {}

  public static void ensure(SparkSession spark, LakeLayout lake) {
    DeltaTables.ensure(spark, lake.runs(), Runs.SCHEMA, "one row per job run and source: counts, status, duration, table versions");
  }

  public static void append(SparkSession spark, JobContext ctx, String job, String source, Instant started,
      IngestResult.SourceResult r) {
    append(spark, ctx, job, source, started, r.status(), r.rowsRead(), r.rowsSilver(), r.rowsQuarantined(),
        r.rowsDuplicate(), r.error(), r.durationMs(), r.tableVersions());
  }

  /** One row: what a job did for a source (or {@code all}), succeeded or not. */
  public static void append(SparkSession spark, JobContext ctx, String job, String source, Instant started,
      String status, long rowsRead, long rowsWritten, long rowsQuarantined, long rowsDuplicate, String message,
      long durationMs, Map<String, Long> tableVersions) {
    write(spark, ctx, List.of(row(ctx, job, source, started, status, rowsRead, rowsWritten, rowsQuarantined,
        rowsDuplicate, message, durationMs, tableVersions)));
  }

  /** A row of {@code ops/runs}, for {@link #write}: several in one commit. */
  public static Row row(JobContext ctx, String job, String source, Instant started, String status, long rowsRead,
      long rowsWritten, long rowsQuarantined, long rowsDuplicate, String message, long durationMs,
      Map<String, Long> tableVersions) {
    return RowFactory.create(ctx.runId(), job, Date.valueOf(ctx.from()), Date.valueOf(ctx.to()), source,
        status, rowsRead, rowsWritten, rowsQuarantined, rowsDuplicate, message,
        Timestamp.from(started), durationMs, scala.jdk.javaapi.CollectionConverters.asScala(tableVersions));
  }

  /** Appends the rows in one Delta commit. */
  public static void write(SparkSession spark, JobContext ctx, List<Row> rows) {
    spark.createDataFrame(rows, Runs.SCHEMA).write().format("delta").mode("append").save(ctx.lake().runs());
  }
}
