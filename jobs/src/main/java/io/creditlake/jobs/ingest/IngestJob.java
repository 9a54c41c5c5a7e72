package io.creditlake.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.domain.Source;
import io.creditlake.common.errors.CreditLakeException;
import io.creditlake.common.errors.Errors;
import io.creditlake.common.errors.SourceFileException;
import io.creditlake.common.lake.DeltaTables;
import io.creditlake.common.lake.LakeLayout;
import io.creditlake.common.lake.Runs;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.spark.JobLabel;
import io.creditlake.common.spark.Names;
import io.creditlake.common.spark.Windows;
import io.creditlake.common.validation.RowValidator;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.OpsLog;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.sketch.BloomFilter;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lands the departments' files: files → {@code bronze/<source>} → {@code silver/<source>}, bad rows
 * to {@code quarantine}, one row per source in {@code ops/runs}.
 *
 * <p>Per source, for all batch dates of the run in one pass: read every file (one task per file,
 * lines kept); if any file is not the configured source, stop this source before writing anything.
 * Otherwise type and validate every row ({@link RowValidator}); rows with reasons go to quarantine.
 * Valid rows are ordered per record key with the versions already in silver (known-since date,
 * batch, file, line); a row whose content equals the version before it is an exact duplicate and
 * is dropped and counted; every other row is a new version. Rows read must equal silver +
 * quarantine + duplicates, checked against the Delta commits' own row counts.
 *
 * <p>Idempotent: each table's rows of the run's batches are replaced in one commit
 * ({@code replaceWhere} on the batch date), and versions of those batches are left out of the
 * duplicate check, so a rerun — also after a run killed halfway — leaves the same rows.
 */
public final class IngestJob implements Job<IngestResult> {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final List<String> only;
  private final boolean requireFiles;

  /** @param only source names to ingest; empty for every configured source */
  public IngestJob(List<String> only) {
    this(only, true);
  }

  /**
   * @param only the sources to ingest; empty means all configured
   * @param requireFiles whether a night with no file from any source is an error (a wrong
   *     {@code --input} or date, for a user running {@code ingest}); {@code run} says false and
   *     reports the deliveries it expected instead
   */
  public IngestJob(List<String> only, boolean requireFiles) {
    this.only = List.copyOf(only);
    this.requireFiles = requireFiles;
  }

