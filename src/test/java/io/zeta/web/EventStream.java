package io.zeta.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** A test's client of a server-sent event stream: every event it received, in order, read on its own thread. */
final class EventStream implements AutoCloseable {
  /** One event: its name and its data as JSON. */
  record Event(String name, JsonNode data) {}

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final int status;
  final String body;
  private final InputStream in;
  private final List<Event> events = new ArrayList<>();
  private volatile boolean ended;

  private EventStream(int status, String body, InputStream in) {
    this.status = status;
    this.body = body;
    this.in = in;
  }

  /** GET url with the headers; a stream that is not 200 is read whole into {@link #body}. */
  static EventStream open(URI url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Accept", "text/event-stream").GET();
    headers.forEach(b::header);
    HttpResponse<InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      try (InputStream in = r.body()) {
        return new EventStream(r.statusCode(), new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8), null);
      }
    }
    EventStream s = new EventStream(200, "", r.body());
    Thread t = new Thread(s::read, "test-event-stream");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            Event e = new Event(name == null ? "message" : name, Json.parse(data.toString(), "event"));
            synchronized (events) {
              events.add(e);
              events.notifyAll();
            }
          }
          name = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Closed by the test or the server.
    } finally {
      ended = true;
      synchronized (events) {
        events.notifyAll();
      }
    }
  }

  List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The first event received that matches, waiting for it; an AssertionError after the timeout. */
  Event await(Predicate<Event> match, Duration timeout, String what) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (true) {
        for (Event e : events) {
          if (match.test(e)) {
            return e;
          }
        }
        long left = end - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError("no event " + what + " within " + timeout + (ended ? " (the stream ended)" : "")
              + "; received: " + events);
        }
        events.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Waits until the server ended the stream. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (!ended && System.nanoTime() < end) {
        events.wait(100);
      }
    }
    return ended;
  }

  static boolean names(Event e, String app) {
    for (JsonNode a : e.data().path("appIds")) {
      if (a.asText().equals(app) || a.asText().startsWith(app + "/")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // Gone anyway.
      }
    }
  }
}
