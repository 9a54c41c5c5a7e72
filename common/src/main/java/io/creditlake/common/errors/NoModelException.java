package io.creditlake.common.errors;

/** Scoring was asked for but the registry holds no model yet: a state, not a failure of the job. */
public class NoModelException extends CreditLakeException {

  /** The command line's exit code for it, distinct from a failure (1) and bad usage (2). */
  public static final int EXIT_CODE = 3;

  public NoModelException(String message) {
    super(message);
  }
}
