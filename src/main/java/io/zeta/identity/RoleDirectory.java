package io.zeta.identity;

import io.zeta.ZetaException;
import io.zeta.cluster.Names;
import io.zeta.cluster.RoleRecord;
import io.zeta.cluster.Roles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A cluster's roles in its directory: which uid range a role has, its accounts, its members. The
 * range comes from, in order: the role record; the service user already in the directory (a
 * command interrupted between the two); for the shared role 1,000,000; the operator's
 * {@code --uid-start}; else the highest recorded start plus a million.
 */
public final class RoleDirectory {
  private final Directory directory;
  private final Roles roles;

  public RoleDirectory(Directory directory, Roles roles) {
    this.directory = directory;
    this.roles = roles;
  }

  public Directory directory() {
    return directory;
  }

  /** The uid start the role has or would get; {@code requested} is the operator's, may be null. */
  public long uidStart(String role, Long requested) throws IOException {
    Optional<RoleRecord> record = roles.read(role);
    Long recorded = record.map(RoleRecord::uidStart).orElse(null);
    if (recorded != null) {
      if (requested != null && !requested.equals(recorded)) {
        throw new ZetaException("role " + role + " already has the uid range starting at " + recorded + ", not " + requested,
            "drop --uid-start", null);
      }
      return recorded;
    }
    Optional<DirectoryUser> svc = directory.user(Directory.serviceUser(role));
    if (svc.isPresent() && svc.get().uidNumber() > 0 && (requested == null || requested == svc.get().uidNumber())) {
      return svc.get().uidNumber();
    }
    if (requested != null) {
      return validStart(requested);
    }
    if (Names.SHARED_ROLE.equals(role)) {
      return Directory.SHARED_UID_START;
    }
    return roles.nextUidStart();
  }

  /** A start the operator gave: positive, and the whole million below 2^31 (POSIX ids are 32-bit, some tools signed). */
  public static long validStart(long start) {
    if (start < 1000 || start + Directory.ROLE_RANGE - 1 > Integer.MAX_VALUE) {
      throw new ZetaException("--uid-start " + start + " is out of range: the role's million ids must lie within 1000.."
          + Integer.MAX_VALUE, "give a start such as 5000000", null);
    }
    return start;
  }

  /**
   * Creates the role's accounts (idempotent) and records the start in the role record, which must
   * exist. Nothing in the directory is half-made: {@link Directory#ensureRole} does all or nothing.
   */
  public RoleAccounts ensure(String role, long uidStart) throws IOException {
    RoleAccounts accounts = directory.ensureRole(role, uidStart);
    roles.recordUidStart(role, uidStart);
    return accounts;
  }

  /** Who, besides the service user, is in one of the role's groups. */
  public Set<String> members(String role) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String base : Directory.ROLE_BASES) {
      directory.group(Directory.roleGroup(role, base)).ifPresent(g -> out.addAll(g.memberUids()));
    }
    out.remove(Directory.serviceUser(role));
    return out;
  }

  /** Refuses (before anything is removed) while the role has members in the directory. */
  public void requireNoMembers(String role) throws IOException {
    Set<String> members = members(role);
    if (!members.isEmpty()) {
      throw new ZetaException("role " + role + " still has members in the directory: " + String.join(", ", members),
          "remove them first (zeta role members remove " + role + " UID)", null);
    }
  }

  /** The roles (of this cluster) whose groups list the user, each with the groups; by name. */
  public Map<String, List<String>> rolesOf(String uid) throws IOException {
    Set<String> groups = directory.groupsOf(uid);
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (RoleRecord r : roles.list()) {
      List<String> in = new ArrayList<>();
      for (String base : Directory.ROLE_BASES) {
        if (groups.contains(Directory.roleGroup(r.name(), base))) {
          in.add(Directory.roleGroup(r.name(), base));
        }
      }
      if (!in.isEmpty()) {
        out.put(r.name(), in);
      }
    }
    return out;
  }

  /** Every role's members (service users included), by role: one group read per role group. */
  public Map<String, Set<String>> membersByRole() throws IOException {
    Map<String, Set<String>> out = new java.util.TreeMap<>();
    for (RoleRecord r : roles.list()) {
      Set<String> m = new TreeSet<>();
      for (String base : Directory.ROLE_BASES) {
        directory.group(Directory.roleGroup(r.name(), base)).ifPresent(g -> m.addAll(g.memberUids()));
      }
      out.put(r.name(), m);
    }
    return out;
  }

  /** The next free uid number in the role's user range (after the service user). */
  public long nextUserUid(String role) throws IOException {
    RoleRecord record = roles.read(role).orElseThrow(() -> new ZetaException("unknown role '" + role + "'",
        "see `zeta role list`", null));
    if (record.uidStart() == null) {
      throw new ZetaException("role " + role + " has no accounts in the directory yet", "run `zeta role add " + role + "` again", null);
    }
    long start = record.uidStart();
    long last = start + Directory.GROUP_OFFSET - 1;
    long next = directory.highestUidNumber(start, last).map(n -> n + 1).orElse(start + 1);
    if (next > last) {
      throw new ZetaException("role " + role + "'s uid range " + start + ".." + last + " is full", "give --uid-number", null);
    }
    return next;
  }
}
