package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageListing;
import io.zeta.catalog.PackageRepository;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Search packages by name, description and tags.",
        "Without '*' the query is a case-insensitive substring; with '*' it is an anchored wildcard "
            + "(case-sensitive, as in DC/OS). Selected packages are listed first."})
final class PackageSearchCommand extends Subcommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY", description = "What to look for; all packages if omitted.")
  String query;


  @Mixin
  RepoOptions repos;

  @Override
  int execute() {
    Catalog catalog = Catalogs.open(env(), repos, root().cluster);
    List<Catalog.SearchResult> results = catalog.search(query);
    warnSkipped(catalog);
    if (structured()) {
      ObjectNode doc = Json.object();
      ArrayNode packages = doc.putArray("packages");
      for (Catalog.SearchResult r : results) {
        ObjectNode p = packages.addObject();
        p.put("name", r.latest().name());
        p.put("package", r.latest().name()); // Zeta's key beside Cosmos's name
        p.put("currentVersion", r.latest().version());
        ObjectNode versions = p.putObject("versions");
        r.versions().forEach(versions::put);
        p.put("description", r.latest().description());
        p.put("framework", r.latest().framework());
        ArrayNode tags = p.putArray("tags");
        r.latest().tags().forEach(tags::add);
        p.put("selected", r.latest().selected());
      }
      print(doc);
      return 0;
    }
    if (results.isEmpty()) {
      out().println("No packages match" + (query == null ? "." : " '" + query + "'."));
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Catalog.SearchResult r : results) {
      rows.add(List.of(r.latest().name(), r.latest().version(), r.latest().selected() ? "yes" : "",
          r.latest().framework() ? "yes" : "", Output.truncate(r.latest().description(), 70)));
    }
    Output.table(out(), List.of("NAME", "VERSION", "SELECTED", "FRAMEWORK", "DESCRIPTION"), rows);
    return 0;
  }

  private static final int MAX_WARNINGS = 5;

  /** Invalid versions are left out of the results; say so on stderr, so a refused package is not a mystery. */
  private void warnSkipped(Catalog catalog) {
    int shown = 0;
    int more = 0;
    for (PackageRepository repo : catalog.repositories()) {
      for (PackageListing l : repo.listing()) {
        if (l.isValid()) {
          continue;
        }
        if (shown++ < MAX_WARNINGS) {
          String what = l.name() == null ? "a package" : l.name() + (l.version() == null ? "" : "@" + l.version());
          err().println(Output.safe("zeta: warning: skipped invalid " + what + " of repository " + repo.name() + ": "
              + (l.problems().isEmpty() ? "invalid" : l.problems().get(0))));
        } else {
          more++;
        }
      }
    }
    if (more > 0) {
      err().println("zeta: warning: and " + more + " more invalid package versions; see `zeta package repo check URI`");
    }
    err().flush();
  }
}
