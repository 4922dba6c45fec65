package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.TestRepo;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users of kubectl, Helm and the DC/OS CLI expect, through the CLI on real local clusters:
 * cluster contexts, confirmations of destructive commands, package notes, completion, version,
 * short flags.
 */
class CliHabitsTest {
  @TempDir
  Path tmp;
  Cli cli;
  URI a;
  URI b;

  @BeforeEach
  void twoClusters() {
    cli = new Cli(tmp.resolve("home"), tmp);
    a = tmp.resolve("a").toUri();
    b = tmp.resolve("b").toUri();
    cli.ok("cluster", "init", "--root", a.toString(), "--name", "alpha");
    Cli.Result second = cli.ok("cluster", "init", "--root", b.toString(), "--name", "beta");
    assertThat(second.out()).contains("It is now the current cluster (it was alpha (" + strip(a) + "))");
  }

  private static String strip(URI u) {
    return u.toString().replaceAll("/+$", "");
  }

  @Test
  void clusterContextsListUseAndRemove() {
    String list = cli.ok("cluster", "list").out();
    assertThat(list.lines().filter(l -> l.startsWith("*")).toList()).singleElement().asString().contains("beta");
    assertThat(list).contains("alpha").contains(strip(a));

    Cli.Result use = cli.ok("cluster", "use", "alpha");
    assertThat(use.out()).contains("Switched the current cluster from beta (" + strip(b) + ") to alpha");
    assertThat(Json.parse(cli.ok("cluster", "info", "--json").out(), "info").get("cluster").asText()).isEqualTo("alpha");
    JsonNode clusters = Json.parse(cli.ok("cluster", "list", "-o", "json").out(), "list").get("clusters");
    assertThat(clusters).hasSize(2);
    for (JsonNode c : clusters) {
      assertThat(c.get("current").asBoolean()).isEqualTo(c.get("cluster").asText().equals("alpha"));
      assertThat(c.get("scheduler").asText()).isEqualTo("local");
    }

    // Forgetting a cluster is local: its tree stays as it was.
    Map<String, String> betaTree = Trees.snapshot(b);
    assertThat(cli.ok("cluster", "remove", "beta").out()).contains("Forgot cluster beta").contains("its tree is untouched");
    assertThat(Trees.diff(betaTree, Trees.snapshot(b))).isEmpty();
    assertThat(cli.ok("cluster", "list").out()).doesNotContain("beta");
    // Its root brings it back (it is opened: it must be a cluster).
    assertThat(cli.ok("cluster", "use", b.toString()).out()).contains("to beta");

    Cli.Result unknown = cli.run("cluster", "use", "gamma");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no cluster named gamma").contains("zeta cluster list");
    Cli.Result notACluster = cli.run("cluster", "use", tmp.resolve("nothing").toUri().toString());
    assertThat(notACluster.exit()).isEqualTo(1);
    assertThat(cli.ok("cluster", "list").out().lines().filter(l -> l.startsWith("*")).toList())
        .singleElement().asString().contains("beta");
    assertThat(cli.run("cluster", "remove", "gamma").exit()).isEqualTo(1);
  }

  @Test
  void clusterSetValidatesAndWarnsOnAnUnreachableScheduler() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Map<String, String> before = Trees.snapshot(b);
    Cli.Result bad = cli.run("cluster", "set", "--scheduler", "ftp://127.0.0.1/");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("--scheduler must be 'local' or Marathon's http(s) URL").contains("hint:");
    assertThat(cli.run("cluster", "set").exit()).isEqualTo(2);
    Cli.Result badToken = cli.run("cluster", "set", "--scheduler-token-file", tmp.resolve("missing").toString());
    assertThat(badToken.exit()).isEqualTo(1);
    assertThat(Trees.diff(before, Trees.snapshot(b))).isEmpty();

