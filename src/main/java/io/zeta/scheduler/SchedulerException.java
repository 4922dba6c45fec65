package io.zeta.scheduler;

import io.zeta.ZetaException;

/** The scheduler refused or failed a request; {@link #status()} is its HTTP status, or 0 without an answer. */
public class SchedulerException extends ZetaException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public SchedulerException(int status, String message, String hint, Throwable cause) {
    super(message, hint, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
