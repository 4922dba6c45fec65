package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An instance's state from its apps' (StatusQuery.combine), as status and describe report it. */
class InstanceStateTest {
  @Test
  void partlyUpIsDegradedNothingUpIsFailed() {
    assertThat(StatusQuery.combine(List.of())).isEqualTo("installed");
    assertThat(StatusQuery.combine(List.of("stopped", "stopped"))).isEqualTo("installed");
    assertThat(StatusQuery.combine(List.of("running", "deploying"))).isEqualTo("deploying");
    assertThat(StatusQuery.combine(List.of("running", "running"))).isEqualTo("running");
    assertThat(StatusQuery.combine(List.of("running", "failed"))).isEqualTo("degraded");
    assertThat(StatusQuery.combine(List.of("degraded"))).isEqualTo("degraded");
    assertThat(StatusQuery.combine(List.of("running", "stopped"))).isEqualTo("degraded");
    assertThat(StatusQuery.combine(List.of("failed", "stopped"))).isEqualTo("failed");
  }
}
