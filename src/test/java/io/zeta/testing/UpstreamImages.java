package io.zeta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The "upstream" registry that stands in for Docker Hub in the container tests: Debian's
 * {@code docker-registry} on an ephemeral 127.0.0.1 port, read-only, serving test images built on
 * this machine without the internet, under the names and tags the Universe fixtures and the
 * ported packages use ({@code library/redis:4.0}, {@code library/postgres:9.6},
 * {@code bitnami/nginx:1.10.3-r1}, {@code library/debian:bookworm}, ...). Zeta stages from it
 * through {@code --image-mirror docker.io=<url>}, as an air-gapped site would.
 *
 * <p>Two root filesystems are made with {@code mmdebstrap --variant=minbase bookworm} from the
 * Debian archive: the plain base ({@code debian:bookworm}, which the ported packages' Containerfiles
 * build FROM) and one shared "services" filesystem with {@code redis-server}, {@code postgresql}
 * and {@code nginx} installed plus the entrypoint scripts of {@code src/test/resources/upstream-images/}.
 * Each is one gzip layer; the redis, postgres and nginx images are that one layer with their own
 * image config (entrypoint, cmd, env, exposed ports, workdir as the real images have for the
 * packages), so the registry stores it once.
 *
 * <p>The built registry storage is cached in {@code ~/.cache/zeta-test-images/<recipe hash>/}
 * ({@code ZETA_TEST_IMAGE_CACHE} overrides), built once under a file lock, atomically renamed into
 * place; every later test class only starts a registry on it (~0.2 s). Changing a script or a
 * recipe changes the hash, so a stale cache is never served. {@code build.json} next to it records
 * the build's durations and sizes.
 */
public final class UpstreamImages implements AutoCloseable {
  /** Bump when the build procedure changes in a way the recipe text does not show. */
  private static final String PROCEDURE = "4";
  private static final String SUITE = "bookworm";
  private static final String MIRROR = "http://deb.debian.org/debian";
  private static final String RESOURCES = "upstream-images/services";
  private static final List<String> SERVICE_FILES = List.of(
      "usr/local/bin/redis-entrypoint.sh", "usr/local/bin/postgres-entrypoint.sh",
      "usr/local/bin/nginx-entrypoint.sh", "usr/local/bin/nami",
      "opt/bitnami/nginx/conf/nginx.conf", "opt/bitnami/nginx/html/index.html");
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The images, by repository:tag, as Docker Hub names them (without {@code docker.io/}). */
  public static final String REDIS = "library/redis:4.0";
  public static final String REDIS_3 = "library/redis:3.2.9";
  public static final String POSTGRES = "library/postgres:9.6";
  public static final String NGINX = "bitnami/nginx:1.10.3-r1";
  public static final String NGINX_OLD = "bitnami/nginx:1.10.2-r0";
  public static final String HTTPBIN = "citizenstig/httpbin:latest";
  public static final String DEBIAN = "library/debian:bookworm";
  public static final String DEBIAN_SLIM = "library/debian:bookworm-slim";

  private record Rootfs(String name, List<String> mmdebstrapArgs, boolean overlay) {}

  private record Image(String reference, String rootfs, ObjectNode config) {}

  private static final List<String> SLIM = List.of(
      "--variant=minbase",
      "--aptopt=APT::Install-Recommends \"false\"",
      "--dpkgopt=force-unsafe-io",
      "--dpkgopt=path-exclude=/usr/share/man/*", "--dpkgopt=path-exclude=/usr/share/doc/*",
      "--dpkgopt=path-exclude=/usr/share/locale/*", "--dpkgopt=path-exclude=/usr/share/info/*",
      // postinst scripts of some packages (a JRE, postgresql's alternatives) expect these directories.
      "--essential-hook=mkdir -p \"$1\"/usr/share/man/man1 \"$1\"/usr/share/man/man7",
      "--customize-hook=rm -rf \"$1\"/var/lib/apt/lists/* \"$1\"/var/cache/apt/* \"$1\"/var/log/*.log");

