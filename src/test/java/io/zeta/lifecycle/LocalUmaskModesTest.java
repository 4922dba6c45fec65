package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.ClusterFlavour;
import io.zeta.testing.SecretScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * On file:, the modes come from the process umask, so the CLI runs here in its own processes
 * under {@code umask 022} (the common default, which leaves new files 0644): install, the agent
 * and a running task, uninstall. Nothing holding the password is readable by others: not in the
 * cluster tree, not in the agent's work directory (apps, task records, sandbox, task output).
 */
class LocalUmaskModesTest extends ClusterLifecycleSuite {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  /** Runs zeta commands, one process each, in one shell that set {@code umask 022} first. */
  String zeta(List<List<String>> commands) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    StringBuilder script = new StringBuilder("umask 022\nset -e\n: > \"$PROBE\"\n");
    for (List<String> c : commands) {
      script.append("\"$JAVA\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp \"$CP\" io.zeta.cli.Main");
      for (String arg : c) {
        script.append(" '").append(arg.replace("'", "'\\''")).append("'");
      }
      script.append('\n');
    }
    try {
      ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script.toString()).redirectErrorStream(true);
      pb.environment().put("JAVA", java);
      pb.environment().put("CP", classpath);
      pb.environment().put("PROBE", tmp.resolve("umask-probe").toString());
      pb.environment().put("ZETA_HOME", tmp.resolve("home").toString());
      pb.environment().put("ZETA_CLUSTER", root.toString());
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void nothingHoldingThePasswordIsWorldReadableUnderUmask022() throws Exception {
    Path repo = SecretScenarios.vaultRepo(tmp.resolve("vaultrepo"));
    Path secret = tmp.resolve("pw.txt");
    Files.writeString(secret, SecretScenarios.PASSWORD + "\n");
    Path home = tmp.resolve("home");
    try {
      zeta(List.of(
          List.of("cluster", "init", "--root", root.toString(), "--name", "umask"),
          List.of("role", "add", "team1"),
          List.of("package", "repo", "add", "vaults", repo.toString()),
          List.of("package", "install", "vault", "--stage", "--role", "team1", "--id", "v1",
              "--set-file", "db.password=" + secret),
          List.of("agent", "start"),
          List.of("package", "start", "team1/v1"),
          // scale rewrites marathon.json
          List.of("package", "scale", "team1/v1", "1")));
      // The probe shows the umask really was 022: a plain new file is 0644.
      assertThat(mode(tmp.resolve("umask-probe"))).isEqualTo(0644);

      Path work;
      try (Stream<Path> agents = Files.list(home.resolve("agents"))) {
        work = agents.findFirst().orElseThrow();
      }
      Path stdout = findSandboxFile(work, "stdout");
      io.zeta.scheduler.embedded.Poll.until(PATIENCE, "the task's output", () -> read(stdout).contains("started with"));
      assertThat(read(stdout)).as("the package echoes its password: task output holds it")
          .contains(SecretScenarios.PASSWORD);

      SecretScan scan = new SecretScan(SecretScenarios.PASSWORD);
      String h = SecretScenarios.HOME;
      Map<String, Integer> cluster;
      try (FileSystem fs = fs()) {
        cluster = scan.filesHolding(fs, p("/"));
      }
      assertThat(cluster).isEqualTo(Map.of(h + "/secrets.json", 0600, h + "/marathon.json", 0640, h + "/db.conf", 0640));
      assertThat(mode(Path.of(root).resolve("zeta/kstore/cluster.json"))).isEqualTo(0644);
      assertThat(mode(Path.of(root).resolve("zeta/kstore/env/env_team1/vault_v1.sh"))).isEqualTo(0640);
      assertThat(mode(Path.of(root).resolve(h.substring(1)))).isEqualTo(0750);
      for (String f : new String[] {"instance.json", "env.sh", "scheduler.json"}) {
        assertThat(mode(Path.of(root).resolve(h.substring(1)).resolve(f))).as(f).isEqualTo(0640);
      }

      // The agent's work directory is its user's alone, and so is every file in it that holds the password.
      assertThat(mode(work)).isEqualTo(0700);
      assertThat(mode(stdout.getParent())).as("sandbox").isEqualTo(0700);
      assertThat(mode(stdout)).isEqualTo(0600);
      assertThat(mode(stdout.resolveSibling("stderr"))).isEqualTo(0600);
      assertThat(mode(work.resolve("agent.log"))).isEqualTo(0600);
      assertThat(mode(home.resolve("config.json"))).as("~/.zeta/config.json").isEqualTo(0600);
      Map<String, Integer> agentFiles = holding(work, SecretScenarios.PASSWORD);
      assertThat(agentFiles).as("the app definition and the task output hold it").hasSizeGreaterThanOrEqualTo(2);
      assertThat(SecretScan.worldReadable(agentFiles)).isEmpty();
      assertThat(agentFiles.values()).allMatch(m -> (m & 077) == 0);

      zeta(List.of(List.of("package", "uninstall", "team1/v1")));
      assertThat(mode(Path.of(root).resolve(h.substring(1)).resolve("instance.json"))).as("rewritten by uninstall")
          .isEqualTo(0640);
      try (FileSystem fs = fs()) {
        assertThat(scan.filesHolding(fs, p("/"))).isEmpty();
      }
    } finally {
      zeta(List.of(List.of("agent", "stop")));
    }
  }

  private static Path findSandboxFile(Path work, String name) throws IOException {
    Path sandboxes = work.resolve("sandboxes");
    io.zeta.scheduler.embedded.Poll.until(PATIENCE, "a sandbox", () -> {
      try (Stream<Path> s = Files.list(sandboxes)) {
        return s.anyMatch(d -> Files.exists(d.resolve(name)));
      } catch (IOException e) {
        return false;
      }
    });
    try (Stream<Path> s = Files.list(sandboxes)) {
      return s.map(d -> d.resolve(name)).filter(Files::exists).findFirst().orElseThrow();
    }
  }

  private static Map<String, Integer> holding(Path dir, String secret) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
    }
    for (Path f : files) {
      if (read(f).contains(secret)) {
        out.put(dir.relativize(f).toString(), mode(f));
      }
    }
    return out;
  }

  private static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  static int mode(Path p) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
      return Integer.parseInt(octal(PosixFilePermissions.toString(perms)), 8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String octal(String rwx) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 9; i += 3) {
      int d = (rwx.charAt(i) == 'r' ? 4 : 0) + (rwx.charAt(i + 1) == 'w' ? 2 : 0) + (rwx.charAt(i + 2) == 'x' ? 1 : 0);
      sb.append(d);
    }
    return sb.toString();
  }
}
