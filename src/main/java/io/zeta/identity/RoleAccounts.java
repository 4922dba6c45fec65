package io.zeta.identity;

import java.util.List;

/**
 * A role's accounts in the directory, after {@link Directory#ensureRole}.
 *
 * @param created the DNs this call created (empty when everything was there already)
 */
public record RoleAccounts(String role, long uidStart, DirectoryUser serviceUser, List<DirectoryGroup> groups,
    List<String> created) {
  public RoleAccounts {
    groups = List.copyOf(groups);
    created = List.copyOf(created);
  }
}
