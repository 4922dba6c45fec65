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
        + "its scheduler and the scheduler's token.",
        "Every value is checked before anything is written; a scheduler that does not answer is a warning, not an error."})
final class ClusterSetCommand extends Subcommand {
  // One mixin per concern; each implements ClusterSetting, and execute() applies them all.
  @Mixin
  SchedulerSettings scheduler;

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
      Cluster now = audited(opened, opened.name(), () -> {
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
      if (structured()) {
        ObjectNode doc = result(now.name()).put("cluster", now.name());
        given.forEach(s -> s.describe(now, doc));
        if (!warnings.isEmpty()) {
          warnings.forEach(doc.putArray("warnings")::add);
        }
        print(doc);
      } else {
        ObjectNode doc = io.zeta.json.Json.object();
        given.forEach(s -> s.describe(now, doc));
        List<String> parts = new ArrayList<>();
        doc.fields().forEachRemaining(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
        out().println(Output.safe("Set " + String.join(", ", parts) + " on cluster " + now.name() + "."));
      }
      warnings.forEach(w -> err().println(Output.safe("zeta: warning: " + w)));
      return 0;
    }
  }
}
