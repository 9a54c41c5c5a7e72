package io.creditlake.common.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, as read from {@code conf/} by {@link ConfigLoader} and validated.
 * Command-line options override {@link #lake} and {@link #input} (see {@link Settings}).
 *
 * @param lake root of the lake: a local path, {@code file:}, {@code s3a:} or {@code hdfs:} URI;
 *     defaults to {@code ./lake}
 * @param input folder the departments' files arrive in; defaults to {@code ./sample-data}
 * @param timezone the business time zone; defaults to {@code Asia/Shanghai}
 * @param spark Spark settings
 * @param masking masking of personal data
 * @param ingest how ingest runs
 * @param sources the sources, each once
 * @param flags the early-warning rules
 * @param rates how reporting units' submission rates are scored
 * @param model the risk model: label, features, family, points and grades
 * @param run the nightly run: training schedule, expected files, alerts
 * @param maintain compaction and clean-up of the lake
 */
public record CreditLakeConfig(
    String lake,
    String input,
    String timezone,
    SparkSettings spark,
    MaskingSettings masking,
    IngestSettings ingest,
    List<SourceConfig> sources,
    List<FlagRule> flags,
    RatesSettings rates,
    ModelSettings model,
    RunSettings run,
    MaintainSettings maintain) {

  public CreditLakeConfig {
    lake = lake == null ? "./lake" : lake;
    input = input == null ? "./sample-data" : input;
    timezone = timezone == null ? "Asia/Shanghai" : timezone;
    spark = spark == null ? SparkSettings.DEFAULT : spark;
    masking = masking == null ? MaskingSettings.DEFAULT : masking;
    ingest = ingest == null ? IngestSettings.DEFAULT : ingest;
    sources = sources == null ? List.of() : List.copyOf(sources);
    flags = flags == null ? List.of() : List.copyOf(flags);
    rates = rates == null ? RatesSettings.DEFAULT : rates;
    model = model == null ? ModelSettings.DEFAULT : model;
    run = run == null ? RunSettings.DEFAULT : run;
    maintain = maintain == null ? MaintainSettings.DEFAULT : maintain;
  }

  public ZoneId zone() {
    return ZoneId.of(timezone);
  }

  public Optional<SourceConfig> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