    Path token = Files.writeString(tmp.resolve("token"), "secret-token-123\n");
    String url = "http://127.0.0.1:" + closed + "/";
    Cli.Result set = cli.ok("cluster", "set", "--scheduler", url, "--scheduler-token-file", token.toString());
    assertThat(set.err()).contains("warning: the scheduler at " + url + " does not answer now").contains("set anyway");
    assertThat(Json.parse(cli.ok("cluster", "info", "--json").out(), "info").get("scheduler").asText()).isEqualTo(url);
    assertThat(Trees.read(b, "/zeta/kstore/secrets/scheduler-token")).contains("secret-token-123");
    assertThat(Trees.read(b, "/zeta/kstore/cluster.json")).doesNotContain("secret-token-123");
    assertThat(Trees.read(b, "/zeta/kstore/audit/audit.log")).contains("cluster set");
    cli.ok("cluster", "set", "--scheduler", "local");
    assertThat(Json.parse(cli.ok("cluster", "info", "--json").out(), "info").get("scheduler").asText()).isEqualTo("local");
  }

  /** A package with notes (one with an escape character, which must not reach the terminal raw). */
  private void installNoted(String id) {
    TestRepo repo = new TestRepo(tmp.resolve("repo")).simple("noted", 0, "1.0");
    repo.file("noted", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "noted", "version": "1.0", "maintainer": "t@example.com",
         "description": "a package with notes", "tags": ["test"], "preInstallNotes": "Before: noted needs a port.",
         "postInstallNotes": "After: open it \\u001b[31mred", "postUninstallNotes": "Gone: its data stays."}""");
    cli.ok("package", "repo", "add", "t", repo.root().toString());
    cli.ok("role", "add", "team1");
    cli.ok("package", "stage", "noted");
    Path options = tmp.resolve("opts.json");
    try {
      Files.writeString(options, "{\"port\": 9099}");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Cli.Result install = cli.ok("package", "install", "noted", "-r", "team1", "--id", id, "-f", options.toString());
    String out = install.out();
    assertThat(out.indexOf("Before: noted needs a port.")).isNotNegative().isLessThan(out.indexOf("Installed noted"));
    assertThat(out.indexOf("After: open it \\x1b[31mred")).isGreaterThan(out.indexOf("Installed noted"));
    assertThat(out).doesNotContain("\u001b");
  }

  @Test
  void installAndUninstallPrintThePackagesNotesAndJsonHasThemAsFields() {
    installNoted("n1");
    assertThat(cli.ok("package", "status", "team1/n1", "--json").out()).contains("\"port\" : 9099");
    JsonNode json = Json.parse(cli.ok("package", "install", "noted", "-r", "team1", "--id", "n2", "--json").out(), "install");
    assertThat(json.get("preInstallNotes").asText()).isEqualTo("Before: noted needs a port.");
    assertThat(json.get("postInstallNotes").asText()).isEqualTo("After: open it \u001b[31mred");
    assertThat(cli.ok("package", "uninstall", "team1/n1").out()).contains("Gone: its data stays.");
    JsonNode gone = Json.parse(cli.ok("package", "uninstall", "team1/n2", "--json").out(), "uninstall");
    assertThat(gone.get("postUninstallNotes").asText()).isEqualTo("Gone: its data stays.");
  }

  @Test
  void destructiveCommandsAskOnATerminalAndNeedYesWithout() {
    installNoted("d1");
    Map<String, String> before = Trees.withoutAudit(b);
    Cli.Result script = cli.run("package", "uninstall", "team1/d1", "--purge");
    assertThat(script.exit()).isEqualTo(1);
    assertThat(script.err()).contains("not confirmed (no terminal to ask on)").contains("add --yes");
    cli.terminal(true).stdin("n\n");
    Cli.Result declined = cli.run("package", "uninstall", "team1/d1", "--purge");
    assertThat(declined.exit()).isEqualTo(1);
    assertThat(declined.err()).contains("delete its home with all its data (/apps/team1/noted/d1)? [y/N]")
        .contains("not confirmed; nothing was changed");
    assertThat(Trees.diff(before, Trees.withoutAudit(b))).isEmpty();
    cli.stdin("y\n");
    cli.ok("package", "uninstall", "team1/d1");
    cli.terminal(false);

    // Unstaging a version an uninstalled instance (data kept) still names asks too.
    Map<String, String> beforeUnstage = Trees.withoutAudit(b);
    Cli.Result unstage = cli.run("package", "unstage", "noted");
    assertThat(unstage.exit()).isEqualTo(1);
    assertThat(unstage.err()).contains("team1/d1 (1.0)").contains("add --yes");
    assertThat(Trees.diff(beforeUnstage, Trees.withoutAudit(b))).isEmpty();
    cli.ok("package", "uninstall", "team1/d1", "--purge", "-y");
    assertThat(tmp.resolve("b/apps/team1/noted/d1")).doesNotExist();
    cli.ok("package", "unstage", "noted");
  }

  @Test
  void completionScriptsParseAndNameTheCommands() throws Exception {
    String bash = cli.ok("completion", "bash").out();
    assertThat(bash).contains("quickstart").contains("uninstall").contains("--purge").contains("complete -F");
    assertThat(cli.ok("completion", "zsh").out()).contains("bashcompinit");
    Path script = Files.writeString(tmp.resolve("zeta-completion.bash"), bash);
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash to check the script with");
    Process check = new ProcessBuilder("/bin/bash", "-n", script.toString()).redirectErrorStream(true).start();
    String said = new String(check.getInputStream().readAllBytes());
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(said).isZero();
    // Sourced, it completes `zeta pack` to `package`.
    Process run = new ProcessBuilder("/bin/bash", "-c", "source " + script + " && COMP_WORDS=(zeta pack) && COMP_CWORD=1"
        + " && COMP_LINE='zeta pack' && COMP_POINT=9 && _complete_zeta 2>/dev/null; echo \"${COMPREPLY[@]}\"")
        .redirectErrorStream(true).start();
    String completed = new String(run.getInputStream().readAllBytes());
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(completed.strip()).isEqualTo("package");
    assertThat(cli.run("completion", "fish").exit()).isEqualTo(2);
  }

  @Test
  void versionSaysTheBuild() {
    String line = cli.ok("version").out().strip();
    assertThat(line).matches("zeta \\S+ \\(commit ([0-9a-f]{12}|unknown), built \\S+, Java \\S+\\)");
    assertThat(line).doesNotContain("zeta unknown");
    assertThat(cli.ok("--version").out().strip()).isEqualTo(line);
    JsonNode json = Json.parse(cli.ok("version", "-o", "json").out(), "version");
    assertThat(json.get("commit").asText()).matches("[0-9a-f]{40}|unknown");
    assertThat(line).startsWith("zeta " + json.get("version").asText() + " ");
  }
}
