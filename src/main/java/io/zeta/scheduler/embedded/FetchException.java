package io.zeta.scheduler.embedded;

import io.zeta.ZetaException;

/** An artifact of a task could not be fetched or unpacked; the task fails and nothing is started. */
final class FetchException extends ZetaException {
  private static final long serialVersionUID = 1L;

  FetchException(String message) {
    super(message);
  }

  FetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
