package io.zeta.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a repository from the list.")
final class RepoRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The repository's name.")
  String name;

  @Override
  int execute() throws Exception {
    String where = Catalogs.changeList(env(), root().cluster, "package repo remove", name, list -> {
      list.remove(name);
      return list.describe();
    });
    if (structured()) {
      print(result(name).put("repository", name));
      return 0;
    }
    out().println("Removed repository " + name + " from " + where + ".");
    return 0;
  }
}
