package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
  private static ServerSocket listen() throws Exception {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(0));
    return s;
  }

  @Test
  void skipsHeldAndBusyPorts() throws Exception {
    try (ServerSocket busy = listen()) {
      int p = busy.getLocalPort();
      PortAllocator ports = new PortAllocator(p, p + 2);
      List<Integer> first = ports.allocate(List.of(new PortDefinition(0, null)), false).orElseThrow();
      List<Integer> second = ports.allocate(List.of(new PortDefinition(0, null)), false).orElseThrow();
      assertThat(first).doesNotContain(p);
      assertThat(second).doesNotContain(p).doesNotContainAnyElementsOf(first);
      assertThatThrownBy(() -> ports.allocate(List.of(new PortDefinition(0, null)), false))
          .isInstanceOf(PortAllocator.Unavailable.class).hasMessage("no free host port in " + p + "-" + (p + 2));
      ports.release(first);
      assertThat(ports.allocate(List.of(new PortDefinition(0, null)), false)).contains(first);
    }
  }

  @Test
  void requiredPortsAreExactOrWaitForTheirHolder() throws Exception {
    int port;
    try (ServerSocket s = listen()) {
      port = s.getLocalPort();
    }
    PortAllocator ports = new PortAllocator(31000, 31010);
    List<PortDefinition> fixed = List.of(new PortDefinition(port, "web"));
    assertThat(ports.allocate(fixed, true)).contains(List.of(port));
    assertThat(ports.allocate(fixed, true)).as("held by a task of this agent: wait").isEmpty();
    ports.release(List.of(port));
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress(port));
      assertThatThrownBy(() -> ports.allocate(fixed, true)).isInstanceOf(PortAllocator.Unavailable.class)
          .hasMessage("port " + port + " is required (requirePorts) but another process uses it");
    }
    // Without requirePorts a non-zero port only names PORT_<n>; the host port is dynamic.
    assertThat(ports.allocate(fixed, false).orElseThrow().get(0)).isBetween(31000, 31010);
  }
}
