package io.creditlake.jobs.maintain;

import io.creditlake.common.config.MaintainSettings;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.domain.Source;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPTIMIZE and VACUUM of every Delta table in the lake: compaction of the many small files that
 * nightly appends leave (Z-ordered by the business code where the table has one), then removal
 * of files no version younger than the retention uses. The retention comes from
 * {@code maintain.retentionHours}; shorter than Delta's safety default (7 days) only with
 * {@code force}, because a reader or time travel inside that window would find its files gone.
 */
public final class MaintainJob implements Job<MaintainResult> {

  private static final Logger LOG = LoggerFactory.getLogger(MaintainJob.class);

  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

  private final Integer retentionOption;
  private final boolean dryRun;
  private final boolean force;

  /**
   * @param retentionHours overrides {@code maintain.retentionHours}, or null
   * @param dryRun list what would be compacted and removed; change nothing
   * @param force allow a retention shorter than Delta's safety default
   */
  public MaintainJob(Integer retentionHours, boolean dryRun, boolean force) {
    this.retentionOption = retentionHours;
    this.dryRun = dryRun;
    this.force = force;
  }

  @Override
  public MaintainResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    MaintainSettings settings = ctx.config().maintain();
    int retention = retentionOption != null ? retentionOption : settings.retentionHours();
    if (retention < 0) {
      throw new CreditLakeException("--retention-hours must be ≥ 0, got: " + retention);
    }
    if (retention < MaintainSettings.DELTA_SAFETY_HOURS && !force) {
      throw new CreditLakeException("a retention of " + retention + " hours is shorter than Delta's safety default of "
          + MaintainSettings.DELTA_SAFETY_HOURS + " hours: a running reader or a time travel within it would lose its "
          + "files. Give --force if no job reads the lake meanwhile, or raise maintain.retentionHours in conf/");
    }
    List<String> tables = tables(spark, ctx.lake().root());
    LOG.info("maintain {}: {} tables, retention {} h{}", ctx.lake(), tables.size(), retention, dryRun ? " (dry run)" : "");
    List<MaintainResult.TableResult> out = new ArrayList<>();
    String previousCheck = spark.conf().get(RETENTION_CHECK, "true");
    String previousListing = spark.conf().get(LISTING_PARALLELISM, "10000");
    if (force) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    // VACUUM lists a table's folders in this many tasks: Spark's default of 10,000 made VACUUM of
    // a small table take 30-60 s on 2 cores (measured); a few tasks per core lists a lake's
    // tables as fast, on S3 too (one paged LIST per folder)
    spark.conf().set(LISTING_PARALLELISM, String.valueOf(Math.max(8, spark.sparkContext().defaultParallelism() * 4)));
    try {
      for (String relative : tables) {
        out.add(JobLabel.with(spark, ctx.runId(), "maintain " + relative, () ->
            table(spark, ctx.lake().root() + "/" + relative, relative, settings.zorder(), retention)));
      }
    } finally {
      spark.conf().set(RETENTION_CHECK, previousCheck);
      spark.conf().set(LISTING_PARALLELISM, previousListing);
    }
    return new MaintainResult(ctx.runId(), dryRun, retention, out, (System.nanoTime() - t0) / 1_000_000);
  }

  private MaintainResult.TableResult table(SparkSession spark, String path, String relative, boolean zorder,
      int retention) {
    long t0 = System.nanoTime();
    DeltaTable table = DeltaTable.forPath(spark, path);
    Row detail = table.detail().select("numFiles", "sizeInBytes").first();
    long files = detail.getLong(0);
    long bytes = detail.getLong(1);
    String by = zorder && Arrays.asList(table.toDF().columns()).contains(Source.Col.USCC) ? Source.Col.USCC : null;
    long after = files;
    if (!dryRun && files > 1) {
      var optimize = table.optimize();
      if (by != null) {
        optimize.executeZOrderBy(by);
      } else {
        optimize.executeCompaction();
      }
      after = DeltaTable.forPath(spark, path).detail().select("numFiles").first().getLong(0);
    }
    String sql = "VACUUM delta.`" + path + "` RETAIN " + retention + " HOURS" + (dryRun ? " DRY RUN" : "");
    long vacuumed = spark.sql(sql).count();
    if (!dryRun) {
      // VACUUM returns the table path, not the files: count them from its commit's metrics
      vacuumed = lastVacuumDeleted(table);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    LOG.info("maintain {}: {} → {} files ({} MB){}, vacuum {} {} files, {} ms", relative, files, after,
        bytes >> 20, by == null ? "" : " z-ordered by " + by, dryRun ? "would remove" : "removed", vacuumed, ms);
    return new MaintainResult.TableResult(relative, files, bytes, after, by, vacuumed, ms);
  }

  private static long lastVacuumDeleted(DeltaTable table) {
    List<Row> ends = table.history(3).filter("operation = 'VACUUM END'").select("operationMetrics").collectAsList();
    if (ends.isEmpty() || ends.get(0).isNullAt(0)) {
      return 0;
    }
    scala.collection.Map<String, String> m = ends.get(0).getMap(0);
    return m.get("numDeletedFiles").map(Long::parseLong).getOrElse(() -> 0L);
  }

  /** Every Delta table up to two levels under the root ({@code quarantine}, {@code silver/tax}), sorted. */
  static List<String> tables(SparkSession spark, String root) {
    List<String> out = new ArrayList<>();
    try {
      Path base = new Path(root);
      FileSystem fs = base.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(base)) {
        throw new CreditLakeException("no lake at " + root + "; check --lake or the configuration's 'lake'");
      }
      for (FileStatus first : fs.listStatus(base)) {
        if (!first.isDirectory() || first.getPath().getName().startsWith(".")) {
          continue;
        }
        String name = first.getPath().getName();
        if (fs.exists(new Path(first.getPath(), "_delta_log"))) {
          out.add(name);
          continue;
        }
        for (FileStatus second : fs.listStatus(first.getPath())) {
          if (second.isDirectory() && fs.exists(new Path(second.getPath(), "_delta_log"))) {
            out.add(name + "/" + second.getPath().getName());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(null);
    return out;
  }
}
