package io.zeta.testing;

import io.zeta.images.ContainersConf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Container images the tests build on this machine, never pulled from the internet: FROM scratch
 * with the static busybox of Debian's busybox-static ({@code /bin/busybox}, its applets as
 * symlinks, so {@code sh}, {@code httpd}, {@code sleep}... exist). Built once per machine with
 * buildah into podman's local storage (kept between runs: a second build costs nothing).
 */
public final class TestImages {
  /** The busybox image: no entrypoint, {@code /bin/sh} as its command, PATH=/bin. */
  public static final String BUSYBOX = "localhost/zeta-runtime-test/busybox:1";
  /** The same with an entrypoint, {@code /bin/echo entrypoint:}, to see how cmd and args combine with it. */
  public static final String ECHO_ENTRYPOINT = "localhost/zeta-runtime-test/echo-entrypoint:1";
  private static final Path BUSYBOX_BINARY = Path.of("/bin/busybox");
  private static ContainersConf conf;

  private TestImages() {}

  /** Zeta's podman configuration for the tests' own podman and buildah calls. */
  public static synchronized ContainersConf conf() {
    if (conf == null) {
      try {
        Path dir = Files.createTempDirectory("zeta-test-containers");
        dir.toFile().deleteOnExit();
        conf = ContainersConf.write(dir, ContainersConf.Settings.defaults());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return conf;
  }

  /** Builds the test images unless they exist; returns why they cannot be built, or null. */
  public static synchronized String ensureBuilt() {
    if (!Files.isExecutable(BUSYBOX_BINARY)) {
      return BUSYBOX_BINARY + " is missing (apt-get install busybox-static)";
    }
    try {
      build(BUSYBOX, List.of());
      build(ECHO_ENTRYPOINT, List.of("--entrypoint", "[\"/bin/echo\", \"entrypoint:\"]"));
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  private static void build(String name, List<String> config) throws IOException {
    if (run("podman", "image", "exists", name).exit() == 0) {
      return;
    }
    String container = run("buildah", "from", "scratch").checked("buildah from scratch").strip();
    try {
      run("buildah", "copy", container, BUSYBOX_BINARY.toString(), "/bin/busybox").checked("buildah copy");
      run("buildah", "run", "--isolation", "chroot", container, "/bin/busybox", "--install", "-s", "/bin")
          .checked("busybox --install");
      List<String> cfg = new ArrayList<>(List.of("buildah", "config", "--cmd", "/bin/sh", "--env", "PATH=/bin"));
      cfg.addAll(config);
      cfg.add(container);
      run(cfg.toArray(String[]::new)).checked("buildah config");
      run("buildah", "commit", "-q", container, name).checked("buildah commit");
    } finally {
      run("buildah", "rm", container);
    }
  }

  /** The output of a command. */
  public record Result(int exit, String out, String err) {
    String checked(String what) throws IOException {
      if (exit != 0) {
        throw new IOException(what + " failed (" + exit + "): " + err.strip());
      }
      return out;
    }
  }

  /** Runs podman, buildah or skopeo with Zeta's configuration. */
  public static Result run(String... command) {
    try {
      Path out = Files.createTempFile("zeta-test", ".out");
      Path err = Files.createTempFile("zeta-test", ".err");
      try {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(conf().env());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Result(-1, "", String.join(" ", command) + " timed out");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return new Result(-1, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }
}
