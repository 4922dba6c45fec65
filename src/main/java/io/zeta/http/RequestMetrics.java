package io.zeta.http;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Request counts and latencies in a Dropwizard registry, under the names Jetty's instrumented
 * handler uses (and Marathon 1.x reports): {@code <prefix>.requests} (a timer),
 * {@code <prefix>.<n>xx-responses} (meters), {@code <prefix>.<method>-requests} (timers).
 */
public final class RequestMetrics implements RequestLog {
  private final MetricRegistry registry;
  private final String prefix;
  private final Timer requests;
  private final Meter[] byClass = new Meter[5];

  public RequestMetrics(MetricRegistry registry, String prefix) {
    this.registry = registry;
    this.prefix = prefix;
    this.requests = registry.timer(prefix + ".requests");
    for (int i = 0; i < 5; i++) {
      byClass[i] = registry.meter(prefix + "." + (i + 1) + "xx-responses");
    }
  }

  @Override
  public void completed(Request request, String route, int status, long nanos) {
    requests.update(nanos, TimeUnit.NANOSECONDS);
    int c = status / 100;
    if (c >= 1 && c <= 5) {
      byClass[c - 1].mark();
    }
    registry.timer(prefix + "." + request.method().toLowerCase(java.util.Locale.ROOT) + "-requests")
        .update(nanos, TimeUnit.NANOSECONDS);
  }
}
