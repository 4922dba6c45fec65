package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The agent's in-process event bus, Marathon's: the supervisor and the API publish, event stream
 * subscribers receive. Publishing never blocks: each subscriber queues what it gets, and one that
 * cannot take more (a client reading too slowly) is dropped, not waited for. Publishers may hold
 * the supervisor's lock; no subscriber code may take it.
 */
final class EventBus {
  /** One event; its server-sent-event frames are encoded once, on first use, whoever asks. */
  static final class Event {
    final String type;
    final ObjectNode json;
    private byte[] full;
    private byte[] light;

    Event(String type, ObjectNode json) {
      this.type = type;
      this.json = json;
    }

    /** {@code event: <type>\ndata: <json>\n\n}; light: deployment plans without original and target. */
    synchronized byte[] frame(boolean lightPlan) {
      if (lightPlan && json.has("plan")) {
        if (light == null) {
          ObjectNode copy = json.deepCopy();
          ObjectNode plan = (ObjectNode) copy.get("plan");
          plan.remove(List.of("original", "target"));
          light = encode(copy);
        }
        return light;
      }
      if (full == null) {
        full = encode(json);
      }
      return full;
    }

    private byte[] encode(ObjectNode body) {
      return ("event: " + type + "\ndata: " + Json.compact(body) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Receives events; returns false when it is gone (closed, or too far behind) and must be dropped. */
  interface Subscriber {
    boolean deliver(Event event);
  }

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  void subscribe(Subscriber s) {
    subscribers.add(s);
  }

  void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  int subscriberCount() {
    return subscribers.size();
  }

  long publishedCount() {
    return published.get();
  }

  long droppedCount() {
    return dropped.get();
  }

  /** Builds the event only when someone listens. */
  void publish(String type, Supplier<ObjectNode> body) {
    if (subscribers.isEmpty()) {
      return;
    }
    ObjectNode json = body.get();
    json.put("eventType", type);
    if (!json.has("timestamp")) {
      json.put("timestamp", MarathonTime.now());
    }
    Event e = new Event(type, json);
    published.incrementAndGet();
    for (Subscriber s : subscribers) {
      if (!s.deliver(e)) {
        if (subscribers.remove(s)) {
          dropped.incrementAndGet();
        }
      }
    }
  }
}
