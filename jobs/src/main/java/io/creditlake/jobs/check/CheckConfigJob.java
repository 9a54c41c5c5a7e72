package io.creditlake.jobs.check;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.size;

import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.errors.Errors;
import io.creditlake.common.errors.SourceFileException;
import io.creditlake.common.lake.Tables;
import io.creditlake.common.validation.RowValidator;
import io.creditlake.jobs.Job;
import io.creditlake.jobs.JobContext;
import io.creditlake.jobs.ingest.SourceFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Dry run of one day's files against the configuration: for each source, finds the files, checks
 * their encoding and header, and validates every row exactly as ingest would — writing nothing,
 * not even empty tables. Reports counts, reasons and a sample of failing rows with file and line.
 */
public final class CheckConfigJob implements Job<CheckConfigJob.Result> {

  /** Failing rows shown per source. */
  public static final int SAMPLE = 5;

  /** @param sources one per configured source */
  public record Result(List<SourceCheck> sources) {
    public boolean ok() {
      return sources.stream().allMatch(s -> s.error() == null);
    }
  }

  /**
   * @param source source name
   * @param files files found
   * @param rows rows read
   * @param valid rows that would reach silver (before duplicate removal)
   * @param quarantined rows that would be quarantined
   * @param reasons reason → rows
   * @param sample a few failing rows: "file:line reason,reason"
   * @param error why the files cannot be this source, or null
   */
  public record SourceCheck(String source, int files, long rows, long valid, long quarantined,
      Map<String, Long> reasons, List<String> sample, String error) {}

  @Override
  public Result run(SparkSession spark, JobContext ctx) {
    List<SourceCheck> out = new ArrayList<>();
    for (SourceConfig s : ctx.config().sources()) {
      try {
        out.add(check(spark, ctx, s));
      } catch (Exception e) { // also Spark's SparkException, which Scala code throws undeclared
        // thrown here: the first read found the file bad; wrapped by Spark: a task reading it again
        // found it bad (it changed) or could not read it (a transient error on a remote store)
        SourceFileException bad = Errors.find(e, SourceFileException.class);
        if (bad == null) {
          throw Errors.unchecked(e);
        }
        out.add(new SourceCheck(s.name(), 0, 0, 0, 0, Map.of(), List.of(), bad == e ? bad.getMessage()
            : bad.getMessage() + " (found when the check read the file again: it changed or could not be read "
                + "again while it was being checked; check again once it is complete)"));
      }
    }
    return new Result(out);
  }

  private SourceCheck check(SparkSession spark, JobContext ctx, SourceConfig s) {
    List<SourceFiles.FileTask> files = SourceFiles.list(spark, s, ctx.settings().input(), ctx.dates());
    if (files.isEmpty()) {
      return new SourceCheck(s.name(), 0, 0, 0, 0, Map.of(), List.of(), null);
    }
    Dataset<Row> raw = SourceFiles.readChecked(spark, s, files);
    try {
      Dataset<Row> validated = new RowValidator(s, ctx.config().masking().key()).validate(raw)
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Dataset<Row> bad = validated.filter(size(col(RowValidator.REASONS_COL)).gt(0));
        long rows = validated.count();
        long quarantined = bad.count();
        Map<String, Long> reasons = new TreeMap<>();
        bad.select(explode(col(RowValidator.REASONS_COL)).as("r")).groupBy("r").count().collectAsList()
            .forEach(r -> reasons.put(r.getString(0), r.getLong(1)));
        List<String> sample = new ArrayList<>();
        bad.orderBy(Tables.SOURCE_FILE, Tables.LINE).limit(SAMPLE).collectAsList().forEach(r -> sample.add(
            r.getString(r.fieldIndex(Tables.SOURCE_FILE)) + ":" + r.getLong(r.fieldIndex(Tables.LINE)) + " "
                + String.join(",", r.<String>getList(r.fieldIndex(RowValidator.REASONS_COL)))));
        return new SourceCheck(s.name(), files.size(), rows, rows - quarantined, quarantined, reasons, sample, null);
      } finally {
        validated.unpersist();
      }
    } finally {
      raw.unpersist();
    }
  }
}
