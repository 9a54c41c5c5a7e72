package io.creditlake.common.domain;

/** How a canonical column is typed and checked on its way from bronze (text) to silver. */
public enum FieldType {
  /** Trimmed, full-width characters folded to ASCII. */
  STRING,
  /** Upper-cased string that must pass {@link Uscc}. */
  USCC,
  /** Parsed with the source's date formats. */
  DATE,
  /** Decimal(20,2); thousands separators removed; negative values rejected. */
  AMOUNT,
  /** Whole number, negative values rejected. */
  COUNT,
  /** One of the field's allowed codes, after the source's value mapping. */
  CODE
}