  @Override
  public IngestResult run(SparkSession spark, JobContext ctx) {
    long t0 = System.nanoTime();
    for (String name : only) {
      if (ctx.config().source(name).isEmpty()) {
        throw new CreditLakeException("--source: no source '" + name + "' in the configuration; configured: "
            + ctx.config().sources().stream().map(SourceConfig::name).toList());
      }
    }
    if (ctx.config().masking().key() == null || ctx.config().masking().key().isBlank()) {
      LOG.warn("masking.key is empty (CREDITLAKE_MASK_KEY not set): personal data is masked with an unkeyed hash, "
          + "which a list of names can reverse; set the key for real data");
    }
    ensureTables(spark, ctx.lake());
    List<SourceConfig> sources = ctx.config().sources().stream()
        .filter(s -> only.isEmpty() || only.contains(s.name())).toList();
    int threads = Math.min(ctx.config().ingest().parallelSources(), sources.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "creditlake-ingest");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<IngestResult.SourceResult>> futures = new ArrayList<>();
      for (SourceConfig source : sources) {
        futures.add(pool.submit(() -> ingestSource(spark, ctx, source)));
      }
      List<IngestResult.SourceResult> results = new ArrayList<>();
      RuntimeException firstBug = null;
      for (Future<IngestResult.SourceResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          RuntimeException bug = Errors.unchecked(e.getCause());
          firstBug = firstBug == null ? bug : firstBug;
        }
      }
      if (firstBug != null) {
        throw firstBug;
      }
      if (requireFiles && results.stream().allMatch(r -> r.error() == null && r.files() == 0)) {
        // no source has a file: the input folder or the dates are wrong, not the departments
        throw Errors.noFiles(ctx.settings().input(), ctx.dateLabel());
      }
      return new IngestResult(ctx.runId(), ctx.from(), ctx.to(), results, (System.nanoTime() - t0) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      spark.sparkContext().cancelJobGroup(ctx.runId());
      throw new CreditLakeException("ingest interrupted; rerun the same dates to finish (reruns replace, never duplicate)");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates every table ingest writes, with the pinned protocol, if missing. */
  public static void ensureTables(SparkSession spark, LakeLayout lake) {
    for (Source s : Source.values()) {
      DeltaTables.ensure(spark, lake.bronze(s), Tables.bronze(s), s.id() + " records as read, with file and line");
      DeltaTables.ensure(spark, lake.silver(s), Tables.silver(s), s.id() + " records typed and validated; every version kept");
    }
    DeltaTables.ensure(spark, lake.quarantine(), Tables.quarantine(), "rows that failed validation, with every reason",
        Tables.SOURCE);
    OpsLog.ensure(spark, lake);
  }

  /**
   * One source, recorded in {@code ops/runs} whatever happens. A bad file fails just this source;
   * anything else (a bug, a broken conservation check) is recorded and then fails the job.
   */
  private IngestResult.SourceResult ingestSource(SparkSession spark, JobContext ctx, SourceConfig source) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    String label = "ingest " + source.name() + " " + ctx.dateLabel();
    LOG.info("{}: reading files under {}", label, ctx.settings().input());
    try {
      IngestResult.SourceResult result = JobLabel.with(spark, ctx.runId(), label, () -> ingest(spark, ctx, source, t0));
      OpsLog.append(spark, ctx, "ingest", source.name(), started, result);
      return result;
    } catch (Exception e) { // also Spark's checked SparkException, which Scala code throws undeclared
      SourceFileException bad = Errors.find(e, SourceFileException.class);
      if (bad != null) {
        // thrown here: the check found it before anything was written; wrapped by Spark: a file that
        // passed the check broke before a task read it again (SourceFiles.readChecked)
        LOG.error("{}: {} — {}", label, bad.getMessage(), bad == e ? "nothing of this source was written"
            : "the file changed after it was checked; this source stopped, and a rerun of the same dates "
                + "replaces whatever of it was written");
        IngestResult.SourceResult failed = failed(source, bad, t0);
        OpsLog.append(spark, ctx, "ingest", source.name(), started, failed);
        return failed;
      }
      RuntimeException bug = Errors.unchecked(e);
      OpsLog.append(spark, ctx, "ingest", source.name(), started, failed(source, bug, t0));
      throw bug;
    }
  }

  private static IngestResult.SourceResult failed(SourceConfig source, RuntimeException e, long t0) {
    return new IngestResult.SourceResult(source.name(), Runs.FAILED, 0, 0, 0, 0, 0, Map.of(), List.of(),
        Map.of(), e.getMessage(), (System.nanoTime() - t0) / 1_000_000);
  }

