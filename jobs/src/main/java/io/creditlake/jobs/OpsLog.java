package io.creditlake.jobs;

import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Runs;
import io.creditlake.jobs.ingest.IngestResult;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
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
    var row = RowFactory.create(ctx.runId(), job, Date.valueOf(ctx.from()), Date.valueOf(ctx.to()), source,
        r.status(), r.rowsRead(), r.rowsSilver(), r.rowsQuarantined(), r.rowsDuplicate(), r.error(),
        Timestamp.from(started), r.durationMs(), scala.jdk.javaapi.CollectionConverters.asScala(r.tableVersions()));
    spark.createDataFrame(List.of(row), Runs.SCHEMA).write().format("delta").mode("append").save(ctx.lake().runs());
  }
}
