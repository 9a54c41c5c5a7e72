package io.creditlake.common.io;

/** Text normalisation shared by header matching (Java) and value cleaning (Spark SQL). */
public final class Text {

  /** Full-width forms U+FF01..U+FF5E and the ideographic space, in order. */
  public static final String FULL_WIDTH;
  /** Their ASCII counterparts, in the same order. */
  public static final String HALF_WIDTH;

  static {
    StringBuilder full = new StringBuilder("\u3000");
    StringBuilder half = new StringBuilder(" ");
    for (char c = '\uFF01'; c <= '\uFF5E'; c++) {
      full.append(c);
      half.append((char) (c - 0xFEE0));
    }
    FULL_WIDTH = full.toString();
    HALF_WIDTH = half.toString();
  }

  private Text() {}

  /** Folds full-width characters to ASCII and trims; null stays null. */
  public static String normalize(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int k = FULL_WIDTH.indexOf(c);
      sb.append(k >= 0 ? HALF_WIDTH.charAt(k) : c);
    }
    return sb.toString().strip();
  }
}
