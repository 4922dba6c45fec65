package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LaunchBackoffTest {
  private static AppSpec spec(String extra) {
    ObjectNode def = Json.parseObject("{\"id\":\"/b\",\"cmd\":\"x\"" + extra + "}", "app");
    return AppSpec.from(def, Duration.ofSeconds(3));
  }

  @Test
  void delaysGrowByTheFactorUpToTheMaximum() {
    AppSpec app = spec(",\"backoffSeconds\":2,\"backoffFactor\":2,\"maxLaunchDelaySeconds\":5");
    LaunchBackoff b = new LaunchBackoff();
    Instant t = Instant.parse("2024-01-01T00:00:00Z");
    assertThat(b.allowsLaunch(t)).isTrue();
    b.failed(t, app);
    assertThat(b.currentDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.allowsLaunch(t.plusMillis(1999))).isFalse();
    assertThat(b.allowsLaunch(t.plusSeconds(2))).isTrue();
    b.failed(t, app);
    assertThat(b.currentDelay()).isEqualTo(Duration.ofSeconds(4));
    b.failed(t, app);
    assertThat(b.currentDelay()).isEqualTo(Duration.ofSeconds(5));
    b.reset();
    assertThat(b.isDelaying()).isFalse();
    assertThat(b.allowsLaunch(t)).isTrue();
  }

  @Test
  void marathonsDefaults() {
    AppSpec app = spec("");
    LaunchBackoff b = new LaunchBackoff();
    Instant t = Instant.now();
    b.failed(t, app);
    b.failed(t, app);
    assertThat(b.currentDelay()).isEqualTo(Duration.ofMillis(1150));
    for (int i = 0; i < 100; i++) {
      b.failed(t, app);
    }
    assertThat(b.currentDelay()).isEqualTo(Duration.ofSeconds(300));
  }
}
