package io.zeta.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.zeta.ZetaException;
import io.zeta.cluster.Actor;
import io.zeta.cluster.Capabilities;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Locks;
import io.zeta.cluster.RegistryConfig;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded cluster registry: Debian's {@code docker-registry} (Distribution 2.8), started and
 * stopped by Zeta, listening on 127.0.0.1, its blobs under {@link ClusterLayout#REGISTRY_ROOT} on
 * the cluster's POSIX mount, deletes enabled. Its record, {@code /zeta/kstore/registry/registry.json},
 * names the host, pid and process start time, the port (kept across restarts: staged references
 * name it) and whether it should run; a second start finds it alive and does nothing, a record
 * whose process died (kill -9) is {@code stale}: {@code cluster doctor} reports it and the next
 * start (or stage) starts it again on the same port. Changes of the record are made under the
 * cluster lock {@code registry}.
 */
public final class EmbeddedRegistry {
  public static final String RECORD = ClusterLayout.REGISTRY_STATE + "/registry.json";
  public static final String CONFIG = ClusterLayout.REGISTRY_STATE + "/config.yml";
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Cluster cluster;
  private final Path logDir;

  /** @param logDir a local directory for the registry's log (it runs on this host; the log is not shared) */
  public EmbeddedRegistry(Cluster cluster, Path logDir) {
    this.cluster = cluster;
    this.logDir = logDir;
  }

  /** registry.json. {@code state} is what was asked last: {@code running} or {@code stopped}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Record(String state, String host, long pid, String processStart, int port, String startedAt,
      String startedBy, String log) {}

  /**
   * What is true now: {@code running} (its process is alive here, or it runs on another host, not
   * checked from here), {@code stopped}, {@code stale} (should run, its process is gone), or
   * {@code not-configured} (never started).
   */
  public record Status(String state, Optional<Record> record, String reason) {
    public boolean running() {
      return state.equals("running");
    }

    public Optional<String> address() {
      return record.filter(r -> r.port() > 0).map(r -> "127.0.0.1:" + r.port());
    }
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of(Capabilities.DOCKER_REGISTRY));
  }

  /** The record, if the registry was ever started. */
  public Optional<Record> record() throws IOException {
    try {
      return Optional.of(Json.read(cluster.storage().read(RECORD), Record.class, cluster.storage().uri(RECORD)));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  public Status status() throws IOException {
    Optional<Record> r = record();
    if (r.isEmpty()) {
      return new Status("not-configured", r, "never started; `zeta registry start` starts it");
    }
    Record rec = r.get();
    if (!"running".equals(rec.state())) {
      return new Status("stopped", r, "stopped; `zeta registry start` starts it");
    }
    String here = Actor.current().host();
    if (!here.equals(rec.host())) {
      return new Status("running", r, "runs on host " + rec.host() + " (not checked from " + here + ")");
    }
    if (alive(rec)) {
      return new Status("running", r, "pid " + rec.pid() + " on " + rec.host());
    }
    return new Status("stale", r, "its process (pid " + rec.pid() + " on " + rec.host() + ") is gone; the next "
        + "`zeta registry start` or `zeta package stage` starts it again on port " + rec.port());
  }

  /** Whether the record's process runs here, the same process (pid and start time), not a reused pid. */
  static boolean alive(Record rec) {
    Optional<ProcessHandle> p = ProcessHandle.of(rec.pid()).filter(ProcessHandle::isAlive);
    if (p.isEmpty()) {
      return false;
    }
    Optional<Instant> started = p.get().info().startInstant();
    return rec.processStart() == null || started.map(s -> s.toString().equals(rec.processStart())).orElse(true);
  }

  /** What start did: whether it started a process (false: it was running), and any note (a repaired stale record). */
  public record Started(boolean started, Status status, List<String> notes) {}

  /**
   * Starts the registry unless it runs; a stale record is repaired (started again on its port).
   * Before it serves, removes partial uploads (a registry or stage killed during a copy) and
   * collects garbage (blobs no manifest references, left by unstage or an unfinished stage).
   */
  public Started start() throws IOException {
    cluster.access().require(io.zeta.cluster.Access.Action.ADMINISTER, null);
    return ensureRunning(true);
  }

  /**
   * For stage: starts it again only when it should run and its process is gone (the repair after
   * a kill -9); returns its status either way.
   */
  public Started repairIfStale() throws IOException {
    Status s = status();
    if (!s.state().equals("stale")) {
      return new Started(false, s, List.of());
    }
    return ensureRunning(false);
  }

  private Started ensureRunning(boolean evenIfStopped) throws IOException {
    if (!installed()) {
      throw new ZetaException("the embedded registry needs Debian's docker-registry (" + Capabilities.DOCKER_REGISTRY
          + "), which is not installed", "install it (apt-get install docker-registry) or use an external registry: "
          + "`zeta cluster set --registry URL`", null);
    }
    RegistryConfig config = cluster.config().registryConfig();
    if (!config.embedded()) {
      throw new ZetaException("cluster " + cluster.name() + " uses the external registry " + config.url()
          + "; Zeta does not start or stop it", "to use the embedded one: `zeta cluster set --registry embedded`", null);
    }
    String mount = cluster.mountPoint().orElseThrow(() -> new ZetaException("the embedded registry keeps its blobs on "
        + "the cluster's POSIX mount, and cluster " + cluster.name() + " has none", "give the mount with `zeta cluster init "
        + "--mount PATH`, or use an external registry: `zeta cluster set --registry URL`", null));
    try (Locks.Lock lock = cluster.locks().acquire("registry", "start the registry", null)) {
      Status before = status();
      if (before.running()) {
        return new Started(false, before, List.of());
      }
      if (before.state().equals("stopped") && !evenIfStopped) {
        return new Started(false, before, List.of());
      }
      List<String> notes = new ArrayList<>();
      if (before.state().equals("stale")) {
        notes.add("the embedded registry's process (pid " + before.record().get().pid() + ") was gone; started it again");
      }
      int port = config.port() > 0 ? config.port() : before.record().map(Record::port).orElse(0);
      Path root = Path.of(mount + ClusterLayout.REGISTRY_ROOT);
      Files.createDirectories(root);
      Path configFile = Path.of(mount + CONFIG);
      cluster.storage().mkdirs(ClusterLayout.REGISTRY_STATE, 0755);
      cluster.storage().write(CONFIG, config(root, port).getBytes(StandardCharsets.UTF_8), 0644);
      Files.createDirectories(logDir);
      Path log = logDir.resolve("registry-" + cluster.name() + ".log");
      // No process serves this storage now (the lock is held, the recorded one is gone): no upload can finish.
      List<PartialUploads.Upload> partial = PartialUploads.list(root);
      if (!partial.isEmpty()) {
        PartialUploads.delete(partial);
        notes.add("removed " + PartialUploads.describe(partial) + " an interrupted push left in the registry's storage");
      }
      collectGarbage(configFile, log);
      long offset = Files.exists(log) ? Files.size(log) : 0;
      Process p = new ProcessBuilder("setsid", Capabilities.DOCKER_REGISTRY, "serve", configFile.toString())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      int bound = awaitPort(p, log, offset, port);
      Record rec = new Record("running", Actor.current().host(), p.pid(),
          p.info().startInstant().map(Instant::toString).orElse(null), bound, Instant.now().toString(),
          cluster.actor().toString(), log.toString());
      cluster.storage().write(RECORD, Json.prettyBytes(rec), 0644);
      new RegistryClient(RegistryEndpoint.plain("127.0.0.1:" + bound)).ping();
      return new Started(true, status(), notes);
    }
  }

  /** Stops it (SIGTERM, then SIGKILL after 10 s) and records it stopped; stopping a stopped registry does nothing. */
  public Status stop() throws IOException {
    cluster.access().require(io.zeta.cluster.Access.Action.ADMINISTER, null);
    try (Locks.Lock lock = cluster.locks().acquire("registry", "stop the registry", null)) {
      Status s = status();
      if (s.record().isEmpty() || s.state().equals("stopped")) {
        return s;
      }
      Record rec = s.record().get();
      if (!rec.host().equals(Actor.current().host())) {
        throw new ZetaException("the embedded registry runs on host " + rec.host() + ", not here",
            "run `zeta registry stop` on " + rec.host(), null);
      }
      if (alive(rec)) {
        ProcessHandle h = ProcessHandle.of(rec.pid()).orElseThrow();
        h.destroy();
        try {
          h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception timeout) {
          h.destroyForcibly();
        }
      }
      Record stopped = new Record("stopped", rec.host(), rec.pid(), rec.processStart(), rec.port(), rec.startedAt(),
          rec.startedBy(), rec.log());
      cluster.storage().write(RECORD, Json.prettyBytes(stopped), 0644);
      return status();
    }
  }

  /**
   * docker-registry's garbage collection (blobs no manifest references: what unstage's deletes
   * left). Only while the registry does not serve: a collection during a push may delete the
   * push's new blobs, so it runs at start, before the process listens.
   */
  void collectGarbage(Path configFile, Path log) throws IOException {
    if (!Files.isDirectory(configFile.getParent())) {
      return;
    }
    Process gc = new ProcessBuilder(Capabilities.DOCKER_REGISTRY, "garbage-collect", configFile.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!gc.waitFor(10, TimeUnit.MINUTES)) {
        gc.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gc.destroyForcibly();
    }
    // A failed collection (an empty store has no repositories yet) leaves garbage, not damage.
  }

  /** config.yml: the blob root, deletes enabled, 127.0.0.1 only, no access log. */
  static String config(Path root, int port) {
    return "version: 0.1\n"
        + "log:\n  level: info\n  formatter: text\n  accesslog: {disabled: true}\n"
        + "storage:\n  filesystem: {rootdirectory: \"" + root + "\"}\n  delete: {enabled: true}\n"
        + "  maintenance:\n    uploadpurging: {enabled: true, age: 24h, interval: 1h, dryrun: false}\n"
        + "http:\n  addr: \"127.0.0.1:" + port + "\"\n";
  }

  /** The port the new process listens on, from its "listening on" line (logged at info). */
  private static int awaitPort(Process p, Path log, long offset, int port) throws IOException {
    long end = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < end) {
      String text = tail(log, offset);
      Matcher m = LISTENING.matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!p.isAlive()) {
        throw new ZetaException("docker-registry exited at start: " + lastLine(text),
            port > 0 ? "is port " + port + " taken? see " + log : "see " + log, null);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    p.destroyForcibly();
    throw new ZetaException("docker-registry did not start within " + START_TIMEOUT.toSeconds() + " s", "see " + log, null);
  }

  private static String tail(Path log, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long len = f.length();
      if (len <= offset) {
        return "";
      }
      byte[] b = new byte[(int) Math.min(len - offset, 1 << 20)];
      f.seek(offset);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "(no output)" : lines[lines.length - 1];
  }
}
