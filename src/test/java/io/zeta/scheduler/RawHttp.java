package io.zeta.scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain requests, for the status codes and headers the client does not show. */
public final class RawHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RawHttp() {}

  /** A request with the agent's token, as every request to the agent needs. */
  public static HttpResponse<String> send(String token, String method, String url, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .header("Authorization", "token=" + token);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
