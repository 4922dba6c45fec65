package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out host ports to tasks: dynamic ones from a range, fixed ones for apps that require them.
 * A port is given out only when no task of this agent holds it and it can be bound right now.
 */
final class PortAllocator {
  private final int first;
  private final int last;
  private final Set<Integer> held = new HashSet<>();
  private int cursor;

  /** No port could be had: the task cannot start. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;
    /** Every port of the range is held: the task waits for one, as for any other resource. */
    final boolean exhausted;

    Unavailable(String message) {
      this(message, false);
    }

    Unavailable(String message, boolean exhausted) {
      super(message);
      this.exhausted = exhausted;
    }
  }

  PortAllocator(int first, int last) {
    if (first < 1 || last > 65535 || first > last) {
      throw new IllegalArgumentException("invalid host port range " + first + "-" + last);
    }
    this.first = first;
    this.last = last;
    this.cursor = first;
  }

  /**
   * Ports for one task, in the order of its port definitions; empty when a fixed port is still held
   * by a task of this agent that is going away (try again later).
   */
  synchronized Optional<List<Integer>> allocate(List<PortDefinition> defs, boolean requirePorts) throws Unavailable {
    List<Integer> out = new ArrayList<>();
    try {
      for (PortDefinition def : defs) {
        if (requirePorts && def.port() != 0) {
          if (held.contains(def.port()) || out.contains(def.port())) {
            release(out);
            return Optional.empty();
          }
          if (!bindable(def.port())) {
            throw new Unavailable("port " + def.port() + " is required (requirePorts) but another process uses it");
          }
          out.add(def.port());
        } else {
          out.add(nextFree(out));
        }
        held.add(out.get(out.size() - 1));
      }
      return Optional.of(out);
    } catch (Unavailable e) {
      release(out);
      throw e;
    }
  }

  /** Takes ports a re-adopted task already listens on; false (nothing taken) when one is held. */
  synchronized boolean claim(List<Integer> ports) {
    if (ports.stream().anyMatch(held::contains)) {
      return false;
    }
    held.addAll(ports);
    return true;
  }

  synchronized void release(List<Integer> ports) {
    held.removeAll(ports);
  }

  private int nextFree(List<Integer> taken) throws Unavailable {
    int size = last - first + 1;
    for (int i = 0; i < size; i++) {
      int port = cursor;
      cursor = cursor == last ? first : cursor + 1;
      if (!held.contains(port) && !taken.contains(port) && bindable(port)) {
        return port;
      }
    }
    throw new Unavailable("no free host port in " + first + "-" + last, true);
  }

  /** Whether something else listens on the port, on any address. */
  static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
