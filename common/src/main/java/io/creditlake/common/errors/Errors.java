package io.creditlake.common.errors;

import java.nio.charset.Charset;
import java.util.Collection;

/** User-facing messages, in one place, so their wording stays consistent and testable. */
public final class Errors {

  private Errors() {}

  public static CreditLakeException noFiles(String input, String dates) {
    return new CreditLakeException("no source has a file for " + dates + " under " + input
        + "; check --input, the dates, and the sources' 'path' in the configuration");
  }

  public static SourceFileException emptyFile(String source, String file) {
    return new SourceFileException(source, file, "file is empty: expected a header line");
  }

  public static SourceFileException undecodable(String source, String file, Charset charset, long line) {
    return new SourceFileException(source, file,
        "line " + line + " is not valid " + charset.name()
            + "; check the source's 'encoding' in the configuration or ask the sender for a " + charset.name() + " file");
  }

  public static SourceFileException missingHeaders(String source, String file, Collection<String> missing) {
    return new SourceFileException(source, file,
        "header lacks column(s) " + missing + "; the file is not a '" + source
            + "' file, or the source's 'columns' mapping needs these headers");
  }

  public static SourceFileException unexpectedHeaders(String source, String file, Collection<String> extra) {
    return new SourceFileException(source, file,
        "header has unmapped column(s) " + extra + "; add them to the source's 'columns' or 'ignoredColumns'");
  }

  public static SourceFileException unexpectedField(String source, String file, String field, long line) {
    return new SourceFileException(source, file,
        "line " + line + " has unmapped field '" + field + "'; add it to the source's 'columns' or 'ignoredColumns'");
  }

  public static SourceFileException unreadable(String source, String file, Exception cause) {
    return new SourceFileException(source, file, "cannot be read: " + cause.getMessage());
  }

  public static CreditLakeException conservation(String source, String batch, long read, long silver,
      long quarantined, long duplicates) {
    return new CreditLakeException("row conservation broken for source '" + source + "' batch " + batch
        + ": read " + read + " != silver " + silver + " + quarantined " + quarantined
        + " + duplicates " + duplicates + "; nothing downstream should trust this batch — report a bug");
  }

  /** {@code e} as an unchecked exception: itself when it is one, else wrapped. */
  public static RuntimeException unchecked(Throwable e) {
    return e instanceof RuntimeException r ? r : new IllegalStateException(e);
  }

  /** The first {@code type} in {@code e}'s chain of causes (Spark wraps what a task threw), or null. */
  public static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /**
   * One line for a failure: our own message where there is one (also when Spark wrapped it),
   * else the innermost cause's class and first line.
   */
  public static String describe(Throwable e) {
    Throwable innermost = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CreditLakeException) {
        return t.getMessage();
      }
      innermost = t;
    }
    String m = innermost.getMessage();
    return innermost.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
  }
}
