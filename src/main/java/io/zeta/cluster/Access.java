package io.zeta.cluster;

import io.zeta.ZetaException;

/**
 * Who acts on a cluster and what they may do, as the lifecycle verbs ask it: each verb calls
 * {@link #require} once, before it reads or changes anything of a role. The model is
 * {@code identity.Authorizer} (docs/SECURITY.md, "Who may do what"); this interface keeps
 * {@code cluster} free of {@code identity}, which builds on it. The front end that opens a
 * cluster (the CLI, the HTTP API) grants it the principal it authenticated.
 */
public interface Access {
  /** What a principal asks to do, and who may. */
  enum Action {
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

  /** Whose rights apply. */
  String name();

  /** As the audit log records it: {@code alice}, or {@code root as alice}. */
  String principal();

  /** False when no directory is configured: roles are not enforced and every check passes. */
  boolean enforced();

  boolean isAdmin();

  /** Whether the principal may; {@code role} for the actions on a role, else null. */
  boolean may(Action action, String role);

  /** Refuses (an exception naming the principal, the action, the role and the groups that would allow it) unless it may. */
  void require(Action action, String role);

  /** Whether the principal may read the role's status, logs and audit. */
  default boolean mayRead(String role) {
    return may(Action.STATUS, role);
  }

  /** The same checks for {@code user} (an admin's {@code --as}); refused for anyone else. */
  Access actingAs(String user);

  /**
   * Until a front end grants one: everything allowed when roles are not enforced; where they are,
   * everything for the cluster's owner (always an admin, see identity.Authorizer), nothing for anyone else.
   */
  static Access initial(ClusterConfig config, Actor actor) {
    boolean enforced = config.directoryConfig().isPresent();
    boolean owner = actor.user().equals(config.adminUser());
    return new Access() {
      @Override
      public String name() {
        return actor.user();
      }

      @Override
      public String principal() {
        return actor.user();
      }

      @Override
      public boolean enforced() {
        return enforced;
      }

      @Override
      public boolean isAdmin() {
        return !enforced || owner;
      }

      @Override
      public boolean may(Action action, String role) {
        return enforced ? owner : action != Action.IMPERSONATE;
      }

      @Override
      public void require(Action action, String role) {
        if (!may(action, role)) {
          throw new ZetaException("cluster " + config.name() + " enforces roles, but no principal was established for "
              + "this command; refused");
        }
      }

      @Override
      public Access actingAs(String user) {
        require(Action.IMPERSONATE, null);
        return this;
      }
    };
  }
}
