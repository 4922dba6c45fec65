package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskEnvironmentTest {
  private static Map<String, String> env(String json, List<Integer> ports) {
    AppSpec app = AppSpec.from(Json.parseObject(json, "app"), Duration.ofSeconds(3));
    return TaskEnvironment.build(app, "v1", "t.1", Path.of("/sandbox"), ports,
        Map.of("PATH", "/bin", "HOME", "/root", "USER", "root"));
  }

  @Test
  void labelsAreSanitizedAndOverlongOnesDropped() {
    String longKey = "k".repeat(493);
    String longValue = "v".repeat(512);
    Map<String, String> env = env("{\"id\":\"/a\",\"cmd\":\"x\",\"labels\":{\"a.b-c/d\":\"1\",\"" + longKey + "\":\"2\","
        + "\"ok\":\"" + longValue + "\",\"" + "k".repeat(492) + "\":\"" + "v".repeat(511) + "\"}}", List.of());
    assertThat(env.get("MARATHON_APP_LABELS")).isEqualTo("A_B_C_D " + "K".repeat(492));
    assertThat(env).containsEntry("MARATHON_APP_LABEL_A_B_C_D", "1")
        .doesNotContainKey("MARATHON_APP_LABEL_OK")
        .doesNotContainKey("MARATHON_APP_LABEL_" + "K".repeat(493));
  }

  @Test
  void onlyFourVariablesOfTheAgentAreInherited() {
    Map<String, String> env = env("{\"id\":\"/a\",\"cmd\":\"x\"}", List.of(31000));
    assertThat(env).containsEntry("PATH", "/bin").containsEntry("HOME", "/root").doesNotContainKey("USER")
        .containsEntry("PORT0", "31000").containsEntry("PORTS", "31000").doesNotContainKey("PORT_0");
  }

  @Test
  void noPortsNoPortVariables() {
    Map<String, String> env = env("{\"id\":\"/a\",\"cmd\":\"x\",\"portDefinitions\":[]}", List.of());
    assertThat(env).doesNotContainKeys("PORT", "PORTS", "PORT0").containsEntry("HOST", "127.0.0.1");
  }
}
