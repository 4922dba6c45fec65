package io.zeta.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zeta's own configuration for podman, buildah and skopeo, written into a directory it owns, so
 * nothing in {@code /etc} changes (see docs/IMAGES.md, "Container tools"). The defaults fail on
 * machines like ours: podman asks for 1048576 open files and processes, more than root's hard
 * limits here, and crun refuses hybrid cgroups. So:
 * <ul>
 *   <li>{@code containers.conf}: default ulimits at this process's hard limits (nproc capped at
 *       32768), {@code runc}, host network;</li>
 *   <li>{@code registries.conf}: no unqualified search, the given registries (the cluster's, a
 *       127.0.0.1 upstream) marked insecure (plain HTTP), mirrors of upstream registries;</li>
 *   <li>{@code storage.conf} (optional): an image store of its own (graphroot/runroot), so builds
 *       and tests do not share {@code /var/lib/containers} with anyone.</li>
 * </ul>
 * Point the tools at it with {@link #env()} ({@code CONTAINERS_CONF}, {@code CONTAINERS_REGISTRIES_CONF},
 * {@code CONTAINERS_STORAGE_CONF}); skopeo 1.9 ignores {@code CONTAINERS_REGISTRIES_CONF}, so also
 * pass {@link #skopeoArgs()}. Files are written to a temporary name and renamed into place.
 */
public final class ContainersConf {
  public static final String CONTAINERS_CONF = "containers.conf";
  public static final String REGISTRIES_CONF = "registries.conf";
  public static final String STORAGE_CONF = "storage.conf";
  /** Registry credentials in the tools' auth.json format; 0600 (never on a command line, where ps shows it). */
  public static final String AUTH_JSON = "auth.json";
  static final long NPROC_CAP = 32768;

  private final Path dir;
  private final boolean ownStorage;

  private ContainersConf(Path dir, boolean ownStorage) {
    this.dir = dir;
    this.ownStorage = ownStorage;
  }

  /** What to write: the registries reached over plain HTTP, and where images are stored (if apart). */
  public record Settings(List<String> insecureRegistries, Optional<Path> graphRoot, Optional<Path> runRoot,
      String runtime, Map<String, String> mirrors) {
    public Settings {
      insecureRegistries = List.copyOf(insecureRegistries);
      mirrors = Map.copyOf(mirrors);
    }

    public Settings(List<String> insecureRegistries, Optional<Path> graphRoot, Optional<Path> runRoot, String runtime) {
      this(insecureRegistries, graphRoot, runRoot, runtime, Map.of());
    }

    public static Settings defaults() {
      return new Settings(List.of(), Optional.empty(), Optional.empty(), "runc");
    }

    /**
     * Pull {@code registry}'s images ({@code docker.io}) from {@code mirror} ({@code host:port[/prefix]})
     * instead, as a FROM line of a build or a podman pull does; a 127.0.0.1 mirror is plain HTTP.
     */
    public Settings mirror(String registry, String mirror) {
      Map<String, String> next = new LinkedHashMap<>(mirrors);
      next.put(registry, mirror);
      return new Settings(insecureRegistries, graphRoot, runRoot, runtime, next);
    }

    /** Also reach {@code hostPort} ({@code 127.0.0.1:5000}) over plain HTTP. */
    public Settings insecure(String hostPort) {
      List<String> next = new ArrayList<>(insecureRegistries);
      if (!next.contains(hostPort)) {
        next.add(hostPort);
      }
      return new Settings(next, graphRoot, runRoot, runtime, mirrors);
    }

    /** Keep images under {@code root}/graph and the run state under {@code root}/run. */
    public Settings storage(Path root) {
      return new Settings(insecureRegistries, Optional.of(root.resolve("graph")), Optional.of(root.resolve("run")), runtime,
          mirrors);
    }

    public Settings runtime(String next) {
      return new Settings(insecureRegistries, graphRoot, runRoot, next, mirrors);
    }
  }

  /** Writes the files into {@code dir} (created 0700) and returns them. */
  public static ContainersConf write(Path dir, Settings settings) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      long[] nofile = hardLimit("Max open files", 20000);
      long[] nproc = hardLimit("Max processes", NPROC_CAP);
      long np = Math.min(nproc[1], NPROC_CAP);
      String containers = "# Written by Zeta: podman's defaults ask for more than this machine's hard limits.\n"
          + "[containers]\n"
          + "default_ulimits = [\"nofile=" + nofile[1] + ":" + nofile[1] + "\", \"nproc=" + np + ":" + np + "\"]\n"
          + "netns = \"host\"\n"
          + "[engine]\n"
          + "runtime = \"" + settings.runtime() + "\"\n"
          + "cgroup_manager = \"cgroupfs\"\n"
          + "events_logger = \"file\"\n";
      StringBuilder registries = new StringBuilder("# Written by Zeta: fully qualified names only; plain-HTTP registries below.\n"
          + "unqualified-search-registries = []\n");
      for (String r : settings.insecureRegistries()) {
        registries.append("\n[[registry]]\nlocation = \"").append(toml(r)).append("\"\ninsecure = true\n");
      }
      for (Map.Entry<String, String> m : settings.mirrors().entrySet()) {
        String to = m.getValue().replaceFirst("^https?://", "");
        boolean plain = m.getValue().startsWith("http://") || ImageRef.isLoopback(to.replaceFirst("/.*$", ""));
        registries.append("\n[[registry]]\nprefix = \"").append(toml(m.getKey())).append("\"\nlocation = \"")
            .append(toml(m.getKey())).append("\"\n[[registry.mirror]]\nlocation = \"").append(toml(to)).append("\"\n")
            .append(plain ? "insecure = true\n" : "");
      }
      atomicWrite(dir.resolve(CONTAINERS_CONF), containers);
      atomicWrite(dir.resolve(REGISTRIES_CONF), registries.toString());
      Path auth = dir.resolve(AUTH_JSON);
      if (!Files.exists(auth)) {
        writeAuth(dir, Map.of());
      }
      boolean own = settings.graphRoot().isPresent();
      if (own) {
        String storage = "[storage]\ndriver = \"overlay\"\n"
            + "graphroot = \"" + toml(settings.graphRoot().get().toString()) + "\"\n"
            + "runroot = \"" + toml(settings.runRoot().orElse(settings.graphRoot().get().resolveSibling("run")).toString()) + "\"\n";
        atomicWrite(dir.resolve(STORAGE_CONF), storage);
      }
      return new ContainersConf(dir, own);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the container tools' configuration in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Path containersConf() {
    return dir.resolve(CONTAINERS_CONF);
  }

  public Path registriesConf() {
    return dir.resolve(REGISTRIES_CONF);
  }

  public Optional<Path> storageConf() {
    return ownStorage ? Optional.of(dir.resolve(STORAGE_CONF)) : Optional.empty();
  }

  /** The environment podman, buildah and skopeo read these files from. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONTAINERS_CONF", containersConf().toString());
    env.put("CONTAINERS_REGISTRIES_CONF", registriesConf().toString());
    storageConf().ifPresent(s -> env.put("CONTAINERS_STORAGE_CONF", s.toString()));
    // Tools keep auth files and signatures policy lookups away from the user's XDG dirs.
    env.put("REGISTRY_AUTH_FILE", dir.resolve(AUTH_JSON).toString());
    return env;
  }

  /** The auth file the tools read ({@code REGISTRY_AUTH_FILE}); pass it to skopeo as {@code --authfile}. */
  public Path authFile() {
    return dir.resolve(AUTH_JSON);
  }

  /**
   * Replaces auth.json with credentials per registry ({@code host[:port]} → user and password),
   * created 0600 before anything is written to it.
   */
  public void writeAuth(Map<String, String[]> credentials) {
    try {
      writeAuth(dir, credentials);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + authFile(), e);
    }
  }

  private static void writeAuth(Path dir, Map<String, String[]> credentials) throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode root = io.zeta.json.Json.object();
    com.fasterxml.jackson.databind.node.ObjectNode auths = root.putObject("auths");
    credentials.forEach((host, up) -> auths.putObject(host).put("auth", java.util.Base64.getEncoder()
        .encodeToString((up[0] + ":" + up[1]).getBytes(StandardCharsets.UTF_8))));
    Path file = dir.resolve(AUTH_JSON);
    Path tmp = file.resolveSibling("." + AUTH_JSON + ".tmp-" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, io.zeta.json.Json.prettyBytes(root));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** skopeo ignores CONTAINERS_REGISTRIES_CONF; these go right after {@code skopeo}. */
  public List<String> skopeoArgs() {
    return List.of("--registries-conf", registriesConf().toString());
  }

  /** A process builder with this configuration in its environment. */
  public ProcessBuilder process(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env());
    return pb;
  }

  /**
   * This process's soft and hard limit of one kind from /proc/self/limits (Java has no getrlimit);
   * {@code fallback} for both when it cannot be read or is unlimited.
   */
  static long[] hardLimit(String name, long fallback) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"), StandardCharsets.UTF_8)) {
        if (line.startsWith(name)) {
          String[] parts = line.substring(name.length()).trim().split("\\s+");
          return new long[] {parse(parts[0], fallback), parse(parts[1], fallback)};
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Not Linux, or /proc not mounted: the fallback is what containers.md measured here.
    }
    return new long[] {fallback, fallback};
  }

  private static long parse(String s, long fallback) {
    return "unlimited".equals(s) ? fallback : Long.parseLong(s);
  }

  private static String toml(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void atomicWrite(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
