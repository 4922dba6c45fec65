package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.identity.Directories;
import io.zeta.identity.Directory;
import io.zeta.identity.DirectoryGroup;
import io.zeta.identity.DirectoryUser;
import java.io.IOException;
import java.util.Optional;

/**
 * Who owns an instance's files when a directory is configured: the role's service user
 * {@code zetasvc<role>} and the role's group for the base dir ({@code zeta<role><base>}), with the
 * modes the package declares (given at create). On HDFS by name (the NameNode resolves groups
 * through the directory, {@code LdapGroupsMapping}); on a POSIX filesystem ({@code file:}, a
 * mount) by the directory's numbers, which every node's NSS maps to the same accounts. Changing
 * the owner is a superuser's right (HDFS: a member of {@code dfs.permissions.superusergroup};
 * POSIX: root); see docs/SECURITY.md.
 */
record InstanceOwner(String user, String group) {
  /** Empty when the cluster has no directory (files stay the installing user's, as before). */
  static Optional<InstanceOwner> of(Cluster cluster, String role, String base) throws IOException {
    if (cluster.config().directoryConfig().isEmpty()) {
      return Optional.empty();
    }
    String userName = Directory.serviceUser(role);
    String groupName = Directory.roleGroup(role, base);
    try (Directory directory = Directories.open(cluster.config(), cluster.storage()).orElseThrow()) {
      DirectoryUser user = directory.user(userName).orElseThrow(() -> missing(role, "service user " + userName));
      DirectoryGroup group = directory.group(groupName).orElseThrow(() -> missing(role, "group " + groupName));
      if (!"file".equals(cluster.storage().scheme())) {
        return Optional.of(new InstanceOwner(userName, groupName));
      }
      if (user.uidNumber() < 0 || group.gidNumber() < 0) {
        throw new ZetaException(userName + " or " + groupName + " has no POSIX number in the directory (uidNumber, "
            + "gidNumber), so files on " + cluster.storage().rootUri() + " cannot be given to it",
            "give the accounts uidNumber/gidNumber (`zeta role add " + role + "` creates them with numbers)", null);
      }
      return Optional.of(new InstanceOwner(String.valueOf(user.uidNumber()), String.valueOf(group.gidNumber())));
    }
  }

  private static ZetaException missing(String role, String what) {
    return new ZetaException("role " + role + " has no " + what + " in the directory",
        "run `zeta role add " + role + "` again: it creates the role's accounts where they are missing", null);
  }

  /** Gives {@code path} and everything below it to this owner. */
  void apply(Storage storage, String path) throws IOException {
    chown(storage, path);
    for (FileInfo f : storage.list(path)) {
      if (f.directory()) {
        apply(storage, f.path());
      } else {
        chown(storage, f.path());
      }
    }
  }

  private void chown(Storage storage, String path) throws IOException {
    try {
      storage.setOwner(path, user, group);
    } catch (IOException e) {
      throw new ZetaException("cannot give " + path + " to " + user + ":" + group + ": " + firstLine(e.getMessage()),
          "Zeta's process must be allowed to change owners: on HDFS a member of dfs.permissions.superusergroup, "
              + "on a POSIX mount root (see docs/SECURITY.md)", e);
    }
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
