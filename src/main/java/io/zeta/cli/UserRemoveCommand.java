package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.identity.Directory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true,
    description = "Delete a user from the directory, with their group memberships. A role's service user goes with its role.")
final class UserRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "UID", description = "Login name.")
  String uid;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      Directory directory = ClusterDirectory.require(cluster);
      try {
        audited(cluster, uid, () -> {
          directory.removeUser(uid);
          return null;
        });
        out().println("Removed user " + Output.safe(uid) + " from the directory.");
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }
}
