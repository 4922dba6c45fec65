package io.zeta.scheduler.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the podman command line with Zeta's own configuration ({@code CONTAINERS_CONF},
 * {@code CONTAINERS_REGISTRIES_CONF}) and nothing else of the agent's environment that could
 * change what podman does. Daemonless: each call is one short-lived podman process.
 */
final class Podman {
  /** What a podman command said. */
  record Result(int exitCode, String out, String err) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The last non-blank line of stderr (podman's "Error: ..."), for messages. */
    String reason() {
      String[] lines = err.strip().split("\n");
      String last = lines[lines.length - 1].strip();
      return last.isEmpty() ? "exit status " + exitCode : last;
    }
  }

  private final Path binary;
  private final Map<String, String> env;

  Podman(Path binary, Map<String, String> env) {
    this.binary = binary;
    this.env = Map.copyOf(env);
  }

  Path binary() {
    return binary;
  }

  /** A process builder for {@code podman args...} with Zeta's environment, stdin from /dev/null. */
  ProcessBuilder builder(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs {@code podman args...} to its end (killed after the timeout); output captured. */
  Result run(Duration timeout, String... args) {
    return run(timeout, List.of(args));
  }

  Result run(Duration timeout, List<String> args) {
    Path out = null;
    Path err = null;
    try {
      // Files, not pipes: nothing blocks on a full pipe, and no reader thread per call.
      out = Files.createTempFile("zeta-podman", ".out");
      err = Files.createTempFile("zeta-podman", ".err");
      Process p = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return new Result(-1, "", "podman " + String.join(" ", args.subList(0, Math.min(2, args.size())))
            + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "", "cannot run " + binary + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // A temporary file.
      }
    }
  }
}
