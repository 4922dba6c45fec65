package io.zeta.web;

import io.zeta.cluster.Cluster;
import io.zeta.http.Authenticator;
import io.zeta.http.Resource;
import io.zeta.server.Authentication;
import io.zeta.server.Packages;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The web console on {@code zeta serve}: its page and files, the session login, and the
 * {@code /zeta/v1/} resources the page needs beyond Cosmos's. The page speaks only this server's
 * HTTP API, so everything it does a script can do. See docs/WEB.md.
 *
 * @param secure whether the server speaks TLS (the session cookie is then {@code Secure})
 */
public final class WebConsole {
  public static final Duration SESSION_TTL = Duration.ofHours(8);
  private final Sessions sessions = new Sessions(SESSION_TTL, Clock.systemUTC());
  private final Packages packages;
  private final Optional<Cluster> cluster;
  private final Authentication auth;
  private final boolean secure;
  private final boolean fetchIcons;
  private final Optional<Services> services;

  /**
   * What the console's changing endpoints need of the cluster's surroundings.
   *
   * @param scheduler the cluster's scheduler, asked for each request (a local agent may start later)
   * @param fetcher how stages fetch artifacts
   * @param agentWorkDir the embedded scheduler's work directory, whose sandboxes hold the tasks' output
   */
  public record Services(Supplier<AppRuntime> scheduler, Function<Cluster, ArtifactFetcher> fetcher,
      Optional<Path> agentWorkDir) {}

  public WebConsole(Packages packages, Optional<Cluster> cluster, Authentication auth, boolean secure,
      boolean fetchIcons, Optional<Services> services) {
    this.packages = packages;
    this.cluster = cluster;
    this.auth = auth;
    this.secure = secure;
    this.fetchIcons = fetchIcons;
    this.services = services;
  }

  public List<Resource> resources() {
    CatalogResource catalog = new CatalogResource(packages, cluster);
    // The catalog listing reads every package's zeta.json once: done now, not on the first page load.
    Thread warm = new Thread(() -> {
      try {
        catalog.warm();
      } catch (RuntimeException e) {
        // The first request reports it.
      }
    }, "zeta-web-catalog");
    warm.setDaemon(true);
    warm.start();
    List<Resource> all = new ArrayList<>(List.of(
        new StaticResource(),
        new SessionResource(sessions, auth, secure, cluster.isPresent() && services.isPresent()),
        catalog,
        new IconResource(packages, catalog, fetchIcons)));
    if (cluster.isPresent() && services.isPresent()) {
      Services s = services.get();
      all.add(new InstanceActionsResource(cluster.get(), auth, s.scheduler(), s.agentWorkDir()));
      all.add(new StageActionsResource(cluster.get(), auth, catalog, s.fetcher()));
    }
    return List.copyOf(all);
  }

  /** The console's files and login first, then its session cookie (with CSRF), then {@code api} (tokens). */
  public Authenticator authenticator(Authenticator api) {
    return new SessionAuthenticator(sessions, api);
  }
}
