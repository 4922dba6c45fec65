package io.zeta.scheduler;

import java.util.List;

/**
 * An app definition that Marathon's rules refuse, found before sending it ({@link AppValidator})
 * or reported by the scheduler (400/422 with {@code details}).
 */
public final class InvalidAppException extends SchedulerException {
  private static final long serialVersionUID = 1L;
  private final List<AppViolation> violations;

  public InvalidAppException(int status, String what, List<AppViolation> violations) {
    super(status, describe(what, violations), "fix the app definition (or the options it was rendered with)", null);
    this.violations = List.copyOf(violations);
  }

  public List<AppViolation> violations() {
    return violations;
  }

  private static String describe(String what, List<AppViolation> violations) {
    if (violations.isEmpty()) {
      return what;
    }
    StringBuilder sb = new StringBuilder(what).append(':');
    for (AppViolation v : violations) {
      sb.append("\n  ").append(v);
    }
    return sb.toString();
  }
}
