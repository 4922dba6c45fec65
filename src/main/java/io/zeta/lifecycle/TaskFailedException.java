package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.scheduler.TaskFailure;

/** A task of an app failed while a command waited for the app: the wait ends at once with its reason. */
public final class TaskFailedException extends ZetaException {
  private static final long serialVersionUID = 1L;
  private final String appId;
  private final transient TaskFailure failure;

  TaskFailedException(String appId, TaskFailure failure, String instance) {
    super(appId + ": task " + failure.taskId() + " failed (" + failure.state() + "): " + reason(failure),
        "the scheduler keeps relaunching it with a growing delay; see `zeta package describe " + instance
            + "` and `zeta package logs " + instance + "`, then fix the package or its options, or stop it with "
            + "`zeta package stop " + instance + "`", null);
    this.appId = appId;
    this.failure = failure;
  }

  static String reason(TaskFailure f) {
    return f.message() == null || f.message().isBlank() ? "no reason given" : f.message().strip();
  }

  public String appId() {
    return appId;
  }

  public TaskFailure failure() {
    return failure;
  }
}
