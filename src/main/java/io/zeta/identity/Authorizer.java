package io.zeta.identity;

import io.zeta.cluster.Access;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Who may do what (docs/SECURITY.md, "Who may do what"). Cluster admins, the members of the
 * configured admin group, may do everything; without an admin group the cluster's owner (its
 * {@code adminUser}) and root are the admins. The cluster's owner is always one: it owns
 * {@code /zeta/kstore}, so refusing it would protect nothing. Members of any of a role's groups
 * ({@code zeta<role>{apps,data,etl,zeta}}) may act on the instances of that role and read its
 * status, logs and audit; staging and unstaging need the packagers group (or admin). Without a
 * directory nothing is enforced, as before roles had members: every check passes.
 *
 * <p>The lifecycle verbs ask it (through the cluster they act on), so every front end, the CLI
 * and the HTTP API, gets the same answers. Groups come from the directory through a
 * {@link GroupCache}.
 */
public final class Authorizer implements Access {
  /**
   * @param adminGroup members may do everything
   * @param packagersGroup members may stage and unstage
   * @param owner the cluster's owner (its adminUser)
   */
  public record Policy(Optional<String> adminGroup, Optional<String> packagersGroup, String owner) {
    public Policy {
      adminGroup = adminGroup == null ? Optional.empty() : adminGroup.filter(g -> !g.isBlank());
      packagersGroup = packagersGroup == null ? Optional.empty() : packagersGroup.filter(g -> !g.isBlank());
    }
  }

  private static final String ROOT = "root";

  private final Principal principal;
  private final Policy policy;
  private final GroupCache groups;
  private final Function<String, List<String>> roleGroups;

  private Authorizer(Principal principal, Policy policy, GroupCache groups, Function<String, List<String>> roleGroups) {
    this.principal = principal;
    this.policy = policy;
    this.groups = groups;
    this.roleGroups = roleGroups;
  }

  /** No directory: everything is allowed ("roles are not enforced"); only --as is still checked. */
  public static Authorizer unenforced(Principal principal, String owner) {
    return new Authorizer(principal, new Policy(Optional.empty(), Optional.empty(), owner), null, r -> List.of());
  }

  /**
   * @param groups the directory's groups of a user, cached
   * @param roleGroups the groups of a role, any of which grants it
   */
  public static Authorizer enforced(Principal principal, Policy policy, GroupCache groups,
      Function<String, List<String>> roleGroups) {
    return new Authorizer(principal, policy, groups, roleGroups);
  }

  public Principal who() {
    return principal;
  }

  @Override
  public String name() {
    return principal.name();
  }

  @Override
  public String principal() {
    return principal.display();
  }

  /** False when no directory is configured: roles are not enforced. */
  @Override
  public boolean enforced() {
    return groups != null;
  }

  /**
   * The same rights checker acting as {@code user} ({@code --as}, like kubectl's): only for admins;
   * the audit log then names both ("root as alice").
   */
  @Override
  public Authorizer actingAs(String user) {
    Principal next = principal.as(user);
    if (!isAdmin(principal.authenticated())) {
      throw new AccessDeniedException(principal.authenticated() + " may not " + Action.IMPERSONATE.verb() + " " + user
          + ": " + adminNeed(), Optional.empty(), "run the command without --as");
    }
    return new Authorizer(next, policy, groups, roleGroups);
  }

  /** Whether the principal may; {@code role} for the actions on a role's instances, else ignored. */
  @Override
  public boolean may(Action action, String role) {
    if (!enforced()) {
      return action != Action.IMPERSONATE || isAdmin(principal.authenticated());
    }
    String user = principal.name();
    if (user.equals(policy.owner())) {
      return true;
    }
    Set<String> mine = groupsOf(user); // one lookup per check, cached
    if (policy.adminGroup().map(mine::contains).orElse(ROOT.equals(user))) {
      return true;
    }
    return switch (action.scope()) {
      case ADMIN -> false;
      case PACKAGERS -> policy.packagersGroup().map(mine::contains).orElse(false);
      case ROLE -> {
        if (role == null) {
          throw new IllegalArgumentException(action + " needs a role");
        }
        yield roleGroups.apply(role).stream().anyMatch(mine::contains);
      }
    };
  }

  /** Whether the principal may read the role's status, logs and audit (status and list show only such roles). */
  @Override
  public boolean mayRead(String role) {
    return may(Action.STATUS, role);
  }

  /** Refuses, naming the principal, the action, the role and the groups that would allow it. */
  @Override
  public void require(Action action, String role) {
    if (may(action, role)) {
      return;
    }
    String who = principal.name();
    String message = switch (action.scope()) {
      case ROLE -> who + " may not " + action.verb() + " in role " + role + ": needs membership of "
          + either(roleGroups.apply(role)) + ", " + orAdmin();
      case PACKAGERS -> who + " may not " + action.verb() + ": " + policy.packagersGroup()
          .map(g -> "needs membership of the packagers group " + g + ", " + orAdmin()).orElse(adminNeed());
      case ADMIN -> who + " may not " + action.verb() + ": " + adminNeed();
    };
    throw new AccessDeniedException(message, Optional.ofNullable(action.scope() == Action.Scope.ROLE ? role : null),
        "ask a cluster admin to add " + who + " to one of these groups");
  }

  /** Admin: the cluster's owner, a member of the admin group, or root where no admin group is configured. */
  @Override
  public boolean isAdmin() {
    return isAdmin(principal.name());
  }

  private boolean isAdmin(String user) {
    if (user.equals(policy.owner())) {
      return true;
    }
    if (policy.adminGroup().isEmpty()) {
      return ROOT.equals(user);
    }
    return enforced() && groupsOf(user).contains(policy.adminGroup().get());
  }

  private Set<String> groupsOf(String user) {
    return groups.groupsOf(user);
  }

  private String adminNeed() {
    return policy.adminGroup().map(g -> "needs membership of the admin group " + g)
        .orElse("needs to be the cluster's owner " + policy.owner() + " or root (no admin group is configured)");
  }

  private String orAdmin() {
    return policy.adminGroup().map(g -> "or of the admin group " + g)
        .orElse("or to be the cluster's owner " + policy.owner() + " or root (no admin group is configured)");
  }

  private static String either(List<String> names) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
