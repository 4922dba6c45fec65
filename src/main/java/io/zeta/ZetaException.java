package io.zeta;

/**
 * An error the user can act on: bad input, a missing package, a refused operation.
 * The CLI prints the message (and the hint, when there is one) on one line each, without a stack trace.
 */
public class ZetaException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String hint;

  public ZetaException(String message) {
    this(message, null, null);
  }

  public ZetaException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public ZetaException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /** What the user can do about it, or null. */
  public String hint() {
    return hint;
  }

  public ZetaException withHint(String newHint) {
    ZetaException e = new ZetaException(getMessage(), newHint, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
