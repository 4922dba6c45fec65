package io.zeta.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metered;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Dropwizard registry as the JSON of Dropwizard's metrics servlet ({@code version}, {@code gauges},
 * {@code counters}, {@code histograms}, {@code meters}, {@code timers}), the shape of Marathon
 * 1.x's {@code /metrics}. Rates per second, durations in seconds.
 */
public final class MetricsJson {
  private static final double DURATION_FACTOR = 1.0 / TimeUnit.SECONDS.toNanos(1);

  private MetricsJson() {}

  public static ObjectNode of(MetricRegistry registry) {
    ObjectNode out = Json.object();
    out.put("version", "4.0.0");
    ObjectNode gauges = out.putObject("gauges");
    for (Map.Entry<String, Gauge> e : registry.getGauges().entrySet()) {
      Object v;
      try {
        v = e.getValue().getValue();
      } catch (RuntimeException ex) {
        v = ex.toString();
      }
      gauges.putObject(e.getKey()).set("value", Json.MAPPER.valueToTree(v));
    }
    ObjectNode counters = out.putObject("counters");
    for (Map.Entry<String, Counter> e : registry.getCounters().entrySet()) {
      counters.putObject(e.getKey()).put("count", e.getValue().getCount());
    }
    ObjectNode histograms = out.putObject("histograms");
    for (Map.Entry<String, Histogram> e : registry.getHistograms().entrySet()) {
      ObjectNode h = histograms.putObject(e.getKey());
      h.put("count", e.getValue().getCount());
      snapshot(h, e.getValue().getSnapshot(), 1.0);
    }
    ObjectNode meters = out.putObject("meters");
    for (Map.Entry<String, Meter> e : registry.getMeters().entrySet()) {
      ObjectNode m = meters.putObject(e.getKey());
      rates(m, e.getValue());
      m.put("units", "events/second");
    }
    ObjectNode timers = out.putObject("timers");
    for (Map.Entry<String, Timer> e : registry.getTimers().entrySet()) {
      ObjectNode t = timers.putObject(e.getKey());
      snapshot(t, e.getValue().getSnapshot(), DURATION_FACTOR);
      rates(t, e.getValue());
      t.put("duration_units", "seconds");
      t.put("rate_units", "calls/second");
    }
    return out;
  }

  private static void snapshot(ObjectNode out, Snapshot s, double factor) {
    out.put("max", s.getMax() * factor);
    out.put("mean", s.getMean() * factor);
    out.put("min", s.getMin() * factor);
    out.put("p50", s.getMedian() * factor);
    out.put("p75", s.get75thPercentile() * factor);
    out.put("p95", s.get95thPercentile() * factor);
    out.put("p98", s.get98thPercentile() * factor);
    out.put("p99", s.get99thPercentile() * factor);
    out.put("p999", s.get999thPercentile() * factor);
    out.put("stddev", s.getStdDev() * factor);
  }

  private static void rates(ObjectNode out, Metered m) {
    out.put("count", m.getCount());
    out.put("m15_rate", m.getFifteenMinuteRate());
    out.put("m1_rate", m.getOneMinuteRate());
    out.put("m5_rate", m.getFiveMinuteRate());
    out.put("mean_rate", m.getMeanRate());
  }
}
