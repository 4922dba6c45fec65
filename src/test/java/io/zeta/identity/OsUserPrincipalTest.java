package io.zeta.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Trees;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's principal is the OS user of its process: a real account (useradd) runs zeta in its
 * own JVM through setpriv, and the audit log names it; it is not an admin, so --as is refused.
 */
class OsUserPrincipalTest {
  @TempDir
  static Path tmp;
  static final String USER = "ztos" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  static Path root;
  static String classpath;
  static int uid;

  static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @BeforeAll
  static void account() throws Exception {
    assumeTrue(System.getProperty("user.name").equals("root") && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to run the CLI as another OS user");
    assumeTrue(run("useradd", "-M", USER) == 0, "cannot create a user here (useradd)");
    uid = Integer.parseInt(new String(new ProcessBuilder("id", "-u", USER).start().getInputStream().readAllBytes()).strip());
    for (Path p = tmp; p != null && !p.equals(Path.of("/tmp")) && p.startsWith("/tmp"); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    // The class path as the account can read it: Maven's repository is root's only, so links in a readable dir.
    Path cp = Files.createDirectories(tmp.resolve("cp"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(e);
      if (Files.isDirectory(src)) {
        // Copied too: the build directory may sit in a checkout the account cannot enter (mktemp -d is 0700).
        Path copy = cp.resolve((n++) + "-classes");
        try (var walk = Files.walk(src)) {
          for (Path f : (Iterable<Path>) walk::iterator) {
            Path to = copy.resolve(src.relativize(f).toString());
            if (Files.isDirectory(f)) {
              Files.createDirectories(to);
              Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
            } else if (Files.isRegularFile(f)) {
              Files.copy(f, to);
              Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            }
          }
        }
        entries.add(copy.toString());
      } else if (Files.isRegularFile(src)) {
        Path link = cp.resolve((n++) + "-" + src.getFileName());
        try {
          Files.createLink(link, src);
        } catch (IOException | UnsupportedOperationException crossDevice) {
          Files.copy(src, link);
        }
        Files.setPosixFilePermissions(link, PosixFilePermissions.fromString("rw-r--r--"));
        entries.add(link.toString());
      }
    }
    classpath = String.join(File.pathSeparator, entries);
    root = tmp.resolve("cluster");
    new Cli(tmp.resolve("roothome"), tmp).ok("cluster", "init", "--root", root.toUri().toString());
    // Tenants append to the audit log (a real cluster gives the audit dir to every role's group).
    Files.setPosixFilePermissions(root.resolve("zeta/kstore/audit"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(root.resolve("zeta/kstore/audit/audit.log"), PosixFilePermissions.fromString("rw-rw-rw-"));
  }

  @AfterAll
  static void remove() throws Exception {
    run("userdel", USER);
  }

  /** zeta in its own JVM, as the account. */
  static Cli.Result zetaAs(String... args) throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home-" + UUID.randomUUID()));
    run("chown", USER, home.toString());
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", classpath, "io.zeta.cli.Main", "--cluster", root.toUri().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("ZETA_HOME", home.toString());
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("ZETA_CLUSTER");
    Path out = tmp.resolve("out-" + System.nanoTime());
    Path err = tmp.resolve("err-" + System.nanoTime());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Cli.Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void theOsUserIsThePrincipalAndMayNotActAsAnother() throws Exception {
    var before = Trees.withoutAudit(root.toUri());
    Cli.Result refused = zetaAs("--as", "alice", "package", "list");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(4);
    assertThat(refused.err().lines().findFirst().orElseThrow()).isEqualTo("zeta: " + USER
        + " may not act as another user (--as) alice: needs to be the cluster's owner root or root (no admin group is configured)");
    assertThat(Trees.diff(before, Trees.withoutAudit(root.toUri()))).isEmpty();
    List<String> audit = Files.readAllLines(root.resolve("zeta/kstore/audit/audit.log"));
    JsonNode last = Json.parse(audit.get(audit.size() - 1), "audit");
    assertThat(last.get("principal").asText()).isEqualTo(USER);
    assertThat(last.get("user").asText()).isEqualTo(USER);
    assertThat(last.get("result").asText()).startsWith("denied: " + USER + " may not act as another user");

    // Without a directory roles are not enforced: the account may list, and the log names it for what it changes.
    Cli.Result list = zetaAs("package", "list");
    assertThat(list.exit()).as(list.toString()).isZero();
  }
}
