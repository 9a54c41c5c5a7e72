package io.creditlake.common.domain;

import java.util.Optional;

/**
 * The Unified Social Credit Code (GB 32100-2015): 18 characters from {@code 0-9A-Z} without
 * I, O, S, V and Z, whose 18th character checks the first 17 (mod 31) and whose positions 9–17
 * are an organisation code (GB 11714) carrying its own check character (mod 11).
 *
 * <p>The same rules are available as a Spark SQL expression in
 * {@code io.creditlake.common.validation.UsccSql}, built from the constants here so the two
 * cannot drift apart.
 */
public final class Uscc {

  /** The USCC alphabet in value order: '0' is 0, 'A' is 10, 'Y' is 30. */
  public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

  /** Weights {@code 3^(i-1) mod 31} for positions 1..17. */
  public static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

  /** The organisation code's body alphabet: the full {@code 0-9A-Z}, A = 10 … Z = 35. */
  public static final String ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  /** Weights of the organisation code's 8 body characters. */
  public static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};

  public static final int LENGTH = 18;

  /** What is wrong with a code, or {@link #VALID}. */
  public enum Verdict {
    VALID,
    /** Pre-2015 15-digit business registration number, not a USCC. */
    LEGACY_REGISTRATION_NUMBER,
    BAD_LENGTH,
    BAD_CHARACTER,
    BAD_ORG_CHECK,
    BAD_CHECK
  }

  private Uscc() {}

  /** Checks a code as written (callers normalise case and width first). */
  public static Verdict verdict(String code) {
    if (code == null) {
      return Verdict.BAD_LENGTH;
    }
    if (code.length() == 15 && code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Verdict.LEGACY_REGISTRATION_NUMBER;
    }
    if (code.length() != LENGTH) {
      return Verdict.BAD_LENGTH;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return Verdict.BAD_CHARACTER;
      }
    }
    Optional<Character> org = orgCheckChar(code.substring(8, 16));
    if (org.isEmpty() || org.get() != code.charAt(16)) {
      return Verdict.BAD_ORG_CHECK;
    }
    return checkChar(code.substring(0, 17)) == code.charAt(17) ? Verdict.VALID : Verdict.BAD_CHECK;
  }

  public static boolean isValid(String code) {
    return verdict(code) == Verdict.VALID;
  }

  /** The 18th character for the first 17; throws if they hold a character outside the alphabet. */
  public static char checkChar(String first17) {
    if (first17.length() != 17) {
      throw new IllegalArgumentException("USCC body must be 17 characters, got: " + first17);
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = ALPHABET.indexOf(first17.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not a USCC character: '" + first17.charAt(i) + "' in " + first17);
      }
      sum += v * WEIGHTS[i];
    }
    int c = 31 - sum % 31;
    return ALPHABET.charAt(c == 31 ? 0 : c);
  }

  /**
   * The organisation code's check character for its 8 body characters, or empty when a body
   * character is outside {@code 0-9A-Z}.
   */
  public static Optional<Character> orgCheckChar(String body8) {
    if (body8.length() != 8) {
      throw new IllegalArgumentException("organisation code body must be 8 characters, got: " + body8);
    }
    int sum = 0;
    for (int i = 0; i < 8; i++) {
      int v = ORG_ALPHABET.indexOf(body8.charAt(i));
      if (v < 0) {
        return Optional.empty();
      }
      sum += v * ORG_WEIGHTS[i];
    }
    int c = 11 - sum % 11;
    return Optional.of(c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c));
  }

  /**
   * Builds a valid code from its parts: authority and category characters, a 6-digit division
   * code and an 8-character organisation body (characters of the USCC alphabet).
   */
  public static String build(char authority, char category, String division, String orgBody8) {
    String org = orgBody8 + orgCheckChar(orgBody8)
        .orElseThrow(() -> new IllegalArgumentException("bad organisation body: " + orgBody8));
    String first17 = "" + authority + category + division + org;
    return first17 + checkChar(first17);
  }
}
