package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.json.Json;
import io.zeta.testing.CliProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's Zeta directory is $ZETA_HOME, else $HOME/.zeta, else the account's home: two users
 * (or one with another HOME) do not share a current cluster. Run as real processes, since HOME is
 * the process environment.
 */
class ZetaHomeTest {
  @TempDir
  Path tmp;

  CliProcess zeta(Path home) {
    // The account's home is a directory of the test's too, so that no run touches the real ~/.zeta.
    CliProcess p = new CliProcess(tmp).without("ZETA_HOME").without("ZETA_CLUSTER")
        .jvm("-Duser.home=" + tmp.resolve("account"));
    return home == null ? p.without("HOME") : p.env("HOME", home.toString());
  }

  @Test
  void homeDecidesWhereTheCurrentClusterIsKept() throws Exception {
    Path alice = Files.createDirectories(tmp.resolve("alice"));
    Path bob = Files.createDirectories(tmp.resolve("bob"));
    String root = tmp.resolve("cluster").toUri().toString();
    CliProcess.Result init = zeta(alice).run("cluster", "init", "--root", root, "--name", "homes");
    assertThat(init.exit()).as(init.toString()).isZero();
    assertThat(Json.parse(Files.readAllBytes(alice.resolve(".zeta/config.json")), "config").get("currentCluster").asText())
        .contains(tmp.resolve("cluster").toString());
    assertThat(tmp.resolve("account/.zeta")).doesNotExist();

    CliProcess.Result aliceInfo = zeta(alice).run("cluster", "info");
    assertThat(aliceInfo.exit()).as(aliceInfo.toString()).isZero();
    assertThat(aliceInfo.out()).contains("homes");

    CliProcess.Result bobInfo = zeta(bob).run("cluster", "info");
    assertThat(bobInfo.exit()).as(bobInfo.toString()).isEqualTo(1);
    assertThat(bobInfo.err()).contains("zeta: no cluster selected");
    assertThat(bob.resolve(".zeta/config.json")).doesNotExist();
  }

  @Test
  void zetaHomeWinsAndWithoutHomeTheAccountsHomeIsUsed() throws Exception {
    String root = tmp.resolve("cluster").toUri().toString();
    Path own = tmp.resolve("own-zeta");
    CliProcess.Result init = zeta(tmp.resolve("alice")).env("ZETA_HOME", own.toString())
        .run("cluster", "init", "--root", root);
    assertThat(init.exit()).as(init.toString()).isZero();
    assertThat(own.resolve("config.json")).exists();
    assertThat(tmp.resolve("alice/.zeta")).doesNotExist();

    CliProcess.Result noHome = zeta(null).run("cluster", "init", "--root", tmp.resolve("cluster2").toUri().toString());
    assertThat(noHome.exit()).as(noHome.toString()).isZero();
    assertThat(tmp.resolve("account/.zeta/config.json")).exists();
  }
}
