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

  public String source() {
    return source;
  }

  public String file() {
    return file;
  }
}
