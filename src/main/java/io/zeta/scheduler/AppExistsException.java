package io.zeta.scheduler;

/** 409 on create: an app with this id exists already. */
public final class AppExistsException extends SchedulerException {
  private static final long serialVersionUID = 1L;
  private final String appId;

  public AppExistsException(String appId, String message) {
    super(409, message, "update the existing app, or destroy it first", null);
    this.appId = appId;
  }

  public String appId() {
    return appId;
  }
}
