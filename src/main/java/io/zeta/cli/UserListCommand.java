package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.identity.Directory;
import io.zeta.identity.DirectoryUser;
import io.zeta.identity.RoleDirectory;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the directory's users (at most --limit) with the roles whose groups they are in.")
final class UserListCommand extends Subcommand {
  @Option(names = "--role", paramLabel = "ROLE", description = "Only members of this role (its service user included).")
  String role;

  @Option(names = "--limit", defaultValue = "1000", description = "At most this many users (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  int execute() throws Exception {
    if (role != null) {
      io.zeta.cluster.Names.role(role);
    }
    try (Cluster cluster = cluster()) {
      if (role != null) {
        cluster.roles().require(role);
      }
      Directory directory = ClusterDirectory.require(cluster);
      try {
        Map<String, Set<String>> byRole = new RoleDirectory(directory, cluster.roles()).membersByRole();
        List<DirectoryUser> users = new ArrayList<>();
        for (DirectoryUser u : directory.users(limit)) {
          if (role == null || byRole.getOrDefault(role, Set.of()).contains(u.uid())) {
            users.add(u);
          }
        }
        if (structured()) {
          ArrayNode array = Json.MAPPER.createArrayNode();
          for (DirectoryUser u : users) {
            ObjectNode o = array.addObject();
            o.put("principal", u.uid());
            o.put("uidNumber", u.uidNumber());
            o.put("gidNumber", u.gidNumber());
            o.put("dn", u.dn());
            o.set("roles", Json.tree(roles(byRole, u.uid())));
          }
          print(Json.object().set("users", array));
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (DirectoryUser u : users) {
          rows.add(List.of(Output.safe(u.uid()), number(u.uidNumber()), number(u.gidNumber()),
              String.join(",", roles(byRole, u.uid())), Output.safe(u.dn())));
        }
        Output.table(out(), List.of("USER", "UID", "GID", "ROLES", "DN"), rows);
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(directory);
      }
    }
  }

  private static List<String> roles(Map<String, Set<String>> byRole, String uid) {
    return byRole.entrySet().stream().filter(e -> e.getValue().contains(uid)).map(Map.Entry::getKey).toList();
  }

  static String number(long n) {
    return n < 0 ? "-" : Long.toString(n);
  }
}
