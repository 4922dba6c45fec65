package io.zeta.web;

import io.zeta.cluster.Cluster;
import io.zeta.http.Authenticator;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Tokens;
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
  private final Optional<String> adminToken;
  private final boolean secure;
  private final boolean fetchIcons;

  public WebConsole(Packages packages, Optional<Cluster> cluster, Optional<String> adminToken, boolean secure,
      boolean fetchIcons) {
    this.packages = packages;
    this.cluster = cluster;
    this.adminToken = adminToken;
    this.secure = secure;
    this.fetchIcons = fetchIcons;
  }

  public List<Resource> resources() {
    CatalogResource catalog = new CatalogResource(packages, cluster);
    return List.of(
        new StaticResource(),
        new SessionResource(sessions, adminToken, Optional.empty(), secure),
        catalog,
        new IconResource(packages, catalog, fetchIcons));
  }

  /**
   * The console's session cookie first, then the API's own credentials: {@code api}, or without one
   * the admin token in {@code Authorization} (as {@code zeta serve} checks it).
   */
  public Authenticator authenticator(Optional<Authenticator> api) {
    return new SessionAuthenticator(sessions, api.orElse(this::token));
  }

  private String token(Request request) {
    if (adminToken.isEmpty()) {
      return Request.ANONYMOUS;
    }
    Optional<String> given = Tokens.fromAuthorization(request.header("authorization").orElse(null));
    if (given.isEmpty() || !Tokens.matches(adminToken.get(), given.get())) {
      throw HttpError.of(401, "Not Authenticated: " + (given.isEmpty() ? "no token given" : "the token is not valid")
          + "; log in to the console, or send 'Authorization: token=<token>' with the token of this server",
          java.util.Map.of("WWW-Authenticate", "Bearer realm=\"zeta-serve\""));
    }
    return "token";
  }
}
