package io.zeta.web;

import io.zeta.http.Authenticator;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Tokens;
import java.util.Optional;
import java.util.Set;

/**
 * Who a console request is: the console's own files and the login are open to all; any other
 * request carries the session cookie (and, when it changes something, the session's CSRF token in
 * {@code X-CSRF-Token}), or else whatever the API's own authenticator accepts (the token header).
 */
final class SessionAuthenticator implements Authenticator {
  static final String COOKIE = "zeta_session";
  static final String CSRF_HEADER = "x-csrf-token";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
  private final Sessions sessions;
  private final Authenticator api;

  SessionAuthenticator(Sessions sessions, Authenticator api) {
    this.sessions = sessions;
    this.api = api;
  }

  @Override
  public String authenticate(Request request) {
    if (StaticResource.isConsoleFile(request.path()) || SessionResource.isLogin(request)) {
      return Request.ANONYMOUS;
    }
    if (request.header("authorization").isPresent()) {
      return api.authenticate(request);
    }
    Optional<String> id = cookie(request, COOKIE);
    if (id.isEmpty()) {
      return api.authenticate(request);
    }
    Sessions.Session s = sessions.find(id.get()).orElseThrow(() -> HttpError.of(401,
        "Not Authenticated: the console session has ended; log in again"));
    if (!SAFE.contains(request.method())) {
      String given = request.header(CSRF_HEADER).orElse("");
      if (!Tokens.matches(s.csrf(), given)) {
        throw HttpError.of(403, "Forbidden: a change from the console needs the session's CSRF token in "
            + "X-CSRF-Token; reload the page");
      }
    }
    return s.principal();
  }

  /** A cookie's value from the request's Cookie headers. */
  static Optional<String> cookie(Request request, String name) {
    for (String header : request.headers().getOrDefault("cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).equals(name)) {
          return Optional.of(p.substring(eq + 1));
        }
      }
    }
    return Optional.empty();
  }
}
