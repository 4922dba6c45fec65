package io.zeta.scheduler.embedded;

import io.zeta.ZetaException;
import io.zeta.http.Tokens;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zeta's embedded scheduler (the "agent"): Marathon's REST API on 127.0.0.1, with apps run as
 * local processes. It keeps its app definitions in the work directory and launches them again
 * when it starts. Its API answers at once; the tasks a crashed predecessor left running are
 * re-adopted in the background ({@link Recovery}) and only then does it launch what is missing.
 *
 * <p>Work directory layout: {@code apps/} (one JSON per app), {@code app-versions/<app>/} (the
 * previous versions of each app), {@code groups.json} (the groups created through /v2/groups),
 * {@code tasks/} (one record per running process), {@code sandboxes/<task id>/} (fetched files,
 * stdout, stderr), {@code agent.lock}, {@code agent.token} (the API token, mode 0600, new at every start),
 * {@code runtime.json} (what the container runtime's probe found), {@code containers/} (podman's
 * configuration as Zeta writes it, conmon pid files).
 */
public final class EmbeddedScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedScheduler.class);

  private final Path workDir;
  private final WorkDirLock lock;
  private final AppSupervisor supervisor;
  private final ApiServer api;
  private final SandboxCollector collector;
  private final ContainerRuntime containers;
  private final Optional<String> token;
  private final CountDownLatch closed = new CountDownLatch(1);
  private boolean closing;

  private EmbeddedScheduler(Path workDir, WorkDirLock lock, AppSupervisor supervisor, ApiServer api,
      SandboxCollector collector,
      Optional<String> token, ContainerRuntime containers) {
    this.containers = containers;
    this.collector = collector;
    this.workDir = workDir;
    this.lock = lock;
    this.supervisor = supervisor;
    this.api = api;
    this.token = token;
  }

  public static EmbeddedScheduler start(AgentConfig config) {
    return start(config, ApiSettings.defaults());
  }

  public static EmbeddedScheduler start(AgentConfig config, ApiSettings apiSettings) {
    Path work = config.workDir().toAbsolutePath().normalize();
    try {
      OwnerOnly.directory(work);
    } catch (IOException e) {
      throw new ZetaException("cannot create the agent work directory " + work + ": " + e.getMessage(), e);
    }
    WorkDirLock lock = WorkDirLock.acquire(work);
    try {
      TaskRecords records = new TaskRecords(work.resolve("tasks"));
      Path sandboxes = work.resolve("sandboxes");
      AppStore store = new AppStore(work.resolve("apps"));
      ContainerRuntime containers = new ContainerRuntime(config.containers(), work);
      containers.probeInBackground();
      AppSupervisor supervisor = new AppSupervisor(config, store, new AppVersions(work.resolve("app-versions")),
          records, sandboxes, containers);
      supervisor.recover(store.loadAll());
      Recovery recovery = new Recovery(records, supervisor, config.killGracePeriod());
      supervisor.recovery(recovery);
      Optional<String> token = apiToken(work, apiSettings.auth());
      ApiServer api;
      try {
        api = new ApiServer(config.port(), apiSettings, token, supervisor, new GroupStore(work.resolve("groups.json")));
      } catch (IOException e) {
        supervisor.close();
        throw new ZetaException("cannot serve the agent API on 127.0.0.1:" + config.port() + ": " + e.getMessage(),
            "choose another port, or 0 for any free one", e);
      }
      // The API answers from here on; tasks are re-adopted meanwhile, then the loop starts.
      recovery.startInBackground();
      containers.startSweeping(supervisor::trackedTaskIds, () -> recovery.state() != Recovery.State.RECOVERING);
      SandboxCollector collector = new SandboxCollector(sandboxes, config.sandboxPolicy(),
          // Nothing is collected while tasks to re-adopt are not known yet.
          () -> recovery.state() == Recovery.State.RECOVERING ? null : supervisor.liveSandboxes());
      collector.start();
      return new EmbeddedScheduler(work, lock, supervisor, api, collector, token, containers);
    } catch (IOException e) {
      lock.close();
      throw new ZetaException("cannot start the agent in " + work + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * A new token for this run, in {@code agent.token} (0600); without authentication, none, and an
   * old token file goes so that no client believes it is needed.
   */
  private static Optional<String> apiToken(Path work, boolean auth) throws IOException {
    Path file = work.resolve(AgentLocator.TOKEN_FILE);
    if (!auth) {
      Files.deleteIfExists(file);
      LOG.warn("the agent API runs WITHOUT authentication (--no-auth): any local user or process can run "
          + "commands as this user through it");
      return Optional.empty();
    }
    String token = Tokens.generate();
    Tokens.writeOwnerOnly(file, token);
    return Optional.of(token);
  }

  /** The agent's event bus (for benchmarks in this package). */
  AgentEvents events() {
    return supervisor.events;
  }

  /** The container runtime (for tests in this package). */
  ContainerRuntime containers() {
    return containers;
  }

  java.util.Set<String> trackedTaskIds() {
    return supervisor.trackedTaskIds();
  }

  /** The token clients must send, unless the agent runs without authentication. */
  public Optional<String> token() {
    return token;
  }

  public int port() {
    return api.port();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public Path workDir() {
    return workDir;
  }

  /** Blocks until {@link #close()} has run (from another thread, typically a shutdown hook). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /** Stops serving and stops every task; the apps stay stored for the next start. */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      collector.close();
      containers.close();
      api.close();
      supervisor.close();
    } finally {
      lock.close();
      closed.countDown();
    }
  }

  /**
   * Stops the task processes an agent of this work directory left behind (after it was killed
   * without its shutdown). Returns how many were still running.
   */
  public static int stopLeftoverTasks(Path workDir, java.time.Duration grace) {
    try {
      return new TaskRecords(workDir.toAbsolutePath().normalize().resolve("tasks"))
          .stopLeftovers(grace, ids -> ContainerRuntime.removeLeftovers(workDir.toAbsolutePath().normalize(), ids, grace))
          .size();
    } catch (IOException e) {
      throw new ZetaException("cannot read the task records in " + workDir + ": " + e.getMessage(), e);
    }
  }
}
