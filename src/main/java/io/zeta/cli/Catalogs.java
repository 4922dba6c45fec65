package io.zeta.cli;

import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.catalog.UserRepositoryStore;
import java.util.ArrayList;
import java.util.List;

/** Where catalog commands get their repositories: --repo, else the configured list. */
final class Catalogs {
  private Catalogs() {}

  static Catalog open(ZetaEnv env, RepoOptions options, String clusterFlag) {
    List<RepositoryRef> refs = new ArrayList<>();
    if (!options.repos.isEmpty()) {
      for (String uri : options.repos) {
        refs.add(new RepositoryRef(adHocName(uri, refs.size()), local(env, uri)));
      }
    } else {
      refs.addAll(repositoryList(env, clusterFlag).list());
    }
    List<PackageRepository> repos = new ArrayList<>();
    for (RepositoryRef ref : refs) {
      repos.add(Repositories.open(ref, env.cacheDir()));
    }
    return new Catalog(repos);
  }

  /** The configured repository list: the current cluster's once it exists, the user's before. */
  static RepositoryList repositoryList(ZetaEnv env, String clusterFlag) {
    if (Clusters.configured(env, clusterFlag).isPresent()) {
      // The cluster stays open for the life of this (short) command.
      return Clusters.open(env, clusterFlag).repositories();
    }
    return new RepositoryList(new UserRepositoryStore(env.home()));
  }

  /**
   * Runs a change of the repository list, audited in the cluster's log when the list is a
   * cluster's (a user's own list has no audit log).
   */
  static <T> T changeList(ZetaEnv env, String clusterFlag, String command, String target,
      java.util.function.Function<RepositoryList, T> change) throws Exception {
    if (Clusters.configured(env, clusterFlag).isEmpty()) {
      return change.apply(new RepositoryList(new UserRepositoryStore(env.home())));
    }
    try (io.zeta.cluster.Cluster cluster = Clusters.open(env, clusterFlag)) {
      return Clusters.audited(cluster, env, command, target, () -> {
        cluster.access().require(io.zeta.cluster.Access.Action.REPOSITORIES, null);
        return change.apply(cluster.repositories());
      });
    }
  }

  /** A relative path is the user's: resolved against the command's working directory. */
  private static String local(ZetaEnv env, String uri) {
    if (uri.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") || uri.startsWith("/")) {
      return uri;
    }
    return env.cwd().resolve(uri).normalize().toString();
  }

  private static String adHocName(String uri, int index) {
    // A name starts and ends with a letter or digit: "../repo" is named "repo", not "..-repo".
    String base = uri.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    if (base.isEmpty()) {
      base = "repo";
    }
    if (base.length() > 48) {
      base = base.substring(base.length() - 48).replaceAll("^[^A-Za-z0-9]+", "");
    }
    return index == 0 ? base : base + "-" + index;
  }
}
