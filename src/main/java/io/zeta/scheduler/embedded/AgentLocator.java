package io.zeta.scheduler.embedded;

import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.scheduler.ClientSettings;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the local agent is: its work directory ({@code $ZETA_HOME/agent} unless told otherwise)
 * holds {@code agent.json}, written by the running agent and removed when it stops.
 */
public final class AgentLocator {
  public static final String RECORD_FILE = "agent.json";
  private static final ClientSettings PING = ClientSettings.defaults().withRetry(RetryPolicy.once())
      .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));

  private AgentLocator() {}

  public static Path defaultWorkDir(Path zetaHome) {
    return zetaHome.resolve("agent");
  }

  public static void write(Path workDir, AgentRecord record) {
    try {
      AtomicFiles.write(workDir.resolve(RECORD_FILE), Json.prettyBytes(record));
    } catch (IOException e) {
      throw new ZetaException("cannot write " + workDir.resolve(RECORD_FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The record as written, whether or not that agent still runs. */
  public static Optional<AgentRecord> read(Path workDir) {
    Path file = workDir.resolve(RECORD_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readAllBytes(file), AgentRecord.class, file.toString()));
    } catch (IOException | ZetaException e) {
      return Optional.empty();
    }
  }

  /** The recorded agent's process, if it is still that process. */
  public static Optional<ProcessHandle> process(AgentRecord record) {
    return ProcessHandle.of(record.pid()).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
        .map(s -> record.processStartedAt() == 0 || Math.abs(s.toEpochMilli() - record.processStartedAt()) <= 1000)
        .orElse(true));
  }

  /** The agent of this work directory, when its process lives and its API answers. */
  public static Optional<AgentRecord> findRunning(Path workDir) {
    return read(workDir).filter(r -> process(r).isPresent()).filter(AgentLocator::answers);
  }

  public static boolean answers(AgentRecord record) {
    try {
      MarathonClient.of(record.url(), PING).ping();
      return true;
    } catch (ZetaException e) {
      return false;
    }
  }

  /** Removes the record, if it is still the one of the given process. */
  public static void remove(Path workDir, long pid) {
    if (read(workDir).map(r -> r.pid() == pid).orElse(false)) {
      try {
        Files.deleteIfExists(workDir.resolve(RECORD_FILE));
      } catch (IOException e) {
        // A stale record is recognized by its dead process.
      }
    }
  }
}
