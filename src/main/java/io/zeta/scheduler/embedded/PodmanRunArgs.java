package io.zeta.scheduler.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code podman run} command line of a container task, as Mesos's Docker containerizer builds
 * its {@code docker run}: the sandbox mounted at /mnt/mesos/sandbox, the task's environment, the
 * app's volumes, host ports published on 127.0.0.1 only, cpu shares and quota, then the image and
 * the command: {@code cmd} runs as {@code /bin/sh -c cmd} with the image's entrypoint overridden,
 * {@code args} are appended to the image's entrypoint, neither leaves the image's own.
 * The container's stdout and stderr go straight to the sandbox's files (log driver passthrough:
 * conmon hands the container the descriptors podman was started with).
 */
final class PodmanRunArgs {
  private PodmanRunArgs() {}

  /** Where a task's volumes and shared paths go; relative paths are resolved against the sandbox. */
  record Mounts(Path sandbox, List<Path> sharedPaths) {}

  /**
   * @param cgroupParent the task's own cgroup, which carries its memory limit (cgroup v1); empty: podman's --memory
   * @param user the uid:gid the container runs as, empty: the image's user
   */
  static List<String> of(LocalTask task, String name, String agentKey, Path conmonPidFile, Mounts mounts,
      Optional<String> cgroupParent, Optional<String> user) {
    ContainerSpec c = task.spec.container();
    List<String> a = new ArrayList<>(List.of("run", "-d", "--log-driver=passthrough", "--name", name,
        "--label", ContainerRuntime.LABEL_AGENT + "=" + agentKey, "--label", ContainerRuntime.LABEL_TASK + "=" + task.id,
        "--label", "io.zeta.app=" + task.appId, "--conmon-pidfile", conmonPidFile.toString(),
        "--pull=" + (c.forcePull() ? "always" : "missing"), "--quiet"));
    if (localRegistry(c.image())) {
      // The cluster's registry serves plain HTTP on 127.0.0.1.
      a.add("--tls-verify=false");
    }
    a.add("--network=" + switch (c.network()) {
      case HOST -> "host";
      case NONE -> "none";
      default -> "bridge";
    });
    List<ContainerSpec.PortMapping> published = c.mapsPorts() ? c.published() : List.of();
    for (int i = 0; i < published.size() && i < task.ports.size(); i++) {
      ContainerSpec.PortMapping m = published.get(i);
      int host = task.ports.get(i);
      // Marathon: containerPort 0 means the same port as the host port.
      int container = m.containerPort() == 0 ? host : m.containerPort();
      for (String protocol : m.protocol().split(",")) {
        a.add("--publish=" + TaskEnvironment.HOST + ":" + host + ":" + container + "/" + protocol.strip());
      }
    }
    if (task.spec.cpus() > 0) {
      // Mesos: shares of 1024 per cpu, and a CFS quota (--cgroups_enable_cfs).
      a.add("--cpu-shares=" + Math.max(2, Math.round(task.spec.cpus() * 1024)));
      a.add("--cpus=" + task.spec.cpus());
    }
    if (cgroupParent.isPresent()) {
      a.add("--cgroup-parent=" + cgroupParent.get());
    } else if (task.spec.mem() > 0) {
      long mb = (long) Math.ceil(task.spec.mem());
      a.add("--memory=" + mb + "m");
      a.add("--memory-swap=" + mb + "m");
    }
    a.add("--volume=" + mounts.sandbox() + ":" + TaskEnvironment.CONTAINER_SANDBOX);
    for (Path shared : mounts.sharedPaths()) {
      // An app volume of the same path (usershell mounts the cluster mount as itself) wins: podman
      // refuses two mounts on one destination.
      boolean ownVolume = c.volumes().stream().anyMatch(v -> v.containerPath().startsWith("/")
          && Path.of(v.containerPath()).normalize().equals(shared.normalize()));
      if (Files.isDirectory(shared) && !ownVolume) {
        a.add("--volume=" + shared + ":" + shared);
      }
    }
    for (ContainerSpec.Volume v : c.volumes()) {
      String host = v.hostPath().startsWith("/") ? v.hostPath() : sandboxPath(mounts.sandbox(), v.hostPath()).toString();
      String inside = v.containerPath().startsWith("/") ? v.containerPath()
          : TaskEnvironment.CONTAINER_SANDBOX + "/" + Path.of(v.containerPath()).normalize();
      a.add("--volume=" + host + ":" + inside + ":" + (v.readOnly() ? "ro" : "rw"));
    }
    for (Map.Entry<String, String> e : task.env.entrySet()) {
      a.add("--env=" + e.getKey() + "=" + e.getValue());
    }
    user.ifPresent(u -> a.add("--user=" + u));
    if (c.privileged()) {
      a.add("--privileged");
    }
    for (ContainerSpec.Parameter p : c.parameters()) {
      a.add("--" + p.key() + "=" + p.value());
    }
    if (task.spec.cmd() != null) {
      a.add("--entrypoint=/bin/sh");
      a.add(c.image());
      a.add("-c");
      a.add(task.spec.cmd());
    } else {
      a.add(c.image());
      if (task.spec.args() != null) {
        a.addAll(task.spec.args());
      }
    }
    return a;
  }

  /** A relative hostPath: a directory in the sandbox. */
  static Path sandboxPath(Path sandbox, String relative) {
    return sandbox.resolve(relative).normalize();
  }

  /** An image of a registry on this machine (the cluster's, or a test's), reached without TLS. */
  static boolean localRegistry(String image) {
    String host = image.contains("/") ? image.substring(0, image.indexOf('/')).toLowerCase(Locale.ROOT) : "";
    return host.equals("localhost") || host.startsWith("localhost:") || host.equals("127.0.0.1")
        || host.startsWith("127.0.0.1:") || host.equals("[::1]") || host.startsWith("[::1]:");
  }
}
