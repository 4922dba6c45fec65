package io.zeta.scheduler.embedded;

import java.io.File;
import java.io.IOException;

/**
 * Starts a task the way the Mesos command executor does: artifacts fetched into the sandbox first,
 * then {@code cmd} through {@code /bin/sh -c} or {@code args} as they are, in the sandbox, with
 * only the task's environment and stdout/stderr written to files there.
 */
final class TaskLauncher {
  private TaskLauncher() {}

  static Process launch(LocalTask task) throws IOException {
    OwnerOnly.directory(task.sandbox);
    Fetcher.fetchAll(task.spec.fetch(), task.sandbox);
    ProcessBuilder pb = task.spec.cmd() != null
        ? new ProcessBuilder("/bin/sh", "-c", task.spec.cmd())
        : new ProcessBuilder(task.spec.args());
    pb.directory(task.sandbox.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(OwnerOnly.file(task.sandbox.resolve("stdout")).toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(OwnerOnly.file(task.sandbox.resolve("stderr")).toFile()));
    pb.environment().clear();
    pb.environment().putAll(task.env);
    return pb.start();
  }
}
