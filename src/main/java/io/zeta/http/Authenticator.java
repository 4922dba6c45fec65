package io.zeta.http;

/**
 * Who sent a request, decided before its route runs. {@link WebServer} uses the configured token
 * ({@link HttpServerConfig#token}) unless given one of these (zeta serve's: login tokens, the
 * local admin token, public login endpoints).
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * The principal's name ({@link Request#ANONYMOUS} for a request that needs none, such as a
   * login); throws an {@link HttpError} 401 (with its {@code WWW-Authenticate}) to refuse.
   */
  String authenticate(Request request);
}
