package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppStateTest {
  private static AppStatus app(int instances, int running, int healthy, boolean checks, List<String> deployments) {
    return new AppStatus("/a", "v", instances, running, 0, healthy, 0, checks, deployments, Map.of(), List.of(),
        Optional.empty());
  }

  @Test
  void deployingWhileADeploymentIsListed() {
    assertThat(AppState.of(app(1, 1, 1, true, List.of("d1")))).isEqualTo(AppState.DEPLOYING);
  }

  @Test
  void runningNeedsEveryInstanceRunningAndHealthy() {
    assertThat(AppState.of(app(2, 2, 0, false, List.of()))).isEqualTo(AppState.RUNNING);
    assertThat(AppState.of(app(2, 2, 2, true, List.of()))).isEqualTo(AppState.RUNNING);
  }

  @Test
  void degradedWhenSomeButNotAllAreUpFailedWhenNone() {
    assertThat(AppState.of(app(2, 2, 1, true, List.of()))).isEqualTo(AppState.DEGRADED);
    assertThat(AppState.of(app(2, 1, 1, false, List.of()))).isEqualTo(AppState.DEGRADED);
    assertThat(AppState.of(app(2, 2, 0, true, List.of()))).isEqualTo(AppState.FAILED);
    assertThat(AppState.of(app(1, 0, 0, false, List.of()))).isEqualTo(AppState.FAILED);
  }

  @Test
  void stoppedWhenScaledToZeroWithNothingLeft() {
    assertThat(AppState.of(app(0, 0, 0, true, List.of()))).isEqualTo(AppState.STOPPED);
    assertThat(AppState.of(app(0, 1, 0, false, List.of()))).isEqualTo(AppState.FAILED);
  }

  @Test
  void idsAreLowerCase() {
    assertThat(AppState.DEPLOYING.id()).isEqualTo("deploying");
  }
}
