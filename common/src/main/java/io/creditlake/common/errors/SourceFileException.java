package io.creditlake.common.errors;

/**
 * A file cannot be the configured source (missing, wrong header, undecodable): the source stops
 * before anything of it is written; the other sources go on.
 */
public class SourceFileException extends CreditLakeException {

  private final String source;
  private final String file;

  public SourceFileException(String source, String file, String problem) {
    super("source '" + source + "': " + file + ": " + problem);
    this.source = source;
    this.file = file;
  }

  /** Re-raises a problem a reading task reported as text, adding how many more files failed. */
  public static SourceFileException reported(String source, String message, int otherFiles) {
    SourceFileException e = new SourceFileException(source, null,
        message + (otherFiles > 0 ? " (and " + otherFiles + " more broken file(s))" : ""), true);
    return e;
  }

  private SourceFileException(String source, String file, String message, boolean verbatim) {
    super(message);
    this.source = source;
    this.file = file;
  }

  public String source() {
    return source;
  }

  public String file() {
    return file;
  }
}
