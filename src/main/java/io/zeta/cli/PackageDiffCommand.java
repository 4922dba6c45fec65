package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.lifecycle.DiffInstance;
import io.zeta.lifecycle.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show what an upgrade of an instance would change: its Marathon apps created, updated or destroyed, "
        + "and the unified diff of each rendered file (marathon.json, env.sh, config files, the role env file) between "
        + "what the instance has now and a fresh render with the proposed version and options.",
        "Options given are applied over the instance's own options (--reset-options: over the package's defaults). "
            + "Secret values are masked on both sides; a changed secret option is named, not shown. Reads only.",
        "Exit status: 0, changes or not; with --exit-code, 0 when nothing would change and 3 when something would "
            + "(1 stays an error, 2 a usage error)."})
final class PackageDiffCommand extends Subcommand {
  /** The exit status of `diff --exit-code` when the upgrade would change something (1 and 2 are errors). */
  static final int EXIT_CHANGES = 3;

  @Parameters(index = "0", paramLabel = "ROLE/ID", description = "The instance.")
  String target;

  @Option(names = "--to", paramLabel = "VERSION", description = "The proposed version (staged); the instance's own by default.")
  String toVersion;

  @Option(names = "--reset-options", description = "Apply the options given over the package's defaults, not over the "
      + "instance's options.")
  boolean resetOptions;

  @Option(names = "--exit-code", description = "Exit 3 when the upgrade would change something, 0 when not.")
  boolean exitCode;

  @Mixin
  OptionsInput options;

  @Override
  int execute() throws Exception {
    String[] roleId = Names.roleAndId(target);
    try (Cluster cluster = cluster()) {
      Plan plan = reading(cluster, target, () -> new DiffInstance(cluster).run(new DiffInstance.Request(roleId[0],
          roleId[1], Optional.ofNullable(toVersion), options.read(env()), resetOptions)));
      boolean changed = plan.changesAnything();
      if (structured()) {
        ObjectNode doc = plan.toJson();
        doc.remove("dryRun");
        doc.put("changed", changed);
        print(doc);
      } else {
        print(plan, changed);
      }
      return exitCode && changed ? EXIT_CHANGES : 0;
    }
  }

  private void print(Plan plan, boolean changed) {
    String version = plan.toJson().path("version").asText();
    String to = plan.toJson().path("toVersion").asText();
    String what = Output.safe(plan.target()) + " (" + Output.safe(plan.toJson().path("package").asText()) + " " + Output.safe(version)
        + (version.equals(to) ? "" : " -> " + Output.safe(to)) + ")";
    if (!changed) {
      out().println("No changes: " + what + " renders the same as it is installed.");
      return;
    }
    out().println("Changes to " + what + ":");
    List<List<String>> rows = new ArrayList<>();
    for (Plan.Change c : plan.changes()) {
      rows.add(List.of("  " + c.action().id(), c.kind().id(), c.target()));
    }
    for (String s : plan.secretChanges()) {
      rows.add(List.of("  change", "secret", s + " (value not shown)"));
    }
    Output.table(out(), List.of("  ACTION", "KIND", "TARGET"), rows);
    for (Plan.Change c : plan.changes()) {
      if (c.diff() != null) {
        out().println();
        String text = Output.safeText(c.diff());
        out().print(text.endsWith("\n") ? text : text + "\n");
      }
    }
    out().flush();
  }
}
