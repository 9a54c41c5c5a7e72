package io.creditlake.jobs.generate.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One generated business: what the registry knows about it, and the hidden truth the generator
 * drives its records with — never read by the pipeline, written to {@code _truth/} for checks.
 *
 * @param index position in the population, 0-based
 * @param uscc its code (both check characters right)
 * @param name registered name
 * @param entityType {@code ENTERPRISE} or {@code INDIVIDUAL_BUSINESS}
 * @param district division code in force when it was founded
 * @param industry GB/T 4754 class, e.g. {@code I6510}
 * @param founded founding date
 * @param capital registered capital in yuan
 * @param legalRep legal representative's name
 * @param legalRepId legal representative's ID number
 * @param risk hidden probability of falling into distress within the generated window
 * @param riskLevel 1 (safest fifth) … 5 (riskiest fifth) of {@code risk}
 * @param distressFrom when distress starts — its signals (arrears, overdue loans, lawsuits)
 *     rise from then on and adverse events follow — or null
 * @param hasLoans whether banks report loans for it
 * @param filesMonthly whether it files taxes monthly (else quarterly)
 * @param events its adverse events, in date order
 * @param closed when it deregistered of its own accord, or null (revocation is an event)
 */
public record Business(
    int index,
    String uscc,
    String name,
    String entityType,
    String district,
    String industry,
    LocalDate founded,
    BigDecimal capital,
    String legalRep,
    String legalRepId,
    double risk,
    int riskLevel,
    LocalDate distressFrom,
    boolean hasLoans,
    boolean filesMonthly,
    List<AdverseEvent> events,
    LocalDate closed) {

  /** Whether it is in distress on a date. */
  public boolean distressedOn(LocalDate date) {
    return distressFrom != null && !date.isBefore(distressFrom);
  }

  /** When it stopped trading — deregistered or revoked — or null. */
  public LocalDate endedOn() {
    LocalDate revoked = events.stream().filter(e -> e.type() == AdverseEvent.Type.REVOKED)
        .map(AdverseEvent::date).findFirst().orElse(null);
    if (closed == null) {
      return revoked;
    }
    return revoked == null || closed.isBefore(revoked) ? closed : revoked;
  }

  /** Whether it is registered and trading on any day of [from, to]. */
  public boolean activeBetween(LocalDate from, LocalDate to) {
    LocalDate ended = endedOn();
    return !founded.isAfter(to) && (ended == null || ended.isAfter(from));
  }

  /** Whether an adverse event falls in (from, to]. */
  public boolean adverseBetween(LocalDate from, LocalDate to) {
    return events.stream().anyMatch(e -> e.date().isAfter(from) && !e.date().isAfter(to));
  }
}
