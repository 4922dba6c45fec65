package io.zeta.identity;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster's directory of users and groups (OpenLDAP or Active Directory), as Zeta uses it:
 * who a user is and which groups they are in (for authorization), and the accounts of a role
 * (groups {@code zeta<role>{apps,data,etl,zeta}} and the service user {@code zetasvc<role>}, as the
 * original Zeta created them). Implementations map names to their schema ({@link AttributeMapping}).
 * Changing methods either do all they say or change nothing; refusals are {@link io.zeta.ZetaException}s
 * that say what collides and what to do. Thread-safe.
 */
public interface Directory extends Closeable {
  /** A role's uid range: users {@code start..start+499999}, groups {@code start+500000..start+999999}. */
  long ROLE_RANGE = 1_000_000L;
  long GROUP_OFFSET = 500_000L;
  /** The shared role's start, and the step between roles (the original's {@code zetauid.list}). */
  long SHARED_UID_START = 1_000_000L;

  /** The four base dirs a role has a group for, in gid order. */
  List<String> ROLE_BASES = List.of("apps", "data", "etl", "zeta");

  static String roleGroup(String role, String base) {
    return "zeta" + role + base;
  }

  static String serviceUser(String role) {
    return "zetasvc" + role;
  }

  /** A user by login name (uid, or sAMAccountName in the AD layout). */
  Optional<DirectoryUser> user(String uid) throws IOException;

  /**
   * Checks a user's password by binding as the user's entry (found by login name through the
   * mapping) on a connection of its own, never the pool's. Empty for an unknown user, an empty
   * password (which LDAP would take as an unauthenticated bind) or a refused bind; a directory that
   * cannot be reached is an error, not a refusal.
   */
  Optional<DirectoryUser> authenticate(String uid, String password) throws IOException;

  /** Users under the base DN (at most {@code limit}), by name. */
  List<DirectoryUser> users(int limit) throws IOException;

  /** The names of the groups the user is a member of; empty for an unknown user. */
  Set<String> groupsOf(String uid) throws IOException;

  /** A group by name (cn, or sAMAccountName in the AD layout), with its members' login names. */
  Optional<DirectoryGroup> group(String name) throws IOException;

  /**
   * Makes sure the role's accounts exist: groups {@code zeta<role><base>} at gids
   * {@code uidStart+500000..+500003}, service user {@code zetasvc<role>} at uid {@code uidStart} (primary
   * group: the apps group), a member of the four. Idempotent. Refuses, changing nothing, when a
   * name exists with other numbers or a number is taken by another entry.
   */
  RoleAccounts ensureRole(String role, long uidStart) throws IOException;

  /**
   * Removes the role's groups and service user. Refuses, changing nothing, while anyone but the
   * service user is a member of one of the groups. Nothing to remove is not an error.
   */
  void removeRole(String role) throws IOException;

  /** Creates a person; refuses when the name or the uid number is taken. */
  DirectoryUser addUser(NewUser user) throws IOException;

  /** Deletes a person and their memberships; refuses for a role's service user. */
  void removeUser(String uid) throws IOException;

  /** Adds a member to a group; false when it already was one. */
  boolean addMember(String group, String uid) throws IOException;

  /** Removes a member from a group; false when it was not one. */
  boolean removeMember(String group, String uid) throws IOException;

  /**
   * Makes the user a member of the role's four groups, all or none; false when they were in all.
   * The role's groups must exist ({@link #ensureRole}).
   */
  boolean addRoleMember(String role, String uid) throws IOException;

  /** Takes the user out of the role's four groups, all or none; false when they were in none. */
  boolean removeRoleMember(String role, String uid) throws IOException;

  /** The highest uid number in {@code [from, to]} (any entry under the base), if any. */
  Optional<Long> highestUidNumber(long from, long to) throws IOException;

  /** The directory's URL, for messages. */
  String url();

  /** A person to create. */
  record NewUser(String uid, long uidNumber, long gidNumber, String givenName, String surname) {}
}
