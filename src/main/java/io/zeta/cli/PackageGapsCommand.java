package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.PackageSummary;
import io.zeta.export.Gap;
import io.zeta.export.GapsReport;
import io.zeta.export.UniverseExport;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "gaps", mixinStandardHelpOptions = true,
    description = {"List each Zeta feature a package uses that DC/OS's package manager cannot express: how "
        + "`zeta package export` approximates it and what is lost.",
        "With --all --markdown, the proposal to the DC/OS community (docs/DCOS-GAPS.md is its output for packages/)."})
final class PackageGapsCommand extends Subcommand {
  /** The command that generates docs/DCOS-GAPS.md, named in the file itself and in the README. */
  static final String DOC_COMMAND = "zeta package gaps --all --markdown --repo packages";

  @Parameters(index = "0", arity = "0..1", paramLabel = "PKG[@VERSION]", description = "Package, optionally with a version.")
  String pkg;

  @Option(names = "--all", description = "Every package (newest release of each) of the repositories.")
  boolean all;

  @Option(names = "--markdown", description = "Print the gaps grouped by missing Cosmos feature, with the proposed changes (docs/DCOS-GAPS.md).")
  boolean markdown;

  @Mixin
  RepoOptions repos;

  @Override
  int execute() {
    if ((pkg == null) == !all) {
      throw usage("give a package or --all");
    }
    if (structured() && markdown) {
      throw usage("--json and --markdown exclude each other");
    }
    Catalog catalog = Catalogs.open(env(), repos, root().cluster);
    List<PackageDefinition> defs = new ArrayList<>();
    if (all) {
      Map<String, Boolean> names = new TreeMap<>();
      catalog.all().forEach(s -> names.put(s.name(), true));
      for (String name : names.keySet()) {
        defs.add(catalog.resolve(new PackageRef(name, java.util.Optional.empty())));
      }
    } else {
      defs.add(catalog.resolve(PackageRef.parse(pkg)));
    }
    if (markdown) {
      out().print(GapsReport.markdown(defs, DOC_COMMAND));
      out().flush();
      return 0;
    }
    if (structured()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (PackageDefinition def : defs) {
        ObjectNode o = array.addObject();
        o.put("package", def.name());
        o.put("version", def.version());
        gapsJson(o.putArray("gaps"), UniverseExport.gaps(def));
      }
      print(all ? array : array.get(0));
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (PackageDefinition def : defs) {
      for (Gap g : UniverseExport.gaps(def)) {
        List<String> row = new ArrayList<>();
        if (all) {
          row.add(def.name());
        }
        row.addAll(List.of(g.feature(), Output.truncate(g.detail(), 40), g.approximation(), g.lost()));
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      out().println("nothing lost: a plain Universe package");
      return 0;
    }
    List<String> headers = new ArrayList<>(List.of("FEATURE", "USES", "EXPORT DOES", "LOST ON DC/OS"));
    if (all) {
      headers.add(0, "PACKAGE");
    }
    Output.table(out(), headers, rows);
    return 0;
  }

  static void gapsJson(ArrayNode array, List<Gap> gaps) {
    for (Gap g : gaps) {
      ObjectNode o = array.addObject();
      o.put("feature", g.feature());
      o.put("title", g.title());
      o.put("uses", g.detail());
      o.put("approximation", g.approximation());
      o.put("lost", g.lost());
    }
  }
}
