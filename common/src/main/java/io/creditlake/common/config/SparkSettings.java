package io.creditlake.common.config;

import java.util.Map;

/**
 * Spark settings of a profile.
 *
 * @param master used only when nothing else (spark-submit, {@code spark.master}) set one;
 *     defaults to {@code local[*]}
 * @param shufflePartitions {@code spark.sql.shuffle.partitions}; defaults to 8 (measured: 8 and
 *     64 make no difference on 2 cores at full scale)
 * @param conf any further Spark settings, applied as given
 */
public record SparkSettings(String master, Integer shufflePartitions, Map<String, String> conf) {

  public static final SparkSettings DEFAULT = new SparkSettings(null, null, null);

  public SparkSettings {
    master = master == null ? "local[*]" : master;
    shufflePartitions = shufflePartitions == null ? 8 : shufflePartitions;
    conf = conf == null ? Map.of() : Map.copyOf(conf);
  }
}
