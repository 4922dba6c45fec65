package io.zeta.scheduler.embedded;

import io.zeta.ZetaException;
import io.zeta.http.Tokens;
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
 * holds {@code agent.json}, written by the running agent and removed when it stops, and
 * {@code agent.token}, the API token (owner-only) that every client of the agent sends.
 */
public final class AgentLocator {
  public static final String RECORD_FILE = "agent.json";
  public static final String TOKEN_FILE = "agent.token";
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
    return read(workDir).filter(r -> process(r).isPresent()).filter(r -> answers(workDir, r));
  }

  /** Whether the agent answers a ping sent with the work directory's token. */
  public static boolean answers(Path workDir, AgentRecord record) {
    try {
      MarathonClient.of(record.url(), withToken(workDir, PING)).ping();
      return true;
    } catch (ZetaException e) {
      return false;
    }
  }

  /** The agent's token, when it runs with authentication (and this user may read the file). */
  public static Optional<String> token(Path workDir) {
    return Tokens.read(workDir.resolve(TOKEN_FILE));
  }

  /** The settings, with the agent's token when there is one. */
  public static ClientSettings withToken(Path workDir, ClientSettings settings) {
    return token(workDir).map(settings::withToken).orElse(settings);
  }

  /** A client of the running agent of this work directory. */
  public static MarathonClient client(Path workDir, AgentRecord record, ClientSettings settings) {
    return MarathonClient.of(record.url(), withToken(workDir, settings));
  }

  /**
   * What the container runtime probe of the agent with this pid found ({@code runtime.json}:
   * {@code state} probing|available|unavailable|disabled, {@code docker}, {@code runtime},
   * {@code reason}); empty when that agent has not written it yet.
   */
  public static Optional<com.fasterxml.jackson.databind.JsonNode> containerRuntime(Path workDir, long agentPid) {
    return lastContainerRuntime(workDir).filter(n -> n.path("agentPid").asLong() == agentPid);
  }

  /** The last probe's outcome in the work directory, whichever agent wrote it. */
  public static Optional<com.fasterxml.jackson.databind.JsonNode> lastContainerRuntime(Path workDir) {
    Path file = workDir.resolve(ContainerRuntime.RUNTIME_FILE);
    try {
      return Files.isRegularFile(file) ? Optional.of(Json.parse(Files.readAllBytes(file), file.toString()))
          : Optional.empty();
    } catch (IOException | ZetaException e) {
      return Optional.empty();
    }
  }

  /** One line for people: what the probe said. */
  public static String describeContainers(com.fasterxml.jackson.databind.JsonNode runtime) {
    return switch (runtime.path("state").asText()) {
      case "available" -> "containers run with " + runtime.path("runtime").asText();
      case "probing" -> "containers: the runtime is being probed (see `zeta agent status`)";
      default -> "containers cannot run: " + runtime.path("reason").asText() + "; process apps still run";
    };
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
