package io.creditlake.common.config;

/**
 * {@code creditlake maintain}: compaction and clean-up of the lake's Delta tables.
 *
 * @param retentionHours VACUUM keeps files a table stopped using less than this many hours ago,
 *     so readers and time travel within that window keep working. Default 168 (7 days, Delta's
 *     own safety default); shorter needs {@code --force}.
 * @param zorder Z-order the business tables by the business code when they are compacted
 *     (co-locates a business's versions, so per-business reads skip most files). Default true.
 */
public record MaintainSettings(Integer retentionHours, Boolean zorder) {

  /** Delta refuses a shorter VACUUM retention by default (spark.databricks.delta.retentionDurationCheck). */
  public static final int DELTA_SAFETY_HOURS = 168;
  public static final MaintainSettings DEFAULT = new MaintainSettings(null, null);

  public MaintainSettings {
    retentionHours = retentionHours == null ? DELTA_SAFETY_HOURS : retentionHours;
    zorder = zorder == null || zorder;
  }
}
