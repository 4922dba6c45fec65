package io.zeta.server;

import io.zeta.ZetaException;
import io.zeta.cluster.Access;
import io.zeta.http.Authenticator;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Tokens;
import io.zeta.identity.Authorizer;
import io.zeta.identity.Principal;
import io.zeta.identity.ServerIdentity;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Who sent each request to {@code zeta serve} (the server's {@link Authenticator}), and the logins
 * that make them someone. A request is authenticated by, in this order:
 * <ol>
 *   <li>{@code Authorization: token=<t>} (or {@code Bearer <t>}) with the server's local admin token
 *       (written 0600 at start): the cluster's owner, an admin;</li>
 *   <li>the same header with a login token ({@link LoginTokens}: HS256 JWT, expiring): its subject;</li>
 *   <li>any {@link Credentials} registered with {@link #accept} (the web console's session cookie).</li>
 * </ol>
 * Otherwise 401 with {@code WWW-Authenticate: acsjwt}. The login endpoints themselves are public.
 * {@link #of} gives handlers the {@link RequestPrincipal}. Thread-safe.
 */
public final class Authentication implements Authenticator {
  /** Endpoints answered without authentication: the login and what the CLI asks before it. */
  public static final Set<String> PUBLIC_PATHS = Set.of("/acs/api/v1/auth/login", "/acs/api/v1/auth/providers");

  /** Another way a request may say who sent it (a session cookie): the principal's name, or empty. */
  @FunctionalInterface
  public interface Credentials {
    Optional<String> principal(Request request);
  }

  private final String localToken;
  private final Principal admin;
  private final Function<Principal, Access> access;
  private final Optional<ServerIdentity> identity;
  private final Optional<LoginTokens> tokens;
  private final LoginThrottle throttle;
  private final List<Credentials> credentials = new CopyOnWriteArrayList<>();

  private Authentication(String localToken, Principal admin, Function<Principal, Access> access,
      Optional<ServerIdentity> identity, Optional<LoginTokens> tokens, LoginThrottle throttle) {
    this.localToken = localToken;
    this.admin = admin;
    this.access = access;
    this.identity = identity;
    this.tokens = tokens;
    this.throttle = throttle;
  }

  /** No cluster (the user's own repositories): only the local token, as this process's user; nothing enforced. */
  public static Authentication localOnly(String localToken) {
    Principal me = Principal.os();
    return new Authentication(localToken, me, p -> Authorizer.unenforced(p, me.name()), Optional.empty(),
        Optional.empty(), LoginThrottle.defaults());
  }

  /**
   * A cluster's server: the local token acts as the cluster's owner; with a directory, logins
   * (LDAP bind) answer tokens signed by the cluster's key ({@link LoginTokens#clusterKey}).
   *
   * @param signingKey the cluster's key (read only where a directory is configured)
   * @param audience the cluster's id, so a token of one cluster is refused by another
   */
  public static Authentication forCluster(String localToken, ServerIdentity identity, byte[] signingKey,
      String audience, Duration expiry) {
    Optional<LoginTokens> tokens = identity.hasDirectory()
        ? Optional.of(new LoginTokens(signingKey, audience, expiry, Clock.systemUTC())) : Optional.empty();
    return new Authentication(localToken, identity.owner(), identity::authorizer, Optional.of(identity), tokens,
        LoginThrottle.defaults());
  }

  /** The same, with a clock (tests of expiry) and a failed-login limit. */
  static Authentication forCluster(String localToken, ServerIdentity identity, byte[] signingKey, String audience,
      Duration expiry, Clock clock, LoginThrottle throttle) {
    Optional<LoginTokens> tokens = identity.hasDirectory()
        ? Optional.of(new LoginTokens(signingKey, audience, expiry, clock)) : Optional.empty();
    return new Authentication(localToken, identity.owner(), identity::authorizer, Optional.of(identity), tokens,
        throttle);
  }

  /**
   * The cluster's login-token key (0600 under the cluster's secrets; generated on first use, never
   * printed); only the cluster's owner may read it.
   */
  public static byte[] signingKey(io.zeta.cluster.storage.Storage storage) {
    return LoginTokens.clusterKey(storage);
  }

  /** Registers another way of authenticating (checked after the Authorization header). */
  public void accept(Credentials source) {
    credentials.add(source);
  }

  /** The principal of an authenticated request (401 for a request that is not, such as a public one). */
  public RequestPrincipal of(Request request) {
    if (!request.authenticated()) {
      throw unauthenticated("this endpoint needs a token");
    }
    Principal p = Principal.of(request.principal(), "http");
    return new RequestPrincipal(p, access.apply(p));
  }

  /** Whether logins are possible (a directory is configured). */
  public boolean loginAvailable() {
    return tokens.isPresent();
  }

  /** How long a login token is valid. */
  public Optional<Duration> tokenExpiry() {
    return tokens.map(LoginTokens::expiry);
  }

  /**
   * Checks the password by an LDAP bind and answers a new login token; refusals in Cosmos's shape:
   * 501 without a directory, 429 after too many failures for the uid, 401 for a wrong uid or
   * password (the same answer for both). The caller audits.
   */
  public String login(String uid, String password) {
    if (tokens.isEmpty()) {
      throw CosmosError.of(501, "NotImplemented", "login needs a directory: no directory is configured for this "
          + "cluster (zeta cluster set --ldap URL ...); use the local admin token of zeta serve instead");
    }
    try {
      Principal.checkName(uid);
    } catch (ZetaException e) {
      // No directory user has such a name: the same answer as a wrong password.
      throw CosmosError.of(401, "Unauthorized", "login failed: the uid or the password is not right");
    }
    Optional<Duration> wait = throttle.blocked(uid);
    if (wait.isPresent()) {
      throw CosmosError.of(429, "TooManyRequests", "too many failed logins for " + uid + "; try again in "
          + Math.max(1, wait.get().toSeconds()) + " s", io.zeta.json.Json.object(),
          Map.of("Retry-After", String.valueOf(Math.max(1, wait.get().toSeconds()))));
    }
    Optional<Principal> who;
    try {
      who = identity.orElseThrow().login(uid, password);
    } catch (ZetaException e) {
      throw CosmosError.of(503, "ServiceUnavailable", e.getMessage());
    }
    if (who.isEmpty()) {
      throw failed(uid);
    }
    throttle.succeeded(uid);
    return tokens.get().issue(who.get());
  }

  private CosmosError failed(String uid) {
    throttle.failed(uid);
    return CosmosError.of(401, "Unauthorized", "login failed: the uid or the password is not right");
  }

  /** The user a login token names; 401 (expired, forged, another cluster's...) otherwise. */
  public String verify(String token) {
    if (tokens.isEmpty()) {
      throw unauthenticated("the token is not valid (this server issues no login tokens: no directory is configured)");
    }
    try {
      return tokens.get().verify(token);
    } catch (LoginTokens.Refused e) {
      throw unauthenticated(e.getMessage() + "; log in again (dcos auth login)");
    }
  }

  @Override
  public String authenticate(Request request) {
    if (PUBLIC_PATHS.contains(request.path())) {
      return Request.ANONYMOUS;
    }
    Optional<String> given = Tokens.fromAuthorization(request.header("authorization").orElse(null));
    if (given.isPresent()) {
      if (Tokens.matches(localToken, given.get())) {
        return admin.name();
      }
      if (LoginTokens.looksLikeJwt(given.get())) {
        return verify(given.get());
      }
      throw unauthenticated("the token is not valid");
    }
    for (Credentials c : credentials) {
      Optional<String> who = c.principal(request);
      if (who.isPresent()) {
        return Principal.checkName(who.get());
      }
    }
    throw unauthenticated("no token given");
  }

  private static HttpError unauthenticated(String why) {
    // The refusal hook (CosmosError.from) gives it Cosmos's shape and WWW-Authenticate: acsjwt.
    return HttpError.of(401, "Not Authenticated: " + why + "; send 'Authorization: token=<token>' with a token from "
        + "POST /acs/api/v1/auth/login or the local admin token of zeta serve");
  }
}
