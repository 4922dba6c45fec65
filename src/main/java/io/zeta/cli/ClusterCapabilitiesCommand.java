package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Capabilities;
import io.zeta.cluster.Cluster;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "capabilities", mixinStandardHelpOptions = true,
    description = {"List what the cluster offers to packages (zeta.json \"requires\").",
        "Detected: shared-storage, fs:<scheme>, scheduler:<embedded|marathon>, posix-mount. Declared: the rest."})
final class ClusterCapabilitiesCommand extends Subcommand {
  @Option(names = "--add", paramLabel = "NAME", description = "Declare a capability (repeatable).")
  List<String> add = new ArrayList<>();

  @Option(names = "--remove", paramLabel = "NAME", description = "Withdraw a declared capability (repeatable).")
  List<String> remove = new ArrayList<>();


  @Override
  int execute() throws Exception {
    Cluster cluster = cluster();
    try {
      if (!add.isEmpty() || !remove.isEmpty()) {
        Cluster current = cluster;
        cluster = audited(cluster, String.join(",", add) + (remove.isEmpty() ? "" : " -" + String.join(",", remove)), () -> {
          Set<String> declared = new LinkedHashSet<>(current.config().capabilities());
          for (String c : add) {
            if (!c.matches("^[a-z][a-z0-9-]*(:[a-z0-9][a-z0-9.+-]*)?$")) {
              throw new ZetaException("invalid capability '" + c + "'");
            }
            declared.add(c);
          }
          for (String c : remove) {
            if (!declared.remove(c)) {
              throw new ZetaException("capability " + c + " is not declared (detected ones cannot be removed)");
            }
          }
          return current.withDeclaredCapabilities(List.copyOf(declared));
        });
      }
      List<String> detected = new ArrayList<>(Capabilities.detected(cluster.storage().scheme(),
          cluster.mountPoint().isPresent(), cluster.config()));
      detected.addAll(cluster.runtimeCapabilities());
      if (structured()) {
        var doc = Json.object();
        var list = doc.putArray("capabilities");
        for (String c : cluster.capabilities()) {
          list.addObject().put("name", c).put("source", detected.contains(c) ? "detected" : "declared");
        }
        print(doc);
      } else {
        List<List<String>> rows = new ArrayList<>();
        for (String c : cluster.capabilities()) {
          rows.add(List.of(c, detected.contains(c) ? "detected" : "declared"));
        }
        Output.table(out(), List.of("CAPABILITY", "SOURCE"), rows);
      }
      return 0;
    } finally {
      cluster.close();
    }
  }
}
