package io.creditlake.common.config;

/**
 * How ingest runs.
 *
 * @param parallelSources sources ingested side by side; defaults to 4 (all of them). Their Spark
 *     jobs share the executors, so this mostly overlaps one source's driver-side work (planning,
 *     Delta commits) with another's tasks; 1 ingests them one after the other.
 */
public record IngestSettings(Integer parallelSources) {

  public static final IngestSettings DEFAULT = new IngestSettings(null);

  public IngestSettings {
    parallelSources = parallelSources == null ? 4 : parallelSources;
  }
}
