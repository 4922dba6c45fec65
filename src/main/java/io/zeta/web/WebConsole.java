package io.zeta.web;

import io.zeta.cluster.Cluster;
import io.zeta.http.Authenticator;
import io.zeta.http.Resource;
import io.zeta.server.Authentication;
import io.zeta.server.Packages;
import java.time.Clock;
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

  public WebConsole(Packages packages, Optional<Cluster> cluster, Authentication auth, boolean secure,
      boolean fetchIcons) {
    this.packages = packages;
    this.cluster = cluster;
    this.auth = auth;
    this.secure = secure;
    this.fetchIcons = fetchIcons;
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
    return List.of(
        new StaticResource(),
        new SessionResource(sessions, auth, secure),
        catalog,
        new IconResource(packages, catalog, fetchIcons));
  }

  /** The console's files and login first, then its session cookie (with CSRF), then {@code api} (tokens). */
  public Authenticator authenticator(Authenticator api) {
    return new SessionAuthenticator(sessions, api);
  }
}
