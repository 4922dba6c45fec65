package io.zeta.cli;

import io.zeta.catalog.RepositoryList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a repository from the list.")
final class RepoRemoveCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The repository's name.")
  String name;

  @Override
  int execute() {
    RepositoryList list = Catalogs.repositoryList(env(), root().cluster);
    list.remove(name);
    out().println("Removed repository " + name + " from " + list.describe() + ".");
    return 0;
  }
}
