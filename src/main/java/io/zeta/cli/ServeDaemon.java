package io.zeta.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code zeta serve} in the background, as quickstart starts it beside the embedded scheduler: a
 * detached JVM ({@code setsid}) running {@code serve --port 0} (a free port, so it never collides
 * with the agent's), its output in {@code serve.log} and its record ({@code serve.json}: pid,
 * process start, URL, token file) in the agent's work directory, so that {@code agent stop} stops
 * both and a second quickstart reuses a running one.
 */
final class ServeDaemon {
  static final String RECORD = "serve.json";
  static final String LOG = "serve.log";

  /** What {@code serve --record} writes once it listens. */
  record Record(@JsonProperty("pid") long pid, @JsonProperty("processStartedAt") long processStartedAt,
      @JsonProperty("url") String url, @JsonProperty("tokenFile") String tokenFile) {}

  record Started(Record record, boolean already) {}

  private ServeDaemon() {}

  /** Writes the record of this process's server (temp file + rename). */
  static void write(Path file, String url, Path tokenFile) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    Record r = new Record(self.pid(), self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L), url,
        tokenFile.toAbsolutePath().toString());
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + self.pid());
    Files.write(tmp, Json.prettyBytes(r));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Removes the record if it is still this process's. */
  static void remove(Path file) {
    read(file).filter(r -> r.pid() == ProcessHandle.current().pid()).ifPresent(r -> {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A stale record is recognized by its dead process.
      }
    });
  }

  static Optional<Record> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(Files.readAllBytes(file), Record.class, file.toString()));
    } catch (IOException | ZetaException e) {
      return Optional.empty();
    }
  }

  /** The recorded server's process, if it is still that process. */
  static Optional<ProcessHandle> process(Record r) {
    return ProcessHandle.of(r.pid()).filter(ProcessHandle::isAlive).filter(h -> h.info().startInstant()
        .map(s -> r.processStartedAt() == 0 || Math.abs(s.toEpochMilli() - r.processStartedAt()) <= 1000).orElse(true));
  }

  /** Whether it answers GET /metadata with its token. */
  static boolean answers(Record r) {
    try {
      String token = Files.readString(Path.of(r.tokenFile()), StandardCharsets.US_ASCII).trim();
      HttpResponse<Void> resp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
          HttpRequest.newBuilder(URI.create(r.url() + "/metadata")).timeout(Duration.ofSeconds(5))
              .header("Authorization", "token=" + token).build(), HttpResponse.BodyHandlers.discarding());
      return resp.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code zeta serve} for the cluster at {@code clusterRoot}, or reuses the one the work directory records. */
  static Started start(ZetaEnv env, Path workDir, String clusterRoot, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path recordFile = workDir.resolve(RECORD);
    Optional<Record> running = read(recordFile).filter(r -> process(r).isPresent()).filter(ServeDaemon::answers);
    if (running.isPresent()) {
      return new Started(running.get(), true);
    }
    Files.deleteIfExists(recordFile);
    Path log = io.zeta.scheduler.embedded.OwnerOnly.file(workDir.resolve(LOG));
    List<String> cmd = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      cmd.add(setsid.toString());
    }
    cmd.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m"));
    String installDir = System.getProperty("zeta.install.dir");
    if (installDir != null) {
      cmd.add("-Dzeta.install.dir=" + installDir);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0",
        "--token-file", env.home().resolve(ServeCommand.TOKEN_FILE).toString(), "--record", recordFile.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
    pb.environment().put("ZETA_CLUSTER", clusterRoot);
    pb.environment().put("ZETA_HOME", env.home().toString());
    Process process = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Record> r = read(recordFile).filter(x -> process(x).isPresent());
      if (r.isPresent() && answers(r.get())) {
        return new Started(r.get(), false);
      }
      if (!process.isAlive() && process.exitValue() != 0) {
        throw new ZetaException("zeta serve exited with status " + process.exitValue() + ": " + tail(log), "see " + log,
            null);
      }
      Thread.sleep(100);
    }
    throw new ZetaException("waited " + timeoutSeconds + " s for zeta serve to answer; it was left running",
        "see " + log, null);
  }

  /** Stops the server the work directory records (SIGTERM, then SIGKILL after 10 s); its pid, or empty. */
  static Optional<Long> stop(Path workDir) throws InterruptedException {
    Path recordFile = workDir.resolve(RECORD);
    Optional<Record> r = read(recordFile);
    Optional<ProcessHandle> p = r.flatMap(ServeDaemon::process);
    if (p.isPresent()) {
      p.get().destroy();
      try {
        p.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        p.get().destroyForcibly();
      }
    }
    try {
      Files.deleteIfExists(recordFile);
    } catch (IOException e) {
      // A stale record is recognized by its dead process.
    }
    return p.map(ProcessHandle::pid);
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }
}