  private static final List<Rootfs> ROOTFS = List.of(
      new Rootfs("base", SLIM, false),
      new Rootfs("services", concat(SLIM, List.of(
          "--include=redis-server,postgresql,nginx",
          // No cluster of the package's own: the entrypoint initializes $PGDATA. No LLVM (130 MB,
          // only postgres' JIT loads it; the entrypoint turns jit off). No locale sources.
          "--customize-hook=rm -rf \"$1\"/etc/postgresql/15/main \"$1\"/var/lib/postgresql/15/main"
              + " \"$1\"/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1 \"$1\"/usr/lib/x86_64-linux-gnu/libz3.so.4"
              + " \"$1\"/usr/lib/postgresql/15/lib/llvmjit.so \"$1\"/usr/lib/postgresql/15/lib/llvmjit_types.bc"
              + " \"$1\"/usr/lib/postgresql/15/lib/bitcode \"$1\"/usr/share/i18n/locales",
          "--customize-hook=chmod 0755 \"$1\"/usr/local/bin/*"
              + " && ln -s /usr/local/bin/nginx-entrypoint.sh \"$1\"/app-entrypoint.sh"
              + " && ln -s nami \"$1\"/usr/local/bin/harpoon"
              + " && mkdir -p \"$1\"/data \"$1\"/var/lib/postgresql/data \"$1\"/docker-entrypoint-initdb.d"
              + " && chroot \"$1\" chown redis:redis /data"
              + " && chroot \"$1\" chown postgres:postgres /var/lib/postgresql/data")), true));

  private static final List<Image> IMAGES = images();

  private final Path dir;
  private final int port;
  private final Process process;

