package io.zeta.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;

/**
 * DC/OS's login, as the DC/OS CLI 0.6 drives it (cosmos-wire.md): {@code GET
 * /acs/api/v1/auth/providers} names one provider, {@code dcos-uid-password-ldap}, whose flow is
 * {@code POST /acs/api/v1/auth/login} with {@code {"uid", "password"}}, answered {@code {"token"}}.
 * Both are public. A login body is at most {@link #MAX_BODY} bytes; every login, good or bad, is
 * audited ({@code serve: auth login}, the uid as target; never the password).
 */
final class AuthResource implements Resource {
  static final int MAX_BODY = 8 * 1024;
  static final String PROVIDER = "zeta-ldap";

  private final Authentication auth;
  private final ServerAudit audit;

  AuthResource(Authentication auth, ServerAudit audit) {
    this.auth = auth;
    this.audit = audit;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/acs/api/v1/auth/providers", request -> Response.json(200, providers()));
    routes.post("/acs/api/v1/auth/login", this::login);
  }

  private ObjectNode providers() {
    ObjectNode doc = Json.object();
    if (!auth.loginAvailable()) {
      // No directory, no login: the CLI then has nothing to offer but a token it is given.
      return doc;
    }
    ObjectNode p = doc.putObject(PROVIDER);
    p.put("authentication-type", "dcos-uid-password-ldap");
    p.put("client-method", "dcos-usercredential-post-receive-authtoken");
    p.put("description", "Zeta: the cluster's directory (LDAP bind)");
    p.putObject("config").put("start_flow_url", "/acs/api/v1/auth/login");
    return doc;
  }

  private Response login(Request request) {
    if (request.bodyLength() > MAX_BODY) {
      throw CosmosError.of(413, "RequestEntityTooLarge", "a login body is at most " + MAX_BODY + " bytes");
    }
    JsonNode body;
    try {
      body = Json.parseUntrusted(request.bodyText(), "the login body");
    } catch (ZetaException | IllegalArgumentException e) {
      throw CosmosError.of(400, "JsonSchemaMismatch", "the login body is not JSON: send {\"uid\": ..., \"password\": ...}");
    }
    JsonNode uid = body.path("uid");
    JsonNode password = body.path("password");
    if (!body.isObject() || !uid.isTextual() || !password.isTextual()) {
      throw CosmosError.of(400, "JsonSchemaMismatch", "the login body needs the strings uid and password "
          + "(service logins with a uid and token are not supported)");
    }
    String who = uid.asText();
    // Audited under its own name even when refused: the line says who tried; the text is escaped by the log.
    String target = who.length() > 64 ? who.substring(0, 64) + "..." : who;
    String token;
    try {
      token = auth.login(who, password.asText());
    } catch (HttpError e) {
      audit.record(target, "serve: auth login", target, null, (e.status == 401 || e.status == 429 ? "denied: " : "failed: ")
          + e.getMessage() + " (from " + request.peerAddress() + ")");
      throw e;
    }
    audit.record(who, "serve: auth login", who, null, "ok (from " + request.peerAddress() + ")");
    ObjectNode doc = Json.object();
    doc.put("token", token);
    return Response.json(200, doc);
  }
}
