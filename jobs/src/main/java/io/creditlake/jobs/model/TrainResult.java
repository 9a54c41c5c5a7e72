package io.creditlake.jobs.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code train} produced.
 *
 * @param runId the run
 * @param name the model's name
 * @param version the new version
 * @param family {@code scorecard} or {@code gbt}
 * @param current whether the new version now scores
 * @param path where the registry keeps it
 * @param trainingSnapshots the month-ends trained on (empty for {@code --data})
 * @param validationSnapshot the out-of-time month-end (null for {@code --data})
 * @param trainRows training rows (after the sample cap)
 * @param trainPositives positives among them
 * @param validationRows validation rows
 * @param validationPositives positives among them
 * @param metrics out-of-sample metrics
 * @param features the offered features by information value, highest first, with whether the model uses them
 * @param calibration validation deciles, riskiest first
 * @param durationMs wall time
 */
public record TrainResult(String runId, String name, String version, String family, boolean current, String path,
    List<LocalDate> trainingSnapshots, LocalDate validationSnapshot, long trainRows, long trainPositives,
    long validationRows, long validationPositives, Map<String, Double> metrics, List<Feature> features,
    List<Evaluation.Decile> calibration, long durationMs) {

  public record Feature(String feature, double iv, boolean used, Double weight) {}
}