  private UpstreamImages(Path dir, int port, Process process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** {@code 127.0.0.1:PORT}: the value for {@code --image-mirror docker.io=...}. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** The reference of an image in this registry, e.g. {@code 127.0.0.1:PORT/library/redis:4.0}. */
  public String reference(String image) {
    return hostPort() + "/" + image;
  }

  /** The cache's root: {@code ZETA_TEST_IMAGE_CACHE}, or {@code ~/.cache/zeta-test-images}. */
  public static Path cacheRoot() {
    String env = System.getenv("ZETA_TEST_IMAGE_CACHE");
    return env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cache", "zeta-test-images");
  }

  /** Where the cached registry storage of the current recipe lives (built or not). */
  public static Path cacheDir() {
    return cacheRoot().resolve("registry-" + recipeHash());
  }

  /**
   * Where a root filesystem's gzip layer is cached, keyed by its own recipe (mmdebstrap arguments
   * and overlay files), so that a change to an image's config alone costs a push, not a bootstrap.
   */
  public static Path layerDir(String rootfs) {
    Rootfs r = ROOTFS.stream().filter(x -> x.name().equals(rootfs)).findFirst().orElseThrow();
    return cacheRoot().resolve("layers").resolve(rootfs + "-" + rootfsHash(r));
  }

  /** Why this machine cannot build or serve the test images, or null when it can. */
  public static String missingTools() {
    for (String tool : List.of("/usr/bin/mmdebstrap", "/usr/bin/docker-registry")) {
      if (!Files.isExecutable(Path.of(tool))) {
        return tool + " is not installed (bin/test installs mmdebstrap and docker-registry)";
      }
    }
    return null;
  }

  /**
   * Builds the images unless the cache has them (minutes the first time on this machine, nothing
   * afterwards), then starts the read-only upstream registry on them in {@code work}.
   */
  public static UpstreamImages start(Path work) {
    String missing = missingTools();
    if (missing != null) {
      throw new IllegalStateException(missing);
    }
    try {
      Path cache = ensureBuilt();
      Files.createDirectories(work);
      return startRegistry(work, cache.resolve("registry"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The build record of the cache: seconds per step and bytes per layer. */
  public static String buildRecord() throws IOException {
    return Files.readString(ensureBuilt().resolve("build.json"));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- the images -------------------------------------------------------------------------

  private static List<Image> images() {
    List<Image> list = new ArrayList<>();
    ObjectNode debian = config(List.of(), List.of("bash"), Map.of(), List.of(), null);
    list.add(new Image(DEBIAN, "base", debian));
    list.add(new Image(DEBIAN_SLIM, "base", debian));
    // docker.io/library/redis: ENTRYPOINT docker-entrypoint.sh, CMD redis-server, 6379, WORKDIR /data.
    ObjectNode redis = config(List.of("/usr/local/bin/redis-entrypoint.sh"), List.of("redis-server"),
        Map.of(), List.of("6379/tcp"), "/data");
    redis.with("Volumes").putObject("/data");
    list.add(new Image(REDIS, "services", redis));
    list.add(new Image(REDIS_3, "services", redis));
    // docker.io/library/postgres: ENTRYPOINT docker-entrypoint.sh, CMD postgres, 5432, PGDATA.
    ObjectNode postgres = config(List.of("/usr/local/bin/postgres-entrypoint.sh"), List.of("postgres"),
        Map.of("PGDATA", "/var/lib/postgresql/data", "PATH", "/usr/lib/postgresql/15/bin:" + PATH),
        List.of("5432/tcp"), null);
    postgres.with("Volumes").putObject("/var/lib/postgresql/data");
    list.add(new Image(POSTGRES, "services", postgres));
    // docker.io/bitnami/nginx 1.10: ENTRYPOINT /app-entrypoint.sh, CMD nami start --foreground nginx, 80/443.
    list.add(new Image(NGINX, "services", config(List.of("/app-entrypoint.sh"),
        List.of("nami", "start", "--foreground", "nginx"), Map.of(), List.of("80/tcp", "443/tcp"), null)));
    list.add(new Image(NGINX_OLD, "services", config(List.of("/app-entrypoint.sh"),
        List.of("harpoon", "start", "--foreground", "nginx"), Map.of(), List.of("80/tcp", "443/tcp"), null)));
    // docker.io/citizenstig/httpbin: httpbin on 8000. Here nginx answers what the Universe package
    // uses (its HTTP health check's GET /get, with httpbin's JSON shape) and a page at /.
    list.add(new Image(HTTPBIN, "services", config(List.of("/bin/sh", "-c", HTTPBIN_SCRIPT), List.of(), Map.of(),
        List.of("8000/tcp"), null)));
    return list;
  }

  private static final String HTTPBIN_SCRIPT = """
      cat > /tmp/httpbin.conf <<'EOF'
      user www-data;
      worker_processes 1;
      pid /tmp/httpbin.pid;
      daemon off;
      error_log /dev/stderr warn;
      events { worker_connections 256; }
      http {
        access_log /dev/stdout;
        server {
          listen 8000 default_server;
          location = /get {
            default_type application/json;
            return 200 '{"args": {}, "headers": {"Host": "$http_host", "User-Agent": "$http_user_agent"}, "origin": "$remote_addr", "url": "http://$http_host$request_uri"}\n';
          }
          location = / {
            default_type text/html;
            return 200 '<!DOCTYPE html><html><head><title>httpbin(1): HTTP Client Testing Service</title></head><body><h1>httpbin(1): HTTP Request &amp; Response Service</h1></body></html>\n';
          }
          location / { return 404; }
        }
      }
      EOF
      exec nginx -c /tmp/httpbin.conf
      """;

  private static ObjectNode config(List<String> entrypoint, List<String> cmd, Map<String, String> env,
      List<String> ports, String workdir) {
    ObjectNode c = JSON.createObjectNode();
    ArrayNode e = c.putArray("Env");
    Map<String, String> all = new LinkedHashMap<>();
    all.put("PATH", PATH);
    all.putAll(env);
    all.forEach((k, v) -> e.add(k + "=" + v));
    if (!entrypoint.isEmpty()) {
      entrypoint.forEach(c.putArray("Entrypoint")::add);
    }
    if (!cmd.isEmpty()) {
      cmd.forEach(c.putArray("Cmd")::add);
    }
    if (!ports.isEmpty()) {
      ObjectNode p = c.putObject("ExposedPorts");
      ports.forEach(p::putObject);
    }
    if (workdir != null) {
      c.put("WorkingDir", workdir);
    }
    return c;
  }

  private static String rootfsHash(Rootfs r) {
    MessageDigest md = sha256();
    md.update(("procedure " + PROCEDURE + "\nsuite " + SUITE + " " + MIRROR + "\nrootfs " + r.name() + " "
        + r.mmdebstrapArgs() + " " + r.overlay() + "\n").getBytes(StandardCharsets.UTF_8));
    if (r.overlay()) {
      for (String f : SERVICE_FILES) {
        md.update(f.getBytes(StandardCharsets.UTF_8));
        md.update(resource(f));
      }
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 16);
  }

  private static String recipeHash() {
    StringBuilder text = new StringBuilder("procedure " + PROCEDURE + "\n");
    for (Rootfs r : ROOTFS) {
      text.append("rootfs ").append(r.name()).append(' ').append(rootfsHash(r)).append('\n');
    }
    for (Image i : IMAGES) {
      text.append("image ").append(i.reference()).append(' ').append(i.rootfs()).append(' ').append(i.config()).append('\n');
    }
    return HexFormat.of().formatHex(sha256().digest(text.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
  }

  private static byte[] resource(String file) {
    try (InputStream in = UpstreamImages.class.getClassLoader().getResourceAsStream(RESOURCES + "/" + file)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCES + "/" + file + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- building the cache ------------------------------------------------------------------

  private static synchronized Path ensureBuilt() throws IOException {
    Path cache = cacheDir();
    if (Files.isRegularFile(cache.resolve("build.json"))) {
      return cache;
    }
    Files.createDirectories(cache.getParent());
    // Another JVM (another test run) may be building the same recipe: one builds, the others wait.
    try (FileChannel ch = FileChannel.open(cache.getParent().resolve(cache.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (Files.isRegularFile(cache.resolve("build.json"))) {
        return cache;
      }
      Path tmp = Files.createTempDirectory(cache.getParent(), cache.getFileName() + ".tmp-");
      try {
        build(tmp);
        try {
          Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
          // A half-made directory of an older, interrupted layout: replace it.
          deleteTree(cache);
          Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
        }
        return cache;
      } finally {
        deleteTree(tmp);
      }
    }
  }

  private static void build(Path tmp) throws IOException {
    ObjectNode record = JSON.createObjectNode();
    long t0 = System.nanoTime();
    List<Rootfs> missing = ROOTFS.stream().filter(r -> !Files.isRegularFile(layerDir(r.name()).resolve("layer.json"))).toList();
    if (!missing.isEmpty()) {
      bootstrap(missing, tmp);
    }
    Map<String, Layer> layers = new LinkedHashMap<>();
    ObjectNode sizes = record.putObject("layers");
    for (Rootfs r : ROOTFS) {
      Path dir = layerDir(r.name());
      JsonNode j = JSON.readTree(dir.resolve("layer.json").toFile());
      Layer l = new Layer(dir.resolve("layer.tar.gz"), j.get("digest").asText(), j.get("gzipBytes").asLong(),
          j.get("diffId").asText(), j.get("tarBytes").asLong());
      layers.put(r.name(), l);
      sizes.set(r.name(), j);
    }
    record.put("layersSeconds", seconds(t0));
    long t2 = System.nanoTime();
    Path storage = tmp.resolve("registry");
    Files.createDirectories(storage);
    try (UpstreamImages writable = startRegistry(tmp, storage, false)) {
      writable.push(layers, tmp);
    }
    record.put("pushSeconds", seconds(t2));
    record.put("totalSeconds", seconds(t0));
    ArrayNode names = record.putArray("images");
    IMAGES.forEach(i -> names.add(i.reference()));
    Files.writeString(tmp.resolve("build.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record));
  }

  /** mmdebstrap of the missing root filesystems (at once: each waits on the archive part of the time), gzipped. */
  private static void bootstrap(List<Rootfs> missing, Path tmp) throws IOException {
    long t0 = System.nanoTime();
    Path overlay = tmp.resolve("overlay");
    for (String f : SERVICE_FILES) {
      Path p = overlay.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, resource(f));
    }
    Map<String, Process> runs = new LinkedHashMap<>();
    for (Rootfs r : missing) {
      List<String> cmd = new ArrayList<>(List.of("/usr/bin/mmdebstrap", "--quiet"));
      cmd.addAll(r.mmdebstrapArgs());
      if (r.overlay()) {
        cmd.add(1, "--customize-hook=sync-in " + overlay + " /");
      }
      cmd.addAll(List.of(SUITE, tmp.resolve(r.name() + ".tar").toString(), MIRROR));
      runs.put(r.name(), new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(tmp.resolve(r.name() + ".log").toFile()).start());
    }
    for (Map.Entry<String, Process> run : runs.entrySet()) {
      try {
        if (!run.getValue().waitFor(30, TimeUnit.MINUTES) || run.getValue().exitValue() != 0) {
          run.getValue().destroyForcibly();
          throw new IOException("mmdebstrap of the " + run.getKey() + " image failed: "
              + tail(tmp.resolve(run.getKey() + ".log")));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while building the test images", e);
      }
    }
    double mmdebstrap = seconds(t0);
    for (Rootfs r : missing) {
      long t1 = System.nanoTime();
      Path dir = layerDir(r.name());
      Path part = Files.createTempDirectory(tmp, r.name() + "-layer");
      Layer l = gzip(tmp.resolve(r.name() + ".tar"), part.resolve("layer.tar.gz"));
      Files.delete(tmp.resolve(r.name() + ".tar"));
      ObjectNode j = JSON.createObjectNode().put("digest", l.digest()).put("gzipBytes", l.size())
          .put("diffId", l.diffId()).put("tarBytes", l.tarSize())
          .put("mmdebstrapSeconds", mmdebstrap).put("gzipSeconds", seconds(t1));
      Files.writeString(part.resolve("layer.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(j));
      Files.createDirectories(dir.getParent());
      try {
        Files.move(part, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        deleteTree(part); // another run made the same layer meanwhile
      }
    }
    deleteTree(overlay);
  }

  private record Layer(Path file, String digest, long size, String diffId, long tarSize) {}

  private static Layer gzip(Path tar, Path gz) throws IOException {
    MessageDigest tarDigest = sha256();
    MessageDigest gzDigest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(tar), tarDigest);
        OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(gz), gzDigest), 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      in.transferTo(out);
    }
    return new Layer(gz, "sha256:" + HexFormat.of().formatHex(gzDigest.digest()), Files.size(gz),
        "sha256:" + HexFormat.of().formatHex(tarDigest.digest()), Files.size(tar));
  }

  /** Docker Registry v2 pushes: blobs (cross-repository mounts after the first), config, manifest. */
  private void push(Map<String, Layer> layers, Path tmp) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Map<String, String> uploadedTo = new LinkedHashMap<>();
    for (Image image : IMAGES) {
      String repo = image.reference().substring(0, image.reference().indexOf(':'));
      String tag = image.reference().substring(image.reference().indexOf(':') + 1);
      Layer layer = layers.get(image.rootfs());
      ObjectNode config = JSON.createObjectNode();
      config.put("architecture", "amd64").put("os", "linux").put("created", "2026-12-01T00:00:00Z");
      config.set("config", image.config());
      config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layer.diffId());
      config.putArray("history").addObject().put("created", "2026-12-01T00:00:00Z")
          .put("created_by", "mmdebstrap --variant=minbase " + SUITE + " (" + image.rootfs() + ", Zeta test image)");
      byte[] configBytes = JSON.writeValueAsBytes(config);
      Path configFile = tmp.resolve("config.json");
      Files.write(configFile, configBytes);
      String configDigest = "sha256:" + HexFormat.of().formatHex(sha256().digest(configBytes));
      uploadBlob(http, repo, layer.digest(), layer.file(), uploadedTo.get(layer.digest()));
      uploadedTo.put(layer.digest(), repo);
      uploadBlob(http, repo, configDigest, configFile, null);
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("schemaVersion", 2).put("mediaType", "application/vnd.docker.distribution.manifest.v2+json");
      manifest.putObject("config").put("mediaType", "application/vnd.docker.container.image.v1+json")
          .put("size", configBytes.length).put("digest", configDigest);
      manifest.putArray("layers").addObject().put("mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip")
          .put("size", layer.size()).put("digest", layer.digest());
      HttpResponse<String> put = send(http, HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + tag))
          .header("Content-Type", "application/vnd.docker.distribution.manifest.v2+json")
          .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(manifest))).build());
      if (put.statusCode() != 201) {
        throw new IOException("pushing the manifest of " + image.reference() + ": HTTP " + put.statusCode() + " " + put.body());
      }
    }
  }

  private void uploadBlob(HttpClient http, String repo, String digest, Path file, String mountFrom) throws IOException {
    if (send(http, HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode() == 200) {
      return;
    }
    String start = "/v2/" + repo + "/blobs/uploads/" + (mountFrom == null ? "" : "?mount=" + digest + "&from=" + mountFrom);
    HttpResponse<String> post = send(http, HttpRequest.newBuilder(uri(start)).POST(HttpRequest.BodyPublishers.noBody()).build());
    if (post.statusCode() == 201) {
      return; // mounted from the other repository
    }
    if (post.statusCode() != 202) {
      throw new IOException("starting the upload of " + digest + " to " + repo + ": HTTP " + post.statusCode() + " " + post.body());
    }
    URI location = uri("/").resolve(post.headers().firstValue("Location").orElseThrow());
    String sep = location.getQuery() == null ? "?" : "&";
    HttpResponse<String> put = send(http, HttpRequest.newBuilder(URI.create(location + sep + "digest=" + digest))
        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofFile(file)).build());
    if (put.statusCode() != 201) {
      throw new IOException("uploading " + digest + " to " + repo + ": HTTP " + put.statusCode() + " " + put.body());
    }
  }

  private URI uri(String path) {
    return URI.create("http://" + hostPort() + path);
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---- the registry process ----------------------------------------------------------------

  private static UpstreamImages startRegistry(Path work, Path storage, boolean readOnly) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Path config = work.resolve("upstream-registry.yml");
      Files.writeString(config, "version: 0.1\n"
          + "log: {level: error, accesslog: {disabled: true}}\n"
          + "storage:\n"
          + "  filesystem: {rootdirectory: \"" + storage + "\"}\n"
          + "  maintenance:\n"
          + "    uploadpurging: {enabled: false}\n"
          + "    readonly: {enabled: " + readOnly + "}\n"
          + "http: {addr: \"127.0.0.1:" + port + "\"}\n");
      Path log = work.resolve("upstream-registry.log");
      Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      UpstreamImages r = new UpstreamImages(work, port, p);
      if (r.awaitReady()) {
        return r;
      }
      r.close();
      last = new IOException("docker-registry did not answer on 127.0.0.1:" + port + ": " + tail(log));
    }
    throw last;
  }

  private boolean awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (send(http, HttpRequest.newBuilder(uri("/v2/")).build()).statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  // ---- small helpers ----------------------------------------------------------------------

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e7) / 100.0;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
