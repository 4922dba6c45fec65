package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.identity.Directory;
import io.zeta.identity.DirectoryUser;
import io.zeta.identity.RoleDirectory;
import io.zeta.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a directory user: numbers, DN, groups and roles.")
final class UserShowCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "UID", description = "Login name.")
  String uid;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      Directory directory = ClusterDirectory.require(cluster);
      try {
        DirectoryUser u = directory.user(uid).orElseThrow(() -> new ZetaException("the directory has no user '"
            + Output.safe(uid) + "'", "see `zeta user list`", null));
        Set<String> groups = directory.groupsOf(u.uid());
        Map<String, List<String>> roles = new RoleDirectory(directory, cluster.roles()).rolesOf(u.uid());
        if (structured()) {
          ObjectNode o = Json.object();
          o.put("principal", u.uid());
          o.put("uidNumber", u.uidNumber());
          o.put("gidNumber", u.gidNumber());
          o.put("dn", u.dn());
          o.set("groups", Json.tree(groups));
          o.set("roles", Json.tree(List.copyOf(roles.keySet())));
          print(o);
          return 0;
        }
        out().println("User:    " + Output.safe(u.uid()));
        out().println("UID:     " + UserListCommand.number(u.uidNumber()));
        out().println("GID:     " + UserListCommand.number(u.gidNumber()));
        out().println("DN:      " + Output.safe(u.dn()));
        out().println("Groups:  " + Output.safe(String.join(", ", groups)));
        out().println("Roles:   " + (roles.isEmpty() ? "(none)" : String.join(", ", roles.keySet())));
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }
}
