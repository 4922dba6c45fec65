package io.zeta.identity;

import java.util.Set;

/** A group in the directory with its members' login names; {@code gidNumber} -1 when it has none. */
public record DirectoryGroup(String name, long gidNumber, Set<String> memberUids, String dn) {
  public DirectoryGroup {
    memberUids = Set.copyOf(memberUids);
  }
}
