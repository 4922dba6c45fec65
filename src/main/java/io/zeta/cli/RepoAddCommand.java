package io.zeta.cli;

import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add", mixinStandardHelpOptions = true,
    description = {"Add a repository. It is opened first: a repository that cannot be read is not added.",
        "URI: a Universe directory (<L>/<name>/<release>/, optionally under packages/), an index file, or an http(s) index."})
final class RepoAddCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Name for the repository.")
  String name;

  @Parameters(index = "1", paramLabel = "URI", description = "Where it is.")
  String uri;

  @Option(names = "--index", paramLabel = "N", description = "Position in the list, 0 = highest priority (default: last).")
  Integer index;

  @Override
  int execute() throws Exception {
    String stored = storedUri(uri);
    String where = Catalogs.changeList(env(), root().cluster, "package repo add", name, list -> {
      RepositoryRef ref = new RepositoryRef(name, stored);
      PackageRepository repo = Repositories.open(ref, env().cacheDir());
      list.add(ref, index);
      return repo.packages().size() + " package versions"
          + (repo.problems().isEmpty() ? "" : ", " + repo.listing().stream().filter(l -> !l.isValid()).count()
              + " skipped as invalid") + ") to " + list.describe();
    });
    if (structured()) {
      print(result(name).put("repository", name).put("uri", stored));
      return 0;
    }
    out().println("Added repository " + name + " (" + stored + ", " + where + ".");
    return 0;
  }

  /** Relative paths are stored as absolute file: URIs so the list works from any directory. */
  private String storedUri(String text) {
    if (text.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return text;
    }
    return env().path(text).toUri().toString();
  }
}
