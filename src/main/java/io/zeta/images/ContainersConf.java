package io.zeta.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Zeta's own {@code containers.conf} and {@code registries.conf} for podman, buildah and skopeo,
 * written into a directory Zeta owns and handed to the tools through {@code CONTAINERS_CONF} and
 * {@code CONTAINERS_REGISTRIES_CONF}; nothing in /etc changes. Podman's defaults fail on machines
 * such as this project's (see docs/CONTAINERS.md): it asks for 1048576 open files, more than root
 * may have without CAP_SYS_RESOURCE, and crun refuses hybrid cgroups. So the ulimits are the
 * machine's hard limits and the OCI runtime is runc.
 */
public final class ContainersConf {
  public static final String CONTAINERS_CONF = "containers.conf";
  public static final String REGISTRIES_CONF = "registries.conf";
  /** Podman's nproc limit; more than this is never useful for one container. */
  private static final long MAX_NPROC = 32768;

  private final Path dir;

  private ContainersConf(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes both files into {@code dir} (each by a temporary file and a rename).
   *
   * @param insecureRegistries host:port of plain-HTTP registries (127.0.0.1 ones Zeta runs)
   */
  public static ContainersConf write(Path dir, List<String> insecureRegistries) throws IOException {
    Files.createDirectories(dir);
    long nofile = hardLimit("-Hn", 20000);
    long nproc = Math.min(hardLimit("-Hu", MAX_NPROC), MAX_NPROC);
    String containers = "# Written by Zeta; podman reads it through CONTAINERS_CONF.\n"
        + "[containers]\n"
        + "default_ulimits = [\"nofile=" + nofile + ":" + nofile + "\", \"nproc=" + nproc + ":" + nproc + "\"]\n"
        + "netns = \"host\"\n"
        + "[engine]\n"
        + "runtime = \"runc\"\n";
    StringBuilder registries = new StringBuilder("# Written by Zeta; read through CONTAINERS_REGISTRIES_CONF.\n"
        + "# No short names: every image names its registry.\n"
        + "unqualified-search-registries = []\n");
    for (String r : insecureRegistries) {
      if (!r.matches("[A-Za-z0-9.\\[\\]:-]+")) {
        throw new IllegalArgumentException("not a registry host[:port]: " + r);
      }
      registries.append("\n[[registry]]\nlocation = \"").append(r).append("\"\ninsecure = true\n");
    }
    replace(dir.resolve(CONTAINERS_CONF), containers);
    replace(dir.resolve(REGISTRIES_CONF), registries.toString());
    return new ContainersConf(dir);
  }

  public Path containersConf() {
    return dir.resolve(CONTAINERS_CONF);
  }

  public Path registriesConf() {
    return dir.resolve(REGISTRIES_CONF);
  }

  /** The variables that point podman, buildah and skopeo (≥ 1.10) at these files. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONTAINERS_CONF", containersConf().toString());
    env.put("CONTAINERS_REGISTRIES_CONF", registriesConf().toString());
    return env;
  }

  /** For tools that ignore the variable (skopeo 1.9): {@code --registries-conf FILE}. */
  public List<String> registriesConfArguments() {
    return new ArrayList<>(List.of("--registries-conf", registriesConf().toString()));
  }

  private static void replace(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The shell's {@code ulimit -Hn}/{@code -Hu}: the JDK has no getrlimit. */
  private static long hardLimit(String flag, long fallback) {
    try {
      Process p = new ProcessBuilder("/bin/sh", "-c", "ulimit " + flag).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return fallback;
      }
      return out.equals("unlimited") ? fallback : Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return fallback;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallback;
    }
  }
}
