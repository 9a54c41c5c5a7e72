package io.creditlake.jobs.run;

import io.creditlake.common.config.RunSettings;
import io.creditlake.common.config.SourceConfig;
import io.creditlake.common.errors.Errors;
import io.creditlake.jobs.JobContext;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * The files the departments owe ({@code run.deliveries}) that did not arrive. A file owed on day
 * X counts as delivered if one matching its pattern is in a batch folder from X up to the day
 * before its next due day (a late file is late, not missing) — within the dates processed.
 */
final class Deliveries {

  private Deliveries() {}

  /** One alert per owed file pattern that is missing on one or more of its due days. */
  static List<RunResult.Alert> missing(SparkSession spark, JobContext ctx, List<String> sources) {
    Map<String, TreeMap<LocalDate, List<String>>> delivered = new HashMap<>();
    List<RunResult.Alert> alerts = new ArrayList<>();
    for (RunSettings.Delivery d : ctx.config().run().deliveries()) {
      SourceConfig source = ctx.config().source(d.source()).orElse(null);
      if (source == null || !sources.contains(d.source()) || !source.path().contains("{date}/")) {
        continue;
      }
      TreeMap<LocalDate, List<String>> files = delivered.computeIfAbsent(d.source(), k -> list(spark, ctx, source));
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + d.files());
      List<LocalDate> due = ctx.dates().stream().filter(d::dueOn).toList();
      List<LocalDate> absent = new ArrayList<>();
      for (int i = 0; i < due.size(); i++) {
        LocalDate until = i + 1 < due.size() ? due.get(i + 1) : ctx.to().plusDays(1);
        boolean arrived = files.subMap(due.get(i), until).values().stream().flatMap(List::stream)
            .anyMatch(n -> matcher.matches(Paths.get(n)));
        if (!arrived) {
          absent.add(due.get(i));
        }
      }
      if (!absent.isEmpty()) {
        String days = absent.stream().limit(5).map(LocalDate::toString).collect(Collectors.joining(", "))
            + (absent.size() > 5 ? " and " + (absent.size() - 5) + " more" : "");
        alerts.add(new RunResult.Alert("MISSING_FILE", d.source(), String.format(
            "%s: no file %s arrived for %d of its %d due day(s): %s (looked under %s). When it comes, rerun "
                + "'creditlake run' for the day it lands in.", d.source(), d.files(), absent.size(), due.size(), days,
            ctx.settings().input() + "/" + source.pathFor(absent.get(0)))));
      }
    }
    return alerts;
  }

  /**
   * Runs of at most this many days list each day's folder; longer ones list the source's folder
   * once, recursively (on S3 one paged LIST rather than one per day). A night listing the whole
   * tree spent 6 s on it at 1/16 scale, on local disk, for 1,100 folders it did not need.
   */
  static final int PER_DAY_LISTING_MAX_DAYS = 62;

  /** The source's files (names) by batch date within the run's dates. */
  private static TreeMap<LocalDate, List<String>> list(SparkSession spark, JobContext ctx, SourceConfig source) {
    String prefix = source.path().substring(0, source.path().indexOf("{date}"));
    Path root = new Path(ctx.settings().input() + "/" + prefix);
    TreeMap<LocalDate, List<String>> out = new TreeMap<>();
    try {
      var fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (ctx.dates().size() <= PER_DAY_LISTING_MAX_DAYS) {
        for (LocalDate day : ctx.dates()) {
          Path dir = new Path(root, day.toString());
          if (fs.exists(dir)) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
              out.computeIfAbsent(day, k -> new ArrayList<>()).add(it.next().getPath().getName());
            }
          }
        }
        return out;
      }
      if (!fs.exists(root)) {
        return out;
      }
      String base = fs.getFileStatus(root).getPath().toString();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        String rel = p.toString().substring(Math.min(base.length() + 1, p.toString().length()));
        int slash = rel.indexOf('/');
        if (slash < 0) {
          continue;
        }
        try {
          LocalDate day = LocalDate.parse(rel.substring(0, slash));
          if (!day.isBefore(ctx.from()) && !day.isAfter(ctx.to())) {
            out.computeIfAbsent(day, k -> new ArrayList<>()).add(p.getName());
          }
        } catch (DateTimeParseException notABatch) {
          // another folder beside the batches
        }
      }
    } catch (IOException e) {
      throw Errors.unreadable(source.name(), root.toString(), e);
    }
    return out;
  }
}
