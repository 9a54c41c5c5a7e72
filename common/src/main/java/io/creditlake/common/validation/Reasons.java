package io.creditlake.common.validation;

/**
 * Reason codes a quarantined row carries. Column-specific ones are written
 * {@code CODE:column}, e.g. {@code BAD_DATE:filing_date}.
 */
public final class Reasons {

  /** A required column is empty. */
  public static final String MISSING = "MISSING";
  /** Not a date in any of the source's date formats. */
  public static final String BAD_DATE = "BAD_DATE";
  /** Not a number, after removing thousands separators. */
  public static final String BAD_AMOUNT = "BAD_AMOUNT";
  public static final String NEGATIVE_AMOUNT = "NEGATIVE_AMOUNT";
  /** Not a whole number. */
  public static final String BAD_NUMBER = "BAD_NUMBER";
  public static final String NEGATIVE_NUMBER = "NEGATIVE_NUMBER";
  /** Not a known code, after the source's label mapping. */
  public static final String BAD_CODE = "BAD_CODE";
  /** Wrong length, character or check character. */
  public static final String BAD_USCC = "BAD_USCC";
  /** A pre-2015 15-digit registration number where a USCC is needed to join the sources. */
  public static final String LEGACY_REG_NO = "LEGACY_REG_NO";
  /** The record's event date is after the date it was submitted. */
  public static final String EVENT_AFTER_SUBMISSION = "EVENT_AFTER_SUBMISSION";
  /** The record has more or fewer fields than the file's header. */
  public static final String BAD_FIELD_COUNT = "BAD_FIELD_COUNT";
  /** The record cannot be parsed at all (a JSON line that is not a JSON object). */
  public static final String BAD_RECORD = "BAD_RECORD";

  private Reasons() {}

  public static String of(String code, String column) {
    return code + ":" + column;
  }
}
