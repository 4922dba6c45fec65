package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.identity.Directory;
import picocli.CommandLine.Parameters;

/** The two verbs: ROLE UID, audited, idempotent. */
abstract class RoleMembersChange extends Subcommand {
  @Parameters(index = "0", paramLabel = "ROLE", description = "Role name.")
  String role;

  @Parameters(index = "1", paramLabel = "UID", description = "Login name of a directory user.")
  String uid;

  abstract boolean change(Directory d) throws java.io.IOException;

  abstract String done(boolean changed);

  @Override
  int execute() throws Exception {
    io.zeta.cluster.Names.role(role);
    try (Cluster cluster = cluster()) {
      cluster.roles().require(role);
      Directory directory = ClusterDirectory.require(cluster);
      try {
        boolean changed = audited(cluster, role + "/" + uid, () -> change(directory));
        out().println(Output.safe(done(changed)));
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }
}
