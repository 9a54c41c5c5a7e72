package io.creditlake.common.errors;

/**
 * A failure the user can act on: its message is one line saying what went wrong, where (file,
 * line, option or key) and what to do. The command line prints only this message unless
 * {@code --verbose} asks for the stack trace.
 */
public class CreditLakeException extends RuntimeException {

  public CreditLakeException(String message) {
    super(message);
  }

  public CreditLakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
