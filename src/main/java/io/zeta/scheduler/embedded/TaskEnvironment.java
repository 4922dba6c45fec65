package io.zeta.scheduler.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment of a task, as Marathon and Mesos set it (TaskBuilder, EnvironmentHelper): a few
 * variables of the agent, the task and app metadata, labels, ports, then the app's {@code env},
 * which overrides everything before it.
 */
final class TaskEnvironment {
  static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "JAVA_HOME");
  static final String HOST = "127.0.0.1";
  /** Where a container sees its sandbox, as under Mesos. */
  static final String CONTAINER_SANDBOX = "/mnt/mesos/sandbox";
  private static final String LABEL_PREFIX = "MARATHON_APP_LABEL_";
  /** Marathon drops labels that would make a variable longer than 512 characters. */
  private static final int MAX_VALUE_LENGTH = 512;
  private static final int MAX_KEY_LENGTH = MAX_VALUE_LENGTH - LABEL_PREFIX.length();

  private TaskEnvironment() {}

  static Map<String, String> build(AppSpec app, String appVersion, String taskId, Path sandbox, List<Integer> hostPorts,
      Map<String, String> agentEnv) {
    Map<String, String> env = new LinkedHashMap<>();
    if (app.container() != null) {
      // As Mesos's Docker containerizer: the image's own PATH and HOME stay; the sandbox is mounted here.
      env.put("MESOS_SANDBOX", CONTAINER_SANDBOX);
      env.put("MESOS_CONTAINER_NAME", ContainerRuntime.containerName(taskId));
    } else {
      for (String name : INHERITED) {
        if (agentEnv.containsKey(name)) {
          env.put(name, agentEnv.get(name));
        }
      }
      env.put("MESOS_SANDBOX", sandbox.toString());
      env.put("MESOS_DIRECTORY", sandbox.toString());
    }
    env.put("MESOS_TASK_ID", taskId);
    env.put("MARATHON_APP_ID", app.id().toString());
    env.put("MARATHON_APP_VERSION", appVersion);
    env.put("MARATHON_APP_RESOURCE_CPUS", String.valueOf(app.cpus()));
    env.put("MARATHON_APP_RESOURCE_MEM", String.valueOf(app.mem()));
    env.put("MARATHON_APP_RESOURCE_DISK", String.valueOf(app.disk()));
    env.put("MARATHON_APP_RESOURCE_GPUS", String.valueOf(app.gpus()));
    List<String> labelKeys = new ArrayList<>();
    for (Map.Entry<String, String> label : app.labels().entrySet()) {
      if (label.getKey().length() >= MAX_KEY_LENGTH || label.getValue().length() >= MAX_VALUE_LENGTH) {
        continue;
      }
      String key = sanitize(label.getKey());
      labelKeys.add(key);
      env.put(LABEL_PREFIX + key, label.getValue());
    }
    env.put("MARATHON_APP_LABELS", String.join(" ", labelKeys));
    putPorts(env, app.envPorts(), hostPorts);
    env.put("HOST", HOST);
    env.putAll(app.env());
    return env;
  }

  /** Label keys become variable names: runs of anything but letters, digits and _ become one _. */
  static String sanitize(String key) {
    return key.replaceAll("[^a-zA-Z0-9_]+", "_").toUpperCase(Locale.ROOT);
  }

  private static void putPorts(Map<String, String> env, List<PortDefinition> defs, List<Integer> hostPorts) {
    if (hostPorts.isEmpty()) {
      return;
    }
    for (int i = 0; i < hostPorts.size(); i++) {
      String port = String.valueOf(hostPorts.get(i));
      env.put("PORT" + i, port);
      PortDefinition def = defs.get(i);
      if (def.port() != 0) {
        env.put("PORT_" + def.port(), port);
      }
      if (def.name() != null) {
        env.put("PORT_" + def.name().toUpperCase(Locale.ROOT), port);
      }
    }
    env.put("PORT", String.valueOf(hostPorts.get(0)));
    env.put("PORTS", hostPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }
}
