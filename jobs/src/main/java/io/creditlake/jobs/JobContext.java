package io.creditlake.jobs;

import io.creditlake.common.config.CreditLakeConfig;
import io.creditlake.common.config.Settings;
import io.creditlake.common.lake.LakeLayout;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * What a job run is given: the resolved settings, the business dates it processes and an id
 * that ties its rows in {@code ops/runs} and its Spark jobs together.
 *
 * @param settings resolved settings
 * @param from first business date processed (Asia/Shanghai by default)
 * @param to last business date processed; equal to {@code from} for a daily run
 * @param runId unique per run: {@code yyyyMMdd'T'HHmmss-<8 hex>}
 */
public record JobContext(Settings settings, LocalDate from, LocalDate to, String runId) {

  public JobContext {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to must not be before --from, got: " + from + " .. " + to);
    }
  }

  public static JobContext of(Settings settings, LocalDate from, LocalDate to) {
    ZoneId zone = settings.config().zone();
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(zone).format(Instant.now());
    return new JobContext(settings, from, to, stamp + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  public CreditLakeConfig config() {
    return settings.config();
  }

  public LakeLayout lake() {
    return settings.lake();
  }

  /** Every business date of the run, in order. */
  public List<LocalDate> dates() {
    return from.datesUntil(to.plusDays(1)).toList();
  }

  /** "2026-11-26" or "2026-11-01..2026-11-26", for logs and Spark UI labels. */
  public String dateLabel() {
    return from.equals(to) ? from.toString() : from + ".." + to;
  }
}
