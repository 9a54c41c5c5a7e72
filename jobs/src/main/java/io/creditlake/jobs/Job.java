package io.creditlake.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * A CreditLake job: reads from the lake (or input files), writes to it, and returns an
 * immutable result record — rows read, written and rejected, table versions, timings. Jobs
 * take the active session; they never build one or set a master.
 *
 * @param <R> the result record, printed as JSON with {@code --json}
 */
public interface Job<R> {
  R run(SparkSession spark, JobContext ctx);
}
