package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.identity.Directory;
import io.zeta.identity.DirectoryUser;
import io.zeta.identity.RoleDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = "Create a user in the directory and make them a member of a role's four groups. The uid is the next free "
        + "one of the role's range unless --uid-number; the primary group is the role's apps group.")
final class UserAddCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "UID", description = "Login name: ^[a-z_][a-z0-9_-]{0,31}$.")
  String uid;

  @Option(names = "--role", required = true, paramLabel = "ROLE", description = "The role the user works in.")
  String role;

  @Option(names = "--given", paramLabel = "NAME", description = "Given name.")
  String given;

  @Option(names = "--surname", paramLabel = "NAME", description = "Surname (default: the login name).")
  String surname;

  @Option(names = "--uid-number", paramLabel = "N", description = "The user's uid number (default: the next free in the role's range).")
  Long uidNumber;

  @Override
  int execute() throws Exception {
    UserNames.check(uid);
    io.zeta.cluster.Names.role(role);
    for (String[] name : new String[][] {{"--given", given}, {"--surname", surname}}) {
      if (name[1] != null && (name[1].isBlank() || name[1].length() > 64 || name[1].chars().anyMatch(Character::isISOControl))) {
        throw usage(name[0] + " must be a name of 1 to 64 visible characters");
      }
    }
    if (uidNumber != null && (uidNumber < 1000 || uidNumber > Integer.MAX_VALUE)) {
      throw usage("--uid-number " + uidNumber + " is out of range (1000.." + Integer.MAX_VALUE + ")");
    }
    try (Cluster cluster = cluster()) {
      Directory directory = ClusterDirectory.require(cluster);
      try {
        cluster.roles().require(role);
        RoleDirectory rd = new RoleDirectory(directory, cluster.roles());
        DirectoryUser user = audited(cluster, uid, () -> {
          long number = uidNumber != null ? uidNumber : rd.nextUserUid(role);
          long gid = cluster.roles().read(role).orElseThrow().uidStart() + Directory.GROUP_OFFSET;
          DirectoryUser u = directory.addUser(new Directory.NewUser(uid, number, gid, given, surname));
          try {
            directory.addRoleMember(role, uid);
          } catch (ZetaException e) {
            directory.removeUser(uid);
            throw e;
          }
          return u;
        });
        out().println("Added user " + user.uid() + " (uid " + user.uidNumber() + ", gid " + user.gidNumber() + ") to role " + role
            + ": " + user.dn());
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }
}
