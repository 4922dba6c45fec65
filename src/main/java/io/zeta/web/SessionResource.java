package io.zeta.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.server.Authentication;
import io.zeta.json.Json;
import java.util.Map;

/**
 * {@code /zeta/v1/web/session}: the console's login. {@code POST {"token": T}} logs in with the
 * server's admin token (the one in {@code serve.token}); {@code POST {"uid": U, "password": P}}
 * against the cluster's directory where a {@link DirectoryLogin} is configured. The answer sets an
 * HttpOnly, SameSite=Strict cookie (Secure when served over TLS) and carries the session's CSRF
 * token, which every change must send back as {@code X-CSRF-Token}. {@code GET} says who the
 * cookie is (the page asks it on load); {@code DELETE} logs out.
 */
final class SessionResource implements Resource {
  static final String PATH = "/zeta/v1/web/session";
  private final Sessions sessions;
  private final Authentication auth;
  private final boolean secure;
  private final boolean events;

  /** @param events whether the console serves instances, and so the server its event stream */
  SessionResource(Sessions sessions, Authentication auth, boolean secure, boolean events) {
    this.sessions = sessions;
    this.auth = auth;
    this.secure = secure;
    this.events = events;
  }

  /** The login, and the question who the cookie is: open to all. */
  static boolean isLogin(Request request) {
    return request.path().equals(PATH) && (request.method().equals("POST") || request.method().equals("GET"));
  }

  @Override
  public void register(Routes routes) {
    routes.post(PATH, request -> {
      JsonNode body = parse(request);
      String principal;
      if (body.hasNonNull("token")) {
        // The token is checked as an Authorization header would be: the local admin token (or a login token).
        String given = body.get("token").asText().trim();
        Request asHeader = new Request("GET", "/zeta/v1/web/session", Map.of(), Map.of(),
            Map.of("authorization", java.util.List.of("token=" + given)), new byte[0], request.peer(), Request.ANONYMOUS);
        try {
          principal = auth.authenticate(asHeader);
        } catch (HttpError e) {
          throw HttpError.of(401, "Not Authenticated: that is not this server's token; the local admin token is in "
              + "the token file zeta serve printed (serve.token in the Zeta directory)");
        }
      } else if (body.hasNonNull("uid") && body.hasNonNull("password")) {
        // The directory's bind, throttled, through dcos-auth's login; its signed token names the principal.
        principal = auth.verify(auth.login(body.get("uid").asText(), body.get("password").asText()));
      } else {
        throw HttpError.of(400, "send {\"token\": \"...\"} or {\"uid\": \"...\", \"password\": \"...\"}");
      }
      boolean admin = auth.of(request.as(principal)).isAdmin();
      Sessions.Session s = sessions.open(principal, admin);
      return Response.json(200, describe(s)).withHeader("Set-Cookie", cookie(s.id(), sessions.ttl().toSeconds()));
    });
    // Not logged in is an answer, not an error: the page asks on every load.
    routes.get(PATH, request -> Response.json(200, SessionAuthenticator.cookie(request, SessionAuthenticator.COOKIE)
        .flatMap(sessions::find).map(this::describe).orElseGet(SessionResource::anonymous)));
    routes.delete(PATH, request -> {
      SessionAuthenticator.cookie(request, SessionAuthenticator.COOKIE).ifPresent(sessions::close);
      return Response.empty(204).withHeader("Set-Cookie", cookie("", 0));
    });
  }

  private static ObjectNode anonymous() {
    ObjectNode o = Json.object();
    o.putNull("principal");
    o.put("admin", false);
    return o;
  }

  private ObjectNode describe(Sessions.Session s) {
    ObjectNode o = Json.object();
    o.put("principal", s.principal());
    o.put("admin", s.admin());
    o.put("csrfToken", s.csrf());
    o.put("events", events);
    o.put("expires", s.expires().toString());
    return o;
  }

  private String cookie(String value, long maxAge) {
    return SessionAuthenticator.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAge
        + (secure ? "; Secure" : "");
  }

  static ObjectNode parse(Request request) {
    try {
      return Json.parseUntrustedObject(request.body(), "the request body");
    } catch (io.zeta.ZetaException e) {
      throw HttpError.of(400, e.getMessage());
    }
  }
}
