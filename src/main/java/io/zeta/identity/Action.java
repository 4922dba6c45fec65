package io.zeta.identity;

/** What a principal asks to do, and who may: the table of docs/SECURITY.md, "Who may do what". */
public enum Action {
  INSTALL("install", Scope.ROLE),
  CONFIGURE("configure", Scope.ROLE),
  START("start", Scope.ROLE),
  STOP("stop", Scope.ROLE),
  SCALE("scale", Scope.ROLE),
  RESTART("restart", Scope.ROLE),
  UPGRADE("upgrade", Scope.ROLE),
  UNINSTALL("uninstall", Scope.ROLE),
  STATUS("read the status", Scope.ROLE),
  LOGS("read the logs", Scope.ROLE),
  AUDIT("read the audit log", Scope.ROLE),
  STAGE("stage packages", Scope.PACKAGERS),
  UNSTAGE("unstage packages", Scope.PACKAGERS),
  REPOSITORIES("change the cluster's repositories", Scope.PACKAGERS),
  ROLE_ADD("add roles", Scope.ADMIN),
  ROLE_REMOVE("remove roles", Scope.ADMIN),
  MANAGE_USERS("manage users and groups", Scope.ADMIN),
  ADMINISTER("administer the cluster", Scope.ADMIN),
  IMPERSONATE("act as another user (--as)", Scope.ADMIN);

  /** Who may: members of the role's groups (and admins), the packagers group (and admins), admins only. */
  public enum Scope { ROLE, PACKAGERS, ADMIN }

  private final String verb;
  private final Scope scope;

  Action(String verb, Scope scope) {
    this.verb = verb;
    this.scope = scope;
  }

  /** As a refusal says it: "bob may not <verb> in role prod". */
  public String verb() {
    return verb;
  }

  public Scope scope() {
    return scope;
  }
}
