package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List repositories in priority order.")
final class RepoListCommand extends Subcommand {

  @Override
  int execute() {
    RepositoryList list = Catalogs.repositoryList(env(), root().cluster);
    List<RepositoryRef> refs = list.list();
    if (structured()) {
      ObjectNode doc = Json.object();
      doc.set("repositories", Json.tree(refs));
      print(doc);
      return 0;
    }
    if (refs.isEmpty()) {
      out().println("No repositories in " + list.describe() + ". Add one with `zeta package repo add NAME URI`.");
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      rows.add(List.of(String.valueOf(i), refs.get(i).name(), refs.get(i).uri()));
    }
    Output.table(out(), List.of("INDEX", "NAME", "URI"), rows);
    return 0;
  }
}