  private IngestResult.SourceResult ingest(SparkSession spark, JobContext ctx, SourceConfig source, long t0) {
    LakeLayout lake = ctx.lake();
    Source src = source.source();
    List<SourceFiles.FileTask> files = SourceFiles.list(spark, source, ctx.settings().input(), ctx.dates());
    if (files.isEmpty()) {
      LOG.info("{} {}: no files delivered for these dates under {}; nothing to ingest", source.name(), ctx.dateLabel(),
          ctx.settings().input());
      return new IngestResult.SourceResult(source.name(), Runs.SUCCEEDED, 0, 0, 0, 0, 0, Map.of(), List.of(), Map.of(),
          null, ms(t0));
    }
    Dataset<Row> raw = SourceFiles.readChecked(spark, source, files);
    try {
      LOG.info("{} {}: {} files read and checked in {} ms", source.name(), ctx.dateLabel(), files.size(), ms(t0));
      String batchRange = Tables.BATCH_DATE + " >= '" + ctx.from() + "' AND " + Tables.BATCH_DATE + " <= '" + ctx.to() + "'";
      Timestamp now = Timestamp.from(Instant.now());

      Dataset<Row> bronze = raw.withColumn(Tables.RUN_ID, lit(ctx.runId())).withColumn(Tables.INGEST_TIME, lit(now))
          .select(columns(Tables.bronze(src).fieldNames()));
      DeltaTables.Commit bronzeCommit = DeltaTables.replace(bronze, lake.bronze(src), batchRange);
      LOG.info("{} {}: bronze v{} ({} rows) at {} ms", source.name(), ctx.dateLabel(), bronzeCommit.version(),
          bronzeCommit.rowsWritten(), ms(t0));

      // validated once, then read by the counts, the duplicate check (Bloom filter and window),
      // quarantine and silver
      Dataset<Row> validated = new RowValidator(source, ctx.config().masking().key()).validate(raw)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> duplicates = null;
      try {
        Map<LocalDate, long[]> perBatch = new TreeMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        long valid = countValidated(validated, perBatch, reasons);
        duplicates = duplicates(spark, lake.silver(src), batchRange, validated, valid)
            .persist(StorageLevel.MEMORY_AND_DISK());
        countDuplicates(duplicates, perBatch);
        raw.unpersist();
        LOG.info("{} {}: validated and deduplicated at {} ms", source.name(), ctx.dateLabel(), ms(t0));

        Dataset<Row> quarantine = validated.filter(size(col(RowValidator.REASONS_COL)).gt(0))
            .withColumn(Tables.SOURCE, lit(source.name()))
            .withColumnRenamed(RowValidator.REASONS_COL, Tables.REASONS)
            .withColumn(Tables.RUN_ID, lit(ctx.runId())).withColumn(Tables.INGEST_TIME, lit(now))
            .select(columns(Tables.quarantine().fieldNames()));
        DeltaTables.Commit quarantineCommit = DeltaTables.replace(quarantine, lake.quarantine(),
            Tables.SOURCE + " = '" + source.name() + "' AND " + batchRange);
        LOG.info("{} {}: quarantine v{} ({} rows) at {} ms", source.name(), ctx.dateLabel(), quarantineCommit.version(),
            quarantineCommit.rowsWritten(), ms(t0));

        // a backfill's duplicates are few (0.5 %): their (file, line) are broadcast and the wide rows
        // are not shuffled. A night's re-export can be most of its rows (59 % at 1/16, ~1.7 M at
        // full scale): then Spark sort-merges, as the window over wide rows did before
        Dataset<Row> silver = validated.filter(size(col(RowValidator.REASONS_COL)).equalTo(0))
            .join(duplicates.select(Tables.SOURCE_FILE, Tables.LINE), Names.seq(Tables.SOURCE_FILE, Tables.LINE), "left_anti")
            .withColumn(Tables.RUN_ID, lit(ctx.runId())).withColumn(Tables.INGEST_TIME, lit(now))
            .select(columns(Tables.silver(src).fieldNames()));
        DeltaTables.Commit silverCommit = DeltaTables.replace(silver, lake.silver(src), batchRange);

        List<IngestResult.BatchCounts> batches = new ArrayList<>();
        long dup = 0;
        for (Map.Entry<LocalDate, long[]> e : perBatch.entrySet()) {
          long[] c = e.getValue();
          batches.add(new IngestResult.BatchCounts(e.getKey(), c[0] + c[1] + c[2], c[0], c[1], c[2]));
          dup += c[2];
        }
        long read = bronzeCommit.rowsWritten();
        if (read != silverCommit.rowsWritten() + quarantineCommit.rowsWritten() + dup) {
          throw Errors.conservation(source.name(), ctx.dateLabel(), read, silverCommit.rowsWritten(),
              quarantineCommit.rowsWritten(), dup);
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        versions.put("bronze/" + src.id(), bronzeCommit.version());
        versions.put("silver/" + src.id(), silverCommit.version());
        versions.put("quarantine", quarantineCommit.version());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("ingest {} {}: {} files, {} rows read → {} silver, {} quarantined, {} duplicates in {} ms ({} rows/s)",
            source.name(), ctx.dateLabel(), files.size(), read, silverCommit.rowsWritten(), quarantineCommit.rowsWritten(),
            dup, ms, ms == 0 ? read : read * 1000 / ms);
        return new IngestResult.SourceResult(source.name(), Runs.SUCCEEDED, files.size(), read,
            silverCommit.rowsWritten(), quarantineCommit.rowsWritten(), dup, reasons, batches, versions, null, ms);
      } finally {
        if (duplicates != null) {
          duplicates.unpersist();
        }
        validated.unpersist();
      }
    } finally {
      raw.unpersist();
    }
  }

  /**
   * The valid rows that are exact duplicates — same content as the version before them under the
   * same record key — as their batch date, file and line. Versions are ordered on a narrow
   * projection (key, hash and order columns), with the versions already in silver of the keys
   * this batch touches, except those of the batches being replaced.
   *
   * <p>Silver's versions are picked by a Bloom filter of the batch's keys, built on the driver
   * and broadcast, rather than a semi-join: the join shuffled and sorted every version in silver
   * (7.8 M at a quarter of the reference scale, for a night of 650 K tax rows) to keep the 1 M
   * whose keys the night touches. A key the filter lets through by mistake (1 in 100) only adds
   * its versions to the window, where they are never new and so never a duplicate.
   *
   * <p>{@code valid} is the number of {@code validated}'s rows without reasons; it sizes the filter.
   */
  static Dataset<Row> duplicates(SparkSession spark, String silverPath, String batchRange, Dataset<Row> validated,
      long valid) {
    String isNew = "_is_new";
    Column[] narrow = {col(Tables.RECORD_KEY), col(Tables.CONTENT_HASH), col(Tables.KNOWN_SINCE), col(Tables.BATCH_DATE),
        col(Tables.SOURCE_FILE), col(Tables.LINE)};
    Dataset<Row> good = validated.filter(size(col(RowValidator.REASONS_COL)).equalTo(0)).select(narrow);
    Dataset<Row> existing = spark.read().format("delta").load(silverPath)
        .filter("NOT (" + batchRange + ")")
        .select(narrow);
    // a first load has nothing outside its range (found from the files' batch-date statistics)
    if (!existing.isEmpty()) {
      existing = existing.filter(mightContain(spark, good, Tables.RECORD_KEY, valid).apply(col(Tables.RECORD_KEY)));
    }
    existing = existing.withColumn(isNew, lit(false));
    WindowSpec byKey = Windows.partitionBy(Tables.RECORD_KEY)
        .orderBy(Tables.versionOrder());
    return good.withColumn(isNew, lit(true))
        .unionByName(existing)
        .withColumn("_previous_hash", lag(col(Tables.CONTENT_HASH), 1).over(byKey))
        .filter(col(isNew).and(col("_previous_hash").eqNullSafe(col(Tables.CONTENT_HASH))))
        .select(Tables.BATCH_DATE, Tables.SOURCE_FILE, Tables.LINE);
  }

  /**
   * A predicate on a string column: whether the value may be one of {@code keys}' values in
   * {@code column} (Bloom filter, 1 % false positives, never a false negative). {@code n} is the
   * number of {@code keys}' rows, which the caller has counted already; it sizes the filter.
   */
  static UserDefinedFunction mightContain(SparkSession spark, Dataset<Row> keys, String column, long n) {
    if (n == 0) { // Spark's sketch of no rows is null, not an empty filter
      return udf((UDF1<String, Boolean>) k -> false, DataTypes.BooleanType);
    }
    BloomFilter filter = keys.stat().bloomFilter(column, n, 0.01);
    // released with the job's other broadcasts when the Dataset that uses it is gone
    Broadcast<BloomFilter> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(filter);
    return udf((UDF1<String, Boolean>) k -> k != null && shared.value().mightContainString(k), DataTypes.BooleanType);
  }

  /**
   * Per batch date {valid, quarantined, 0}, and per reason the quarantined rows carrying it, in one
   * pass over the validated rows; returns the valid rows. {@link #countDuplicates} then moves the
   * duplicates out of the valid ones.
   */
  private static long countValidated(Dataset<Row> validated, Map<LocalDate, long[]> perBatch,
      Map<String, Long> reasons) {
    long valid = 0;
    for (Row r : validated.groupBy(col(Tables.BATCH_DATE), col(RowValidator.REASONS_COL)).count().collectAsList()) {
      long n = r.getLong(2);
      long[] c = perBatch.computeIfAbsent(r.getDate(0).toLocalDate(), d -> new long[3]);
      List<String> why = r.getList(1);
      if (why.isEmpty()) {
        c[0] += n;
        valid += n;
      } else {
        c[1] += n;
      }
      for (String reason : why) {
        reasons.merge(reason, n, Long::sum);
      }
    }
    return valid;
  }

  /** Per batch date, the duplicates moved from valid (silver) to duplicate. */
  private static void countDuplicates(Dataset<Row> duplicates, Map<LocalDate, long[]> perBatch) {
    for (Row r : duplicates.groupBy(col(Tables.BATCH_DATE)).count().collectAsList()) {
      long[] c = perBatch.computeIfAbsent(r.getDate(0).toLocalDate(), d -> new long[3]);
      c[0] -= r.getLong(1);
      c[2] += r.getLong(1);
    }
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static Column[] columns(String[] names) {
    return Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}
