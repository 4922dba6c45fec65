package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.PackageSummary;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "list-versions", mixinStandardHelpOptions = true,
    description = "List the versions of a package, newest release first.")
final class PackageListVersionsCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG", description = "Package name.")
  String name;


  @Mixin
  RepoOptions repos;

  @Override
  int execute() {
    Catalog catalog = Catalogs.open(env(), repos, root().cluster);
    List<PackageSummary> versions = catalog.versions(PackageRef.parse(name).name());
    if (structured()) {
      ObjectNode doc = Json.object();
      ObjectNode results = doc.putObject("results");
      versions.forEach(v -> results.put(v.version(), String.valueOf(v.releaseVersion())));
      print(doc);
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (PackageSummary v : versions) {
      rows.add(List.of(v.version(), String.valueOf(v.releaseVersion()), v.packagingVersion(), v.repository()));
    }
    Output.table(out(), List.of("VERSION", "RELEASE", "PACKAGING", "REPOSITORY"), rows);
    return 0;
  }
}
