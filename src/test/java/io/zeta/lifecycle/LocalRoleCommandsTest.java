package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.Cli;
import io.zeta.testing.ClusterFlavour;
import io.zeta.testing.Refusals;
import io.zeta.testing.Trees;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Role commands on a file: cluster: quotas are refused there with the reason and change nothing;
 * `role add` is idempotent and says so in one line; `role remove` asks for confirmation.
 */
class LocalRoleCommandsTest extends ClusterLifecycleSuite {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  @Test
  void quotasAreRefusedOnFileClustersAndChangeNothing() {
    initWithRoles("team1");
    Cli.Result add = Refusals.assertRefused(cli, root, true, "quotas need HDFS (or MapR); this cluster is on file:",
        "role", "add", "team2", "--space-quota", "10m");
    assertThat(add.exit()).isEqualTo(1);
    assertThat(exists("/apps/team2")).isFalse();
    Refusals.assertRefused(cli, root, true, "quotas need HDFS (or MapR); this cluster is on file:",
        "role", "set", "team1", "--space-quota", "1g", "--namespace-quota", "1m");
    // role list says there are none, and why, and still reports usage.
    write("/data/team1/f.txt", "12345");
    var dirs = json("role", "list", "--json");
    assertThat(dirs.get("quotas").get("supported").asBoolean()).isFalse();
    assertThat(dirs.get("quotas").get("reason").asText()).startsWith("quotas need HDFS (or MapR); this cluster is on file:");
    var data = dirs.get("roles").findValues("dirs").stream().flatMap(d -> java.util.stream.StreamSupport.stream(d.spliterator(), false))
        .filter(d -> d.get("path").asText().equals("/data/team1")).findFirst().orElseThrow();
    assertThat(data.get("spaceUsed").asLong()).isEqualTo(5);
    assertThat(data.get("namespaceUsed").asLong()).isEqualTo(2);
    assertThat(data.get("spaceQuota").isNull()).isTrue();
    assertThat(ok("role", "list").out()).contains("/data/team1").contains("5 B / -").contains("No quotas: quotas need HDFS");
  }

  @Test
  void roleAddTwiceSucceedsAndPrintsOneLine() {
    initWithRoles();
    Cli.Result first = ok("role", "add", "team1");
    assertThat(first.out().lines()).hasSize(1);
    assertThat(first.out()).startsWith("Added role team1: /apps/team1, /data/team1, /etl/team1, /zeta/team1")
        .contains("no quotas");
    Map<String, String> before = Trees.withoutAudit(root);
    Cli.Result again = ok("role", "add", "team1");
    assertThat(again.out()).isEqualTo("Role team1 already exists with these settings; nothing changed.\n");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
  }

  @Test
  void roleRemoveAsksOnATerminalAndNeedsYesElsewhere() {
    initWithRoles("team1");
    Map<String, String> before = Trees.withoutAudit(root);
    Refusals.assertRefused(cli, root, false, "not confirmed (no terminal to ask on)", "role", "remove", "team1");
    assertThat(cli.run("role", "remove", "team1").err()).contains("hint: add --yes to confirm");

    Cli.Result declined = cli.terminal(true).stdin("n\n").run("role", "remove", "team1");
    assertThat(declined.exit()).as(declined.toString()).isEqualTo(1);
    assertThat(declined.err()).contains("Remove role team1 and its empty directories? [y/N]").contains("was not removed");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();

    Cli.Result confirmed = cli.terminal(true).stdin("y\n").run("role", "remove", "team1");
    assertThat(confirmed.exit()).as(confirmed.toString()).isZero();
    assertThat(exists("/apps/team1")).isFalse();

    ok("role", "add", "team1");
    cli.terminal(false).stdin("");
    ok("role", "remove", "team1", "--yes");
    assertThat(exists("/zeta/kstore/roles/team1.json")).isFalse();
  }
}
