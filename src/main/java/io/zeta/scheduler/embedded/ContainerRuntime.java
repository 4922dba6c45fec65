package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.images.ContainersConf;
import io.zeta.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's container runtime: rootful podman with OCI runtime runc and Zeta's own
 * containers.conf/registries.conf (in {@code <work dir>/containers/}; nothing in /etc changes).
 * It is probed once, in the background, when the agent starts ({@code podman version} and a
 * trivial run over the host's root as a read-only overlay, so no image is needed); the outcome is
 * logged, written to {@code <work dir>/runtime.json} (which {@code zeta agent start|status} and the
 * cluster's capabilities read) and, when containers cannot run, given as the reason Docker apps
 * are refused. Process apps run either way.
 *
 * <p>Each container is named after its task and labelled with the agent ({@link #LABEL_AGENT}, a
 * hash of the work directory), so an agent finds its own containers after a crash and removes the
 * ones it no longer tracks, and never touches anyone else's.
 */
final class ContainerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntime.class);
  static final String LABEL_AGENT = "io.zeta.agent";
  static final String LABEL_TASK = "io.zeta.task";
  static final String RUNTIME_FILE = "runtime.json";
  private static final Duration SHORT = Duration.ofSeconds(60);
  /** A pull of a large image from the cluster registry. */
  private static final Duration LAUNCH = Duration.ofMinutes(15);

  enum State { DISABLED, PROBING, AVAILABLE, UNAVAILABLE }

  /** How a container ended: its exit code (null: unknown) and, when it did not end well, why. */
  record End(Integer exitCode, String message) {}

  private final ContainerSettings settings;
  private final Path workDir;
  private final Path runDir;
  private final String agentKey;
  private final Cgroups cgroups;
  private final CountDownLatch probed = new CountDownLatch(1);
  private volatile State state;
  private volatile String version;
  private volatile String reason;
  private volatile Podman podman;
  private final java.util.concurrent.ScheduledExecutorService sweeper =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(Threads.daemon("zeta-container-sweep"));
  static final Duration SWEEP_INTERVAL = Duration.ofSeconds(60);

  ContainerRuntime(ContainerSettings settings, Path workDir) {
    this.settings = settings;
    this.workDir = workDir;
    this.runDir = workDir.resolve("containers").resolve("run");
    this.agentKey = key(workDir);
    this.cgroups = Cgroups.detect("zeta-" + agentKey);
    this.state = settings.enabled() ? State.PROBING : State.DISABLED;
    if (!settings.enabled()) {
      reason = "containers are disabled for this agent (--no-containers)";
      probed.countDown();
    }
  }

  static String containerName(String taskId) {
    return taskId;
  }

  String agentKey() {
    return agentKey;
  }

  /** Probes podman once, in a thread of its own; launches of container tasks wait for it. */
  void probeInBackground() {
    if (state != State.PROBING) {
      writeRecord();
      return;
    }
    Thread t = new Thread(this::probe, "zeta-container-probe");
    t.setDaemon(true);
    t.start();
  }

  void probe() {
    try {
      Optional<String> why = check();
      if (why.isPresent()) {
        reason = why.get();
        state = State.UNAVAILABLE;
        LOG.warn("containers cannot run on this agent: {}; process apps still run", reason);
      } else {
        state = State.AVAILABLE;
        LOG.info("containers run with {}", version);
      }
    } catch (RuntimeException e) {
      reason = "the probe failed: " + e;
      state = State.UNAVAILABLE;
      LOG.warn("containers cannot run on this agent: {}", reason, e);
    } finally {
      writeRecord();
      probed.countDown();
    }
  }

  private Optional<String> check() {
    Path binary = settings.podman();
    if (!Files.isExecutable(binary)) {
      return Optional.of(binary + " is not installed: install podman, runc and conmon (apt-get install podman runc "
          + "conmon catatonit), then restart the agent");
    }
    if (!TaskUser.isRoot()) {
      return Optional.of("the agent runs as '" + TaskUser.agentUser() + "', not as root: Zeta runs containers under "
          + "rootful podman; run the agent as root");
    }
    ContainersConf conf;
    try {
      Files.createDirectories(runDir);
      conf = ContainersConf.write(workDir.resolve("containers"), ContainersConf.Settings.defaults());
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.of("cannot write podman's configuration in " + workDir.resolve("containers") + ": "
          + e.getMessage());
    }
    Map<String, String> env = new LinkedHashMap<>(conf.env());
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("HOME", "/root");
    Podman p = new Podman(binary, env);
    Podman.Result v = p.run(SHORT, "version", "--format", "{{.Client.Version}}");
    if (!v.ok()) {
      return Optional.of("`podman version` failed: " + v.reason());
    }
    // No image needed: the host's root as a throw-away overlay, without a network.
    Podman.Result run = p.run(SHORT, "run", "--rm", "--network=none", "--rootfs", "/:O", "/bin/true");
    if (!run.ok()) {
      return Optional.of("a trivial container does not run (podman run --rootfs / /bin/true): " + run.reason());
    }
    version = "podman " + v.out().strip() + " (runc" + (cgroups.enabled() ? ", cgroup v1 memory limits" : "") + ")";
    podman = p;
    return Optional.empty();
  }

  private void writeRecord() {
    try {
      AtomicFiles.write(workDir.resolve(RUNTIME_FILE), Json.prettyBytes(json()));
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", workDir.resolve(RUNTIME_FILE), e.toString());
    }
  }

  /** What {@code runtime.json} and {@code zeta agent status} say. */
  ObjectNode json() {
    ObjectNode out = Json.object();
    out.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    out.put("docker", state == State.AVAILABLE);
    out.put("agentPid", ProcessHandle.current().pid());
    // How to find this agent's containers: podman ps --filter label=...
    out.put("label", LABEL_AGENT + "=" + agentKey);
    if (version != null) {
      out.put("runtime", version);
    }
    if (reason != null) {
      out.put("reason", reason);
    }
    out.put("probedAt", MarathonTime.format(Instant.now()));
    return out;
  }

  State state() {
    return state;
  }

  /** Why container apps are refused now; empty while they can run (or the probe has not ended). */
  Optional<String> refusal() {
    State s = state;
    return s == State.DISABLED || s == State.UNAVAILABLE
        ? Optional.of("containers cannot run on this agent: " + reason + " (process apps still run)")
        : Optional.empty();
  }

  boolean awaitProbe(Duration timeout) throws InterruptedException {
    return probed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the task's container (pulling its image when needed) and returns conmon's process: it
   * lives as long as the container. Output goes to the sandbox's stdout and stderr.
   */
  ProcessHandle launch(LocalTask task, Optional<TaskUser.Account> user) throws IOException {
    try {
      if (!awaitProbe(SHORT)) {
        throw new IOException("the container runtime is still being probed; try again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    Optional<String> refused = refusal();
    if (refused.isPresent()) {
      throw new IOException(refused.get());
    }
    String name = containerName(task.id);
    Files.createDirectories(runDir);
    Path pidFile = runDir.resolve(task.id + ".conmon.pid");
    Files.deleteIfExists(pidFile);
    Optional<String> parent = cgroups.prepare(task.id, task.spec.mem());
    List<String> args = PodmanRunArgs.of(task, name, agentKey, pidFile,
        new PodmanRunArgs.Mounts(task.sandbox.toAbsolutePath(), settings.sharedPaths()), parent,
        user.map(u -> u.uid() + ":" + u.gid()));
    Process p = podman.builder(args)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(task.sandbox.resolve("stdout").toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(task.sandbox.resolve("stderr").toFile()))
        .start();
    try {
      if (!p.waitFor(LAUNCH.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        remove(task.id);
        throw new IOException("podman run did not start the container within " + LAUNCH.toMinutes() + " minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      remove(task.id);
      throw new IOException("interrupted");
    }
    if (p.exitValue() != 0) {
      remove(task.id);
      String last = StderrTail.lastLine(task.sandbox.resolve("stderr")).orElse("exit status " + p.exitValue());
      throw new IOException("cannot start the container of image " + task.spec.container().image() + ": " + last
          + hint(task.spec.container().image(), last));
    }
    // Once conmon has gone (a container that ended at once), the finished podman process stands in: not alive.
    Optional<ProcessHandle> conmon = readPid(pidFile).flatMap(ProcessHandle::of);
    return conmon.orElse(p.toHandle());
  }

  private static String hint(String image, String error) {
    if (!image.contains("/") || !image.substring(0, image.indexOf('/')).matches(".*[.:].*|localhost")) {
      return " (the image names no registry and short names are not searched: stage the package so that it "
          + "names the cluster registry, or give a full reference such as 127.0.0.1:5000/name:tag)";
    }
    return error.contains("manifest unknown") || error.contains("not found")
        ? " (is the image staged in that registry?)" : "";
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@code podman stop -t}: SIGTERM (or the image's stop signal), SIGKILL after the grace period. */
  void stop(String taskId, Duration grace) {
    if (podman == null) {
      return;
    }
    long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
    Podman.Result r = podman.run(grace.plus(SHORT), "stop", "--ignore", "-t", String.valueOf(seconds),
        containerName(taskId));
    if (!r.ok()) {
      LOG.warn("podman stop {} failed: {}", taskId, r.reason());
      remove(taskId);
    }
  }

  /** Stops many containers with one podman command, then removes them (the agent is stopping). */
  void stopAll(List<String> taskIds, Duration grace) {
    if (podman == null || taskIds.isEmpty()) {
      return;
    }
    long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
    List<String> args = new ArrayList<>(List.of("rm", "-f", "--ignore", "-t", String.valueOf(seconds)));
    taskIds.forEach(id -> args.add(containerName(id)));
    Podman.Result r = podman.run(grace.plus(SHORT), args);
    if (!r.ok()) {
      LOG.warn("podman rm of {} container(s) failed: {}", taskIds.size(), r.reason());
    }
    taskIds.forEach(this::cleanUp);
  }

  /**
   * How the task's container ended, once its conmon is gone; then removes it. A container that
   * still runs without its conmon is removed (killed) and reported as such.
   */
  End end(String taskId, double memMb) {
    if (podman == null) {
      return new End(null, "the container's end is unknown (no container runtime)");
    }
    String name = containerName(taskId);
    Podman.Result r = podman.run(SHORT, "inspect", "--type", "container", "--format",
        "{{.State.Status}} {{.State.ExitCode}} {{.State.OOMKilled}}", name);
    End end;
    if (!r.ok()) {
      end = new End(null, "the container " + name + " is gone (removed outside the agent); its exit status is unknown");
    } else {
      String[] f = r.out().strip().split("\\s+");
      String status = f[0];
      int code = f.length > 1 ? Integer.parseInt(f[1]) : -1;
      boolean running = status.equals("running") || status.equals("paused");
      // The OOM killer may take conmon itself (it shares the task's cgroup): podman then still says
      // running, and the cgroup's hit limit is the evidence of what happened.
      boolean oom = (f.length > 2 && f[2].equals("true")) || ((code == 137 || running) && cgroups.hitLimit(taskId));
      if (running && !oom) {
        end = new End(null, "the container's monitor (conmon) ended while the container ran; the container was "
            + "removed");
      } else if (oom) {
        long mb = (long) Math.ceil(memMb);
        long used = cgroups.maxUsageMb(taskId).orElse(mb);
        end = new End(running ? null : code, "Memory limit exceeded: Requested: " + mb + "MB Maximum Used: " + used + "MB (the "
            + "container was OOM-killed; give the app more mem)");
      } else {
        end = new End(code, code > 128 ? "Container terminated with signal " + (code - 128)
            : "Container exited with status " + code);
      }
    }
    remove(taskId);
    return end;
  }

  /** Removes the container (killing it if it runs) and its cgroup; quiet when it is gone. */
  void remove(String taskId) {
    if (podman != null) {
      Podman.Result r = podman.run(SHORT, "rm", "-f", "--ignore", "-t", "0", containerName(taskId));
      if (!r.ok()) {
        LOG.warn("podman rm {} failed: {}", taskId, r.reason());
      }
    }
    cleanUp(taskId);
  }

  private void cleanUp(String taskId) {
    cgroups.remove(taskId);
    try {
      Files.deleteIfExists(runDir.resolve(taskId + ".conmon.pid"));
    } catch (IOException e) {
      // Overwritten by a later launch of the same id (never).
    }
  }

  /** A COMMAND health check inside the container: empty when it exits 0, else why not. */
  Optional<String> exec(String taskId, String command, Duration timeout) {
    if (podman == null) {
      return Optional.of("no container runtime");
    }
    Podman.Result r = podman.run(timeout, "exec", containerName(taskId), "/bin/sh", "-c", command);
    if (r.exitCode() == -1) {
      return Optional.of("command timed out after " + timeout.toSeconds() + " s");
    }
    return r.ok() ? Optional.empty() : Optional.of("command exited with " + r.exitCode());
  }

  /**
   * Removes this agent's containers that belong to none of the given tasks (left by a crash, or
   * whose task record was lost); returns their names. Other agents' and users' containers have
   * other labels and are never touched.
   */
  List<String> sweep(Set<String> trackedTaskIds) {
    if (podman == null) {
      return List.of();
    }
    Podman.Result r = podman.run(SHORT, "ps", "-a", "--filter", "label=" + LABEL_AGENT + "=" + agentKey, "--format",
        "{{.Names}}");
    if (!r.ok()) {
      LOG.warn("cannot list this agent's containers: {}", r.reason());
      return List.of();
    }
    List<String> removed = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      String name = line.strip();
      if (!name.isEmpty() && !trackedTaskIds.contains(name)) {
        LOG.warn("removing container {}: it is labelled as this agent's but no task of it is tracked", name);
        remove(name);
        removed.add(name);
      }
    }
    return removed;
  }

  /**
   * Once the probe succeeded and the previous agent's tasks are re-adopted ({@code ready}), removes
   * untracked containers, then again every {@link #SWEEP_INTERVAL}.
   */
  void startSweeping(java.util.function.Supplier<Set<String>> tracked, java.util.function.BooleanSupplier ready) {
    Runnable pass = () -> {
      try {
        if (state == State.AVAILABLE && ready.getAsBoolean()) {
          sweep(tracked.get());
        }
      } catch (RuntimeException e) {
        LOG.warn("container sweep failed: {}", e.toString());
      }
    };
    try {
      sweeper.execute(() -> {
        try {
          awaitProbe(SHORT.multipliedBy(2));
          while (!ready.getAsBoolean()) {
            Thread.sleep(50);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        pass.run();
      });
      sweeper.scheduleWithFixedDelay(pass, SWEEP_INTERVAL.toMillis(), SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closed.
    }
  }

  void close() {
    sweeper.shutdownNow();
  }

  /** Removes the containers of a dead agent's recorded tasks (for {@code zeta agent stop}), with its configuration. */
  static void removeLeftovers(Path workDir, List<String> taskIds, Duration grace) {
    if (taskIds.isEmpty()) {
      return;
    }
    ContainerRuntime rt = new ContainerRuntime(ContainerSettings.defaults(), workDir);
    Path dir = workDir.resolve("containers");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONTAINERS_CONF", dir.resolve(ContainersConf.CONTAINERS_CONF).toString());
    env.put("CONTAINERS_REGISTRIES_CONF", dir.resolve(ContainersConf.REGISTRIES_CONF).toString());
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    rt.podman = new Podman(ContainerSettings.defaults().podman(), env);
    rt.stopAll(taskIds, grace);
    rt.close();
  }

  private static String key(Path workDir) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(workDir.toAbsolutePath().normalize().toString()
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
