package io.zeta.scheduler.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts a task the way the Mesos command executor does: artifacts fetched into the sandbox first,
 * then {@code cmd} through {@code /bin/sh -c} or {@code args} as they are, in the sandbox, with
 * only the task's environment and stdout/stderr written to files there; as the app's {@code user}
 * when it has one (see {@link TaskUser}).
 */
final class TaskLauncher {
  private TaskLauncher() {}

  /**
   * Starts a container task: artifacts fetched into the sandbox as for a command, then the
   * container (see {@link PodmanRunArgs}), as the app's {@code user} (its uid and gid) when it has
   * one. Returns the container's conmon.
   */
  static ProcessHandle launchContainer(LocalTask task, Fetcher.Limits limits, ContainerRuntime runtime)
      throws IOException {
    OwnerOnly.directory(task.sandbox);
    Fetcher.fetchAll(task.spec.fetch(), task.sandbox, limits);
    for (String f : List.of("stdout", "stderr")) {
      OwnerOnly.file(task.sandbox.resolve(f));
    }
    // Mesos creates a volume's relative hostPath in the sandbox; podman would refuse a missing one.
    for (ContainerSpec.Volume v : task.spec.container().volumes()) {
      if (!v.hostPath().startsWith("/")) {
        java.nio.file.Files.createDirectories(PodmanRunArgs.sandboxPath(task.sandbox, v.hostPath()));
      }
    }
    Optional<TaskUser.Account> user = TaskUser.switchTo(task.spec.user());
    if (user.isPresent()) {
      TaskUser.chown(task.sandbox, user.get());
    }
    return runtime.launch(task, user);
  }

  static Process launch(LocalTask task, Fetcher.Limits limits) throws IOException {
    OwnerOnly.directory(task.sandbox);
    Fetcher.fetchAll(task.spec.fetch(), task.sandbox, limits);
    List<String> command = task.spec.cmd() != null ? List.of("/bin/sh", "-c", task.spec.cmd()) : task.spec.args();
    Optional<TaskUser.Account> user = TaskUser.switchTo(task.spec.user());
    if (user.isPresent()) {
      // The files exist before the switch, so that they belong to the user too.
      for (String f : List.of("stdout", "stderr")) {
        OwnerOnly.file(task.sandbox.resolve(f));
      }
      TaskUser.chown(task.sandbox, user.get());
      command = TaskUser.wrap(user.get(), command);
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(task.sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(OwnerOnly.file(task.sandbox.resolve("stdout")).toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(OwnerOnly.file(task.sandbox.resolve("stderr")).toFile()));
    pb.environment().clear();
    pb.environment().putAll(task.env);
    user.ifPresent(u -> {
      // As login would, unless the app sets them itself.
      for (var e : java.util.Map.of("USER", u.name(), "LOGNAME", u.name(), "HOME", u.home()).entrySet()) {
        if (!task.spec.env().containsKey(e.getKey())) {
          pb.environment().put(e.getKey(), e.getValue());
        }
      }
    });
    return pb.start();
  }
}
