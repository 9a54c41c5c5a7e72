package io.creditlake.jobs.generate.model;

import java.time.LocalDate;

/**
 * An adverse event in a business's hidden future — what the risk model must learn to foresee.
 *
 * @param type what happened
 * @param date when
 * @param causedByDistress false for the noise events that strike businesses in no distress
 */
public record AdverseEvent(Type type, LocalDate date, boolean causedByDistress) {

  /** The adverse events of the label definition (DOMAIN.md, issue 5). */
  public enum Type {
    /** Put on the abnormal-operations list. */
    ABNORMAL_LISTED,
    /** A loan turns non-performing (substandard or worse). */
    LOAN_NON_PERFORMING,
    /** Listed as a dishonest judgment debtor. */
    DISHONEST_LISTED,
    /** Business licence revoked. */
    REVOKED
  }
}
