package io.zeta.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a handler sees it, independent of the server that received it.
 *
 * @param method the method, upper case
 * @param path the decoded path, e.g. {@code /v2/apps/team1/web}
 * @param params the values of the route pattern's {@code {name}} parts
 * @param query the query parameters in order; a repeated key has several values
 * @param headers header values by lower-case name
 * @param body the body bytes (empty without a body); at most the server's body limit
 * @param peer the client's address, {@code host:port}
 * @param principal who the request authenticated as ({@link #ANONYMOUS} when the server needs no token)
 */
public record Request(String method, String path, Map<String, String> params, Map<String, List<String>> query,
    Map<String, List<String>> headers, byte[] body, String peer, String principal) {
  public static final String ANONYMOUS = "anonymous";

  public Request {
    params = Map.copyOf(params);
    query = copy(query);
    headers = copy(headers);
    body = body.clone();
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    // Keeps the order of the given map (query parameters are read in order by some handlers).
    java.util.LinkedHashMap<String, List<String>> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public int bodyLength() {
    return body.length;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The same request with the route's parameters. */
  public Request withParams(Map<String, String> newParams) {
    return new Request(method, path, newParams, query, headers, body, peer, principal);
  }

  /** The same request with its body. */
  public Request withBody(byte[] newBody) {
    return new Request(method, path, params, query, headers, newBody, peer, principal);
  }

  /** The same request, authenticated as the principal. */
  public Request as(String newPrincipal) {
    return new Request(method, path, params, query, headers, body, peer, newPrincipal);
  }

  public String param(String name) {
    String v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the route has no parameter " + name);
    }
    return v;
  }

  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  public Optional<String> first(String key) {
    List<String> v = query.get(key);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  public List<String> all(String key) {
    return query.getOrDefault(key, List.of());
  }

  /** {@code ?force} and {@code ?force=true} are true, {@code ?force=false} false, absent the fallback. */
  public boolean flag(String key, boolean fallback) {
    return first(key).map(v -> v.isEmpty() || v.equalsIgnoreCase("true")).orElse(fallback);
  }

  /** The client's address without its port. */
  public String peerAddress() {
    int colon = peer.lastIndexOf(':');
    return colon < 0 ? peer : peer.substring(0, colon);
  }

  public boolean authenticated() {
    return !ANONYMOUS.equals(principal);
  }
}
