package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "set", mixinStandardHelpOptions = true,
    description = {"Change the current (or --cluster) cluster's settings in zeta/kstore/cluster.json: "
        + "its scheduler and the scheduler's token; its directory server (directory options not given keep their value); its image registry and image mirrors.",
        "Every value is checked before anything is written (a directory by binding with it); a scheduler that does not "
            + "answer is a warning, not an error. After a directory is saved every role's accounts are made sure of "
            + "in it (as `zeta role add` does)."})
final class ClusterSetCommand extends Subcommand {
  // One mixin per concern; each implements ClusterSetting, and execute() applies them all.
  @Mixin
  SchedulerSettings scheduler;

  @Mixin
  DirectoryOptions directoryOptions;

  @Mixin
  RegistryOptions registryOptions;

  @Mixin
  WaitOption waitOption;

  private List<ClusterSetting> settings() {
    List<ClusterSetting> all = new ArrayList<>();
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof ClusterSetting s) {
        all.add(s);
      }
    }
    return all;
  }

  @Override
  int execute() throws Exception {
    List<ClusterSetting> given = settings().stream().filter(ClusterSetting::given).toList();
    if (given.isEmpty()) {
      throw usage("give at least one setting (see `zeta cluster set --help`)");
    }
    for (ClusterSetting s : given) {
      s.validate(env());
    }
    try (Cluster opened = cluster()) {
      for (ClusterSetting s : given) {
        s.check(opened, env());
      }
      Cluster now = audited(opened, opened.name(), () -> {
        opened.access().require(io.zeta.cluster.Access.Action.ADMINISTER, null);
        Cluster c = opened;
        for (ClusterSetting s : given) {
          c = s.apply(c, env());
        }
        return c;
      });
      List<String> warnings = new ArrayList<>();
      for (ClusterSetting s : given) {
        warnings.addAll(s.warnings(env()));
      }
      ObjectNode doc = structured() ? result(now.name()).put("cluster", now.name()) : io.zeta.json.Json.object();
      given.forEach(s -> s.describe(now, doc));
      if (!structured()) {
        List<String> parts = new ArrayList<>();
        // Values that are documents (the directory) are said by their setting's own lines.
        doc.fields().forEachRemaining(e -> {
          if (e.getValue().isValueNode()) {
            parts.add(e.getKey() + " " + e.getValue().asText());
          }
        });
        if (!parts.isEmpty()) {
          out().println(Output.safe("Set " + String.join(", ", parts) + " on cluster " + now.name() + "."));
        }
      }
      int failed = 0;
      for (ClusterSetting s : given) {
        failed += s.finish(now, this, doc);
      }
      if (structured()) {
        if (!warnings.isEmpty()) {
          warnings.forEach(doc.putArray("warnings")::add);
        }
        print(doc);
      }
      warnings.forEach(w -> err().println(Output.safe("zeta: warning: " + w)));
      if (failed > 0) {
        err().println("zeta: the settings are saved, but " + failed + " item(s) failed (said above); fix and run "
            + "`zeta role add ROLE` for each role without accounts");
        return 1;
      }
      return 0;
    } finally {
      settings().forEach(ClusterSetting::close);
    }
  }
}
