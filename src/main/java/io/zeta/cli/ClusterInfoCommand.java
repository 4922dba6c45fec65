package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.json.Json;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the cluster: root, name, scheduler, capabilities, roles.")
final class ClusterInfoCommand extends Subcommand {

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      List<String> roles = cluster.roles().list().stream().map(RoleRecord::name).toList();
      if (structured()) {
        ObjectNode doc = Json.object();
        doc.put("cluster", cluster.name());
        doc.put("root", cluster.storage().rootUri());
        doc.put("scheduler", cluster.config().scheduler());
        doc.put("adminUser", cluster.config().adminUser());
        cluster.mountPoint().ifPresent(m -> doc.put("mount", m));
        doc.set("capabilities", Json.tree(cluster.capabilities()));
        doc.set("roles", Json.tree(roles));
        doc.put("historyMax", HistorySettings.historyMax(cluster.config()));
        // The directory's settings (never its password, which is not in cluster.json).
        cluster.config().directoryConfig().ifPresentOrElse(d -> doc.set("directory", Json.tree(d)), () -> doc.putNull("directory"));
        print(doc);
        return 0;
      }
      out().println("Name:          " + cluster.name());
      out().println("Root:          " + cluster.storage().rootUri());
      out().println("Scheduler:     " + cluster.config().scheduler());
      out().println("Admin user:    " + cluster.config().adminUser());
      cluster.mountPoint().ifPresent(m -> out().println("Mount:         " + m));
      out().println("Capabilities:  " + String.join(", ", cluster.capabilities()));
      out().println("Roles:         " + String.join(", ", roles));
      out().println("History max:   " + HistorySettings.historyMax(cluster.config()) + " revisions per instance"
          + (cluster.config().historyMax() == null ? " (the default)" : ""));
      out().println("Directory:     " + cluster.config().directoryConfig().map(d -> d.url() + (d.startTls() ? " (StartTLS)" : "")
          + ", " + d.layout() + " layout, base " + d.baseDn() + ", bound as " + d.bindDn() + ", admins: " + d.adminGroup()
          + (d.packagersGroup() == null ? "" : ", packagers: " + d.packagersGroup()))
          .orElse("none (" + io.zeta.identity.Directories.NOT_ENFORCED + ")"));
      return 0;
    }
  }
}
