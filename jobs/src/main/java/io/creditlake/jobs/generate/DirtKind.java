package io.creditlake.jobs.generate;

/**
 * The defects the generator puts into rows, each with the reason code ingest must give it.
 * Every dirty row carries exactly one; how often a unit makes one is its error rate ({@link Units}).
 */
public enum DirtKind {
  /** Wrong USCC check character. */
  BAD_USCC,
  /** The USCC left empty. */
  MISSING,
  /** An impossible submission date. */
  BAD_DATE,
  /** A letter inside an amount. */
  BAD_AMOUNT,
  /** A negative amount. */
  NEGATIVE_AMOUNT,
  /** The event date after the submission date. */
  EVENT_AFTER_SUBMISSION;

  /** Whether the defect is a malformed value, which a typed format (Parquet) cannot carry. */
  public boolean isFormatError() {
    return this == BAD_DATE || this == BAD_AMOUNT;
  }
}
