package io.creditlake.jobs.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the night's report shows, read from the lake by {@link ReportJob} and drawn by
 * {@link ReportPage}: small, already aggregated, so the page is rendered without Spark. An empty
 * list means the lake has nothing for that part yet (the page says so).
 *
 * @param date the business date reported
 * @param lake the lake's root
 * @param generatedAt when the page was made
 * @param steps the night's steps from {@code ops/runs} (job {@code run}, the latest attempt of each)
 * @param alerts the night's alerts from {@code ops/runs} (job {@code alert}), each once
 * @param ingest each source's rows for the night's ingest
 * @param reasons quarantine reasons of the night's ingest, by source
 * @param quarantineTrend each source's quarantined share over its recent ingests
 * @param scoreDate the score snapshot shown (the latest on or before the date), or null
 * @param grades the grade names best first, with the businesses in each
 * @param byDistrict each district's businesses per grade (same order as {@code grades})
 * @param flagDate the flag snapshot shown (the latest on or before the date), or null
 * @param flagsByCode the snapshot's flags per rule: total and new
 * @param newFlags new flags, the most severe first (at most {@link ReportJob#LIST_LIMIT})
 * @param top the riskiest businesses with the reasons of their scores
 * @param ratesPeriod the latest scored submission period, or null
 * @param league that period's league table, best first
 * @param leagueTrend every period's composite score per unit, oldest first
 * @param model the model that scored the snapshot, or null
 * @param drift the snapshot's population stability per variable, the largest first
 * @param scoreDrift the score's PSI per snapshot, oldest first
 */
record ReportData(LocalDate date, String lake, Instant generatedAt, String runId, List<Step> steps, List<Alert> alerts,
    List<Ingest> ingest,
    List<Reason> reasons, List<Share> quarantineTrend, LocalDate scoreDate, List<Count> grades,
    List<DistrictGrades> byDistrict, LocalDate flagDate, List<FlagCount> flagsByCode, List<Flag> newFlags, List<Risky> top,
    String ratesPeriod, List<UnitRate> league, List<UnitRate> leagueTrend, Model model, List<Psi> drift,
    List<Psi> scoreDrift) {

  record Step(String step, String status, long rowsIn, long rowsOut, long rejected, double seconds, String note,
      Instant startedAt) {}

  record Alert(String kind, String subject, String message) {}

  record Ingest(String source, String status, long read, long written, long quarantined, long duplicates) {
    double quarantinedShare() {
      return read == 0 ? Double.NaN : (double) quarantined / read;
    }
  }

  record Reason(String source, String reason, long rows) {}

  record Share(String source, LocalDate date, double share) {}

  record Count(String name, long count) {}

  record DistrictGrades(String district, long[] counts) {}

  record FlagCount(String code, String severity, long total, long fresh) {}

  record Flag(String uscc, String name, String code, String severity, String description) {}

  record Risky(String uscc, String name, String district, String industry, int score, String grade, double probability,
      List<String> reasons) {}

  record UnitRate(String period, String source, String unit, double score, Double coverage, Double timeliness,
      Double validity, Double completeness, Integer rank, long expected, long received) {}

  record Point(double x, double y, double y2, long count) {}

  record Feature(String name, double iv, boolean used) {}

  /**
   * @param metrics named figures (auc, ks, gini, …) in the order stored
   * @param roc false-positive rate → true-positive rate
   * @param ks score quantile → cumulative share of bad (y) and good (y2)
   * @param calibration per decile: predicted (x) and observed (y) bad rate, businesses (count)
   */
  record Model(String name, String version, String family, Map<String, Double> metrics, List<Point> roc, List<Point> ks,
      List<Point> calibration, List<Feature> features) {}

  record Psi(LocalDate date, String variable, String kind, double psi, String verdict) {}
}
