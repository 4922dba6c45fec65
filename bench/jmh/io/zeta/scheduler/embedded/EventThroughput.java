package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events delivered per second to one subscriber of a real agent's {@code /v2/events}: the bus,
 * the SSE encoding, Jetty, the loopback socket, and a reader of the lines. The publisher keeps at
 * most {@code WINDOW} events ahead of the reader, so that the measure is sustained delivery (a
 * subscriber that falls megabytes behind is dropped by design, see the drops printed).
 *
 * <p>Each run is paired with a reference: the same frames written by a plain blocking socket
 * server to the same reader, so that the ratio says what the agent's path costs on a machine
 * whose speed drifts.
 *
 * <p>{@code EventThroughput [EVENTS] [RUNS]}
 */
public final class EventThroughput {
  private static final int WINDOW = 2_000;

  private EventThroughput() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path work = Files.createTempDirectory("zeta-event-bench");
    try (EmbeddedScheduler agent = EmbeddedScheduler.start(AgentConfig.defaults(work))) {
      for (int run = 0; run < runs; run++) {
        double agentRate = measure(agent, events);
        double rawRate = reference(events);
        System.out.printf("  reference, plain socket: %.0f events/s; agent/reference %.2f%n", rawRate,
            agentRate / rawRate);
      }
    }
  }

  /** Reads SSE lines, counting data lines and bytes. */
  private static Thread reader(java.io.InputStream input, AtomicLong received, AtomicLong bytes) {
    BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = in.readLine()) != null) {
          bytes.addAndGet(line.length() + 1);
          if (line.startsWith("data: ")) {
            received.incrementAndGet();
          }
        }
      } catch (java.io.IOException e) {
        // Closed at the end.
      }
    });
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private static double reference(int events) throws Exception {
    AtomicLong received = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Socket client = new Socket("127.0.0.1", server.getLocalPort()); Socket conn = server.accept()) {
      reader(client.getInputStream(), received, bytes);
      OutputStream out = new java.io.BufferedOutputStream(conn.getOutputStream(), 1 << 16);
      long t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        EventBus.Event e = new EventBus.Event("status_update_event", statusUpdate(i));
        e.json.put("eventType", "status_update_event");
        e.json.put("timestamp", MarathonTime.now());
        out.write(e.frame(false));
      }
      out.flush();
      while (received.get() < events) {
        Thread.sleep(1);
      }
      return received.get() / ((System.nanoTime() - t0) / 1e9);
    }
  }

  private static double measure(EmbeddedScheduler agent, int events) throws Exception {
    AtomicLong received = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    try (Socket socket = new Socket("127.0.0.1", agent.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /v2/events?event_type=status_update_event HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port()
          + "\r\nAuthorization: token=" + agent.token().orElseThrow() + "\r\nAccept: text/event-stream\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      reader(socket.getInputStream(), received, bytes);
      EventBus bus = agent.events().bus;
      // Until this subscriber gets events (the one of the previous run may still be registered).
      while (received.get() == 0) {
        bus.publish("status_update_event", () -> statusUpdate(-1));
        Thread.sleep(10);
      }
      received.set(0);
      bytes.set(0);
      long dropsBefore = bus.droppedCount();
      long t0 = System.nanoTime();
      for (int i = 0; i < events; i++) {
        long waitStart = System.nanoTime();
        while (i - received.get() > WINDOW) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000);
          if (System.nanoTime() - waitStart > 10_000_000_000L) {
            throw new IllegalStateException("the subscriber stopped receiving at " + received.get() + " of " + i
                + " published; subscribers " + bus.subscriberCount() + ", dropped " + bus.droppedCount());
          }
        }
        int n = i;
        bus.publish("status_update_event", () -> statusUpdate(n));
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (received.get() < events && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("%d events in %.2f s: %.0f events/s, %.1f MB/s; dropped subscribers: %d%n", received.get(), s,
          received.get() / s, bytes.get() / s / 1e6, bus.droppedCount() - dropsBefore);
      return received.get() / s;
    }
  }

  /** A status update as the supervisor publishes it (one task of a one-port app). */
  private static ObjectNode statusUpdate(int n) {
    ObjectNode e = Json.object();
    e.put("slaveId", "zeta-agent");
    e.put("taskId", "bench_app.0f9ad1c6-2b3e-4c1e-9d1a-" + String.format("%012d", n));
    e.put("taskStatus", "TASK_RUNNING");
    e.put("message", "");
    e.put("appId", "/bench/app");
    e.put("host", "127.0.0.1");
    ObjectNode ip = e.putArray("ipAddresses").addObject();
    ip.put("ipAddress", "127.0.0.1");
    ip.put("protocol", "IPv4");
    e.putArray("ports").add(31000 + n % 1000);
    e.put("version", "2026-12-01T20:00:00.000Z");
    return e;
  }
}
