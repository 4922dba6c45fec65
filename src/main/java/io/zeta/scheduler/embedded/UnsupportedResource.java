package io.zeta.scheduler.embedded;

import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;

/**
 * What the agent answers as a Marathon without the feature: pods (Marathon before 1.4 has no
 * {@code /v2/pods}: 404, which the DC/OS CLI reads as "not supported by your version of
 * Marathon") and HTTP callback subscriptions (Marathon without {@code --event_subscriber
 * http_callback}: 400 with its message).
 */
final class UnsupportedResource implements Resource {
  private static final String CALLBACKS_OFF = "http event callback system is not running on this Marathon "
      + "instance. Please re-start this instance with \"--event_subscriber http_callback\".";

  @Override
  public void register(Routes routes) {
    for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
      routes.on(method, "/v2/pods", UnsupportedResource::noPods);
      routes.on(method, "/v2/pods/{id*}", UnsupportedResource::noPods);
    }
    for (String method : new String[] {"GET", "POST", "DELETE"}) {
      routes.on(method, "/v2/eventSubscriptions", r -> {
        throw ApiError.of(400, CALLBACKS_OFF);
      });
    }
  }

  private static Response noPods(Request request) {
    throw ApiError.of(404, "HTTP 404 Not Found");
  }
}
