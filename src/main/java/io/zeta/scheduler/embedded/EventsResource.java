package io.zeta.scheduler.embedded;

import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.ResponseStream;
import io.zeta.http.Routes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Marathon's {@code GET /v2/events}: server-sent events ({@code event: <type>} and
 * {@code data: <json>} lines), filtered by the repeatable {@code event_type} parameter, with
 * {@code plan-format=light} leaving deployment plans without {@code original} and {@code target}.
 * A comment line every heartbeat keeps idle streams open through proxies and the idle timeout.
 */
final class EventsResource implements Resource, AutoCloseable {
  private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

  private final AgentEvents events;
  private final Set<ResponseStream> open = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(Threads.daemon("zeta-events-heartbeat"));

  EventsResource(AgentEvents events, Duration heartbeat) {
    this.events = events;
    long ms = Math.max(10, heartbeat.toMillis());
    heartbeats.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
  }

  @Override
  public void register(Routes routes) {
    routes.stream("/v2/events", this::subscribe);
  }

  private void subscribe(Request request, ResponseStream stream) {
    Set<String> types = new HashSet<>();
    for (String t : request.all("event_type")) {
      for (String part : t.split(",")) {
        if (!part.isBlank()) {
          types.add(part.trim());
        }
      }
    }
    boolean light = request.first("plan-format").map("light"::equalsIgnoreCase).orElse(false);
    stream.open(200, "text/event-stream", Map.of());
    EventBus.Subscriber subscriber = e -> {
      if (!types.isEmpty() && !types.contains(e.type)) {
        return stream.isOpen();
      }
      return stream.send(e.frame(light));
    };
    String remote = request.peerAddress();
    open.add(stream);
    events.bus.subscribe(subscriber);
    stream.onClose(() -> {
      open.remove(stream);
      events.bus.unsubscribe(subscriber);
      events.stream(false, remote);
    });
    events.stream(true, remote);
  }

  private void beat() {
    for (ResponseStream s : open) {
      s.send(HEARTBEAT);
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
  }
}
