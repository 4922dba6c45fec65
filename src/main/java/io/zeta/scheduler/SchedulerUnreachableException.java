package io.zeta.scheduler;

/**
 * No usable answer after every retry: the connection failed or the scheduler kept answering 5xx.
 * Requests that may change something are only retried when nothing reached the scheduler, so
 * for them this also means that no change was made.
 */
public final class SchedulerUnreachableException extends SchedulerException {
  private static final long serialVersionUID = 1L;

  public SchedulerUnreachableException(String url, String reason, int attempts, int lastStatus, Throwable cause) {
    super(lastStatus, "scheduler at " + url + " unreachable: " + reason + " (" + attempts
        + (attempts == 1 ? " attempt)" : " attempts)"),
        "check that the scheduler runs (for the local one: `zeta agent status`) and that the URL is right", cause);
  }
}
