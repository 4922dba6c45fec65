package io.zeta.testing;

import io.zeta.images.ContainersConf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Docker Registry v2 (Debian's {@code docker-registry}, Distribution 2.8) for a test class,
 * standing in for Docker Hub: a config in a temp dir, filesystem storage there, delete enabled,
 * listening on an ephemeral 127.0.0.1 port (port 0; the port is read from its "listening on" log
 * line, so there is no race for a free port). Plus Zeta's {@link ContainersConf} for the tools
 * (this registry insecure, an image store of its own under the dir) and builders of test images
 * with buildah, never pulled from the internet:
 * <ul>
 *   <li>{@link #pushBusybox}: FROM scratch with the static busybox ({@code /bin/busybox} from
 *       busybox-static) and symbolic links for its common applets, CMD {@code ["/bin/sh"]};</li>
 *   <li>{@link #pushBuilt}: any Containerfile and context;</li>
 *   <li>{@link #pushLarge}: busybox plus a layer of random bytes of the given size.</li>
 * </ul>
 * Start one per test class ({@code @BeforeAll}), {@link #close} in {@code @AfterAll}: it kills the
 * registry and waits. {@link #available()} is the probe for a machine without the tools; {@link
 * #missing()} says what is missing, for the skip message.
 */
public final class Registries implements AutoCloseable {
  public static final String DOCKER_REGISTRY = "/usr/bin/docker-registry";
  public static final String BUSYBOX = "/bin/busybox";
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  /** Applets linked into the busybox image (a container needs sh; tests use the rest). */
  public static final List<String> APPLETS = List.of("sh", "true", "false", "sleep", "cat", "echo", "ls", "env",
      "id", "nc", "httpd", "mkdir", "rm", "touch", "wc", "head", "tail", "grep", "sed", "ps", "kill", "date", "hostname");

  private final Path dir;
  private final Process process;
  private final int port;
  private final ContainersConf conf;

  private Registries(Path dir, Process process, int port, ContainersConf conf) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.conf = conf;
  }

  /** Whether this machine has what {@link #start} and the image builders need. */
  public static boolean available() {
    return missing().isEmpty();
  }

  /** The tools this machine lacks (empty when all are there). */
  public static List<String> missing() {
    List<String> out = new ArrayList<>();
    for (String tool : List.of(DOCKER_REGISTRY, "/usr/bin/skopeo", "/usr/bin/buildah", BUSYBOX)) {
      if (!Files.isExecutable(Path.of(tool))) {
        out.add(tool);
      }
    }
    return out;
  }

  /** A registry with its storage, config and log under {@code dir}. */
  public static Registries start(Path dir) {
    try {
      Files.createDirectories(dir.resolve("storage"));
      Path config = dir.resolve("config.yml");
      Files.writeString(config, config(dir.resolve("storage"), 0));
      Path log = dir.resolve("registry.log");
      Process p = new ProcessBuilder(DOCKER_REGISTRY, "serve", config.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      int port = awaitPort(p, log, Duration.ofSeconds(20));
      ContainersConf conf = ContainersConf.write(dir.resolve("containers"),
          ContainersConf.Settings.defaults().insecure("127.0.0.1:" + port).storage(dir.resolve("images")));
      Registries r = new Registries(dir, p, port, conf);
      r.awaitReady();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** docker-registry's config.yml: filesystem storage at {@code root}, delete enabled, 127.0.0.1 only. */
  public static String config(Path root, int port) {
    return "version: 0.1\n"
        + "log: {level: info, formatter: text}\n"
        + "storage:\n  filesystem: {rootdirectory: \"" + root + "\"}\n  delete: {enabled: true}\n"
        + "http: {addr: \"127.0.0.1:" + port + "\"}\n";
  }

  /** The port docker-registry says it listens on (it logs the bound address of port 0). */
  static int awaitPort(Process p, Path log, Duration timeout) throws IOException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      Matcher m = LISTENING.matcher(text);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!p.isAlive()) {
        throw new IOException("docker-registry exited " + p.exitValue() + ": " + text);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    p.destroyForcibly();
    throw new IOException("docker-registry did not say where it listens within " + timeout + ": " + Files.readString(log));
  }

  private void awaitReady() throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (int i = 0; i < 200; i++) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    throw new IOException("docker-registry on " + port + " does not answer /v2/");
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:PORT}, as image references name it. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://" + hostPort();
  }

  public Path dir() {
    return dir;
  }

  /** The tools' configuration for this registry (insecure) with an image store under {@link #dir}. */
  public ContainersConf conf() {
    return conf;
  }

  /**
   * Builds the busybox image and pushes it as {@code 127.0.0.1:PORT/<repository>:<tag>}
   * ({@code library/busybox:1.36} as Docker Hub names it); returns its manifest digest.
   */
  public String pushBusybox(String repository, String tag) {
    Path ctx = dir.resolve("ctx-busybox-" + System.nanoTime());
    try {
      busyboxContext(ctx, "");
      return pushBuilt(ctx, "Containerfile", repository, tag);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A build context with bin/busybox, its applet links and a Containerfile (FROM scratch, COPY,
   * CMD sh) followed by {@code extraLines}.
   */
  public static void busyboxContext(Path ctx, String extraLines) throws IOException {
    Path bin = ctx.resolve("bin");
    Files.createDirectories(bin);
    Files.copy(Path.of(BUSYBOX), bin.resolve("busybox"));
    Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String a : APPLETS) {
      Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
    }
    Files.writeString(ctx.resolve("Containerfile"), "FROM scratch\nCOPY bin /bin\nENV PATH=/bin\n" + extraLines
        + "CMD [\"/bin/sh\"]\n");
  }

  /**
   * busybox plus one layer of {@code megabytes} MiB of random bytes (incompressible, so a copy
   * moves all of it), pushed as {@code repository:tag}; returns the digest.
   */
  public String pushLarge(String repository, String tag, int megabytes) {
    Path ctx = dir.resolve("ctx-large-" + System.nanoTime());
    try {
      busyboxContext(ctx, "COPY blob /data/blob\n");
      Random random = new Random(megabytes);
      byte[] chunk = new byte[1 << 20];
      try (OutputStream out = Files.newOutputStream(ctx.resolve("blob"))) {
        for (int i = 0; i < megabytes; i++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
      String digest = pushBuilt(ctx, "Containerfile", repository, tag);
      Files.delete(ctx.resolve("blob"));
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code buildah bud} of a context, pushed to this registry as {@code repository:tag}; returns the digest. */
  public String pushBuilt(Path ctx, String containerfile, String repository, String tag) {
    String ref = hostPort() + "/" + repository + ":" + tag;
    run(List.of("buildah", "bud", "--network=host", "--layers=false", "-f", ctx.resolve(containerfile).toString(),
        "-t", ref, ctx.toString()));
    Path digest = dir.resolve("digest-" + System.nanoTime());
    run(List.of("buildah", "push", "--tls-verify=false", "--digestfile", digest.toString(), ref, "docker://" + ref));
    run(List.of("buildah", "rmi", ref));
    try {
      String d = Files.readString(digest).strip();
      Files.delete(digest);
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The digest of {@code repository:tag} here (HEAD of its manifest), or null when it is not here. */
  public String digest(String repository, String tag) {
    return new Probe(port).digest(repository, tag);
  }

  /** Any registry on a 127.0.0.1 port (the cluster's embedded one), as tests look into it. */
  public record Probe(int port) {
    /** The digest of {@code repository:reference} (a tag or digest), or null when the registry does not have it. */
    public String digest(String repository, String tag) {
      return digestAt("http://127.0.0.1:" + port, repository, tag);
    }
  }

  static String digestAt(String url, String repository, String tag) {
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v2/" + repository + "/manifests/" + tag))
          .method("HEAD", HttpRequest.BodyPublishers.noBody())
          .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json,"
              + " application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.index.v1+json")
          .build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs a container tool with this configuration; fails with its output on a non-zero exit. */
  public String run(List<String> command) {
    try {
      Process p = conf.process(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // buildah's store holds overlay mounts only while building; nothing else to undo.
  }
}
