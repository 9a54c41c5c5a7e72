package io.creditlake.jobs.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What {@code score} wrote.
 *
 * @param runId the run
 * @param date the profile snapshot scored
 * @param name the model's name
 * @param version the version that scored
 * @param scored businesses scored (the active ones)
 * @param byGrade businesses per grade
 * @param flagged {@code MODEL_HIGH_RISK} flags raised
 * @param newFlags of which not flagged at the previous snapshot
 * @param psiScore the score's population stability index against the training population
 * @param drift every variable's PSI, highest first
 * @param tableVersions table → Delta version committed
 * @param durationMs wall time
 */
public record ScoreResult(String runId, LocalDate date, String name, String version, long scored,
    Map<String, Long> byGrade, long flagged, long newFlags, double psiScore, List<Psi> drift,
    Map<String, Long> tableVersions, long durationMs) {

  /** One variable's shift: {@code verdict} is stable, moderate shift or major shift. */
  public record Psi(String variable, double psi, String verdict) {}
}
