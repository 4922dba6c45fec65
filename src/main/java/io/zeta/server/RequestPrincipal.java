package io.zeta.server;

import io.zeta.cluster.Access;
import io.zeta.identity.AccessDeniedException;
import io.zeta.identity.Principal;
import java.util.Map;

/**
 * Who sent a request to {@code zeta serve}, and what they may: the server-side API every endpoint
 * uses ({@link Authentication#of}). The principal is the login token's subject, the cluster's owner
 * for the local admin token, or what a registered {@link Authentication.Credentials} (the web
 * console's session) says. {@link #access} is {@code identity.Authorizer} for that principal, so
 * that {@code cluster.Access} decides as it does for the CLI (groups from the directory, cached).
 *
 * @param principal who, as the audit log records it ({@link Principal#display})
 * @param access what they may; pass it to a {@code Cluster} view ({@code grant}) for lifecycle verbs
 */
public record RequestPrincipal(Principal principal, Access access) {
  public String name() {
    return principal.name();
  }

  public boolean isAdmin() {
    return access.isAdmin();
  }

  /** Whether the principal may read the role (status, lists: filter with it). */
  public boolean mayRead(String role) {
    return access.mayRead(role);
  }

  /**
   * Refuses with 403 in Cosmos's shape ({@code {"type": "Forbidden", "message": "bob may not install in
   * role prod: needs membership of ..."}}) unless the principal may.
   */
  public void require(Access.Action action, String role) {
    try {
      access.require(action, role);
    } catch (AccessDeniedException e) {
      throw forbidden(e.getMessage());
    }
  }

  static CosmosError forbidden(String message) {
    return CosmosError.of(403, "Forbidden", message, io.zeta.json.Json.object(), Map.of());
  }
}
