package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.SecretScan;
import io.zeta.testing.TestAgents;
import io.zeta.testing.TestRepo;
import io.zeta.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dry-run} of install, uninstall (with and without --purge) and unstage, and {@code
 * package diff}, through the CLI on one filesystem: each prints what would change (paths, modes,
 * apps), with secret values masked, and leaves the whole tree byte-identical, audit log included
 * (a dry run is not audited), and the scheduler (an in-JVM agent) untouched; then the real command
 * changes exactly what its dry run listed.
 */
abstract class DryRunScenarios extends ClusterLifecycleSuite {
  static final String PASSWORD = "KvSecret-90210";
  static final String NEW_PASSWORD = "KvSecret-Next-31337";
  static final String DEFAULT_PASSWORD = "KvDefault-4711";
  static final String HOME = "/data/team1/kv/v1";

  @TempDir
  static Path agentWork;
  static EmbeddedScheduler agent;
  static MarathonClient scheduler;

  @BeforeAll
  static void startAgent() {
    agent = EmbeddedScheduler.start(AgentConfig.defaults(agentWork).withKillGracePeriod(Duration.ofSeconds(1))
        .withResources(TestAgents.AMPLE));
    scheduler = TestAgents.client(agent);
  }

  @AfterAll
  static void stopAgent() {
    agent.close();
  }

  /** kv 1.0.0 and 2.0.0: a password option, a persistent data directory, a config file holding the password, an env export. */
  static Path kvRepo(Path dir) {
    TestRepo repo = new TestRepo(dir);
    String[][] versions = {{"1.0.0", "300", ""}, {"2.0.0", "301", "mode={{mode}}\\n"}};
    for (int release = 0; release < versions.length; release++) {
      String v = versions[release][0];
      repo.file("kv", release, "package.json", """
          {"packagingVersion": "3.0", "name": "kv", "version": "%s", "maintainer": "t@example.com",
           "description": "a key-value store", "tags": ["test"]}""".formatted(v));
      repo.file("kv", release, "config.json", """
          {"type": "object", "additionalProperties": false,
           "properties": {
             "port": {"type": "integer", "default": 8080},
             "mode": {"type": "string", "default": "fast"},
             "db": {"type": "object", "properties": {
               "password": {"type": "string", "format": "password", "default": "%s"}}}}}""".formatted(DEFAULT_PASSWORD));
      repo.file("kv", release, "zeta.json", """
          {"zetaVersion": "1", "recommendedBaseDir": "data",
           "directories": [{"path": "data", "mode": "0770", "persistent": true}, {"path": "conf", "mode": "0750"}],
           "configFiles": [{"content": "port={{port}}\\npassword={{db.password}}\\n%s", "target": "conf/kv.conf", "mode": "0644"}],
           "env": {"PORT": "{{port}}"}}""".formatted(versions[release][2]));
      repo.file("kv", release, "marathon.json.mustache", """
          {"id": "kv", "cmd": "sleep %s", "cpus": 0.01, "mem": 8, "instances": 1,
           "env": {"DB_PASSWORD": "{{db.password}}"}, "labels": {"PORT": "{{port}}"}}""".formatted(versions[release][1]));
    }
    return dir;
  }

  void initKv() throws Exception {
    Path token = Files.writeString(tmp.resolve("agent.token"), agent.token().orElseThrow());
    ok("cluster", "init", "--root", root.toString(), "--name", "testcluster", "--scheduler", agent.url().toString(),
        "--scheduler-token-file", token.toString());
    ok("role", "add", "team1");
    ok("package", "repo", "add", "kvs", kvRepo(tmp.resolve("kvrepo")).toString());
    ok("package", "stage", "kv@1.0.0");
  }

  Path secretFile(String content) {
    return tempFile("secret", ".txt", content);
  }

  String[] install(String... extra) {
    String[] base = {"package", "install", "kv@1.0.0", "--role", "team1", "--id", "v1", "--set", "port=9090",
        "--set-file", "db.password=" + secretFile(PASSWORD)};
    String[] out = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, out, base.length, extra.length);
    return out;
  }

  /** The whole tree, audit log and all. */
  Map<String, String> tree() {
    return Trees.snapshot(root);
  }

  /** The paths a plan (--dry-run --json) says it creates or replaces, deletes, or keeps, each with its mode where given. */
  static Map<String, String> planned(JsonNode plan, String... actions) {
    Set<String> wanted = Set.of(actions);
    Map<String, String> out = new TreeMap<>();
    for (JsonNode c : plan.get("changes")) {
      if (wanted.contains(c.get("action").asText()) && !c.get("kind").asText().equals("app")) {
        out.put(c.get("target").asText(), c.path("mode").asText(""));
      }
    }
    return out;
  }

  /** The paths that differ between two snapshots, the audit log left out. */
  static Map<String, String> changed(Map<String, String> before, Map<String, String> after) {
    Map<String, String> out = new TreeMap<>(Trees.diff(before, after));
    out.keySet().removeIf(p -> p.startsWith("/zeta/kstore/audit"));
    return out;
  }

  @Test
  void installDryRunPrintsWhatTheInstallWritesAndWritesNothing() throws Exception {
    initKv();
    SecretScan scan = new SecretScan(PASSWORD, DEFAULT_PASSWORD);
    Map<String, String> before = tree();
    Cli.Result text = scan.absentFrom("install --dry-run", ok(install("--dry-run")));
    assertThat(text.out()).startsWith("Dry run of install team1/v1: nothing was changed. It would:")
        .contains("create  directory  " + HOME + " ").contains("create  file       " + HOME + "/marathon.json")
        .contains(HOME + "/conf/kv.conf").contains(HOME + "/secrets.json  ").contains("/zeta/kstore/env/env_team1/kv_v1.sh")
        .contains("add     index      /zeta/kstore/index/instances/team1@v1@kv@1.0.0@data@installed")
        // The contents are shown, the password masked where the templates put it.
        .contains("--- " + HOME + "/conf/kv.conf").contains("port=9090\npassword=********\n")
        .contains("\"DB_PASSWORD\" : \"********\"");
    JsonNode plan = Json.parse(scan.absentFrom("install --dry-run --json", ok(install("--dry-run", "--json"))).out(), "plan");
    assertThat(plan.get("action").asText()).isEqualTo("install");
    assertThat(plan.get("target").asText()).isEqualTo("team1/v1");
    assertThat(plan.get("home").asText()).isEqualTo(HOME);
    assertThat(plan.get("dryRun").asBoolean()).isTrue();
    assertThat(tree()).as("install --dry-run writes nothing, not even an audit line").isEqualTo(before);
    assertThat(scheduler.apps("/")).as("and creates no app").isEmpty();

    // The real install writes exactly the paths its plan lists, with the modes it lists (the package
    // directory, made as the home's parent, has the filesystem's default mode).
    ok(install());
    Map<String, String> written = changed(before, tree());
    Map<String, String> listed = planned(plan, "create", "replace", "add");
    assertThat(written.keySet()).isEqualTo(listed.keySet());
    listed.forEach((path, mode) -> {
      if (!mode.isEmpty()) {
        assertThat(written.get(path)).as(path).contains(" " + Integer.toOctalString(Integer.parseInt(mode, 8)) + " ");
      }
    });
    assertThat(listed.get(HOME + "/conf/kv.conf")).as("declared 0644, but it holds the password").isEqualTo("0640");
    assertThat(listed.get(HOME + "/secrets.json")).isEqualTo("0600");

    // A dry run that would be refused is refused alike, and still writes nothing.
    Map<String, String> installed = tree();
    Cli.Result again = cli.run(install("--dry-run"));
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("team1/v1 is already installed").doesNotContain("\tat ");
    Cli.Result unstaged = cli.run("package", "install", "kv@2.0.0", "--stage", "--role", "team1", "--id", "v2", "--dry-run");
    assertThat(unstaged.exit()).isEqualTo(1);
    assertThat(unstaged.err()).contains("--dry-run cannot show the install of kv@2.0.0: it is not staged yet")
        .contains("zeta package stage kv@2.0.0");
    assertThat(tree()).isEqualTo(installed);

    // Over a removed instance's kept data: what is kept is said so.
    ok("package", "uninstall", "team1/v1");
    write(HOME + "/data/rows.db", "row 1\n");
    Map<String, String> removed = tree();
    JsonNode reinstall = Json.parse(scan.absentFrom("reinstall --dry-run", ok(install("--dry-run", "--json"))).out(), "plan");
    assertThat(planned(reinstall, "keep").keySet()).isEqualTo(Set.of(HOME, HOME + "/data"));
    assertThat(planned(reinstall, "replace").keySet()).contains(HOME + "/instance.json");
    assertThat(tree()).isEqualTo(removed);
    ok(install());
    assertThat(read(HOME + "/data/rows.db")).isEqualTo("row 1\n");
  }

  @Test
  void uninstallAndUnstageDryRunsPrintWhatTheyRemoveAndChangeNothing() throws Exception {
    initKv();
    SecretScan scan = new SecretScan(PASSWORD, DEFAULT_PASSWORD);
    ok(install());
    ok("package", "start", "team1/v1", "--timeout", "60");
    write(HOME + "/data/rows.db", "row 1\n");
    assertThat(scheduler.app("/team1/v1")).isPresent();
    Map<String, String> before = tree();

    // Without --purge: the app destroyed, configuration deleted, data kept, the record marked removed.
    Cli.Result text = scan.absentFrom("uninstall --dry-run", ok("package", "uninstall", "team1/v1", "--dry-run"));
    assertThat(text.out()).startsWith("Dry run of uninstall team1/v1: nothing was changed. It would:")
        .contains("destroy  app        /team1/v1").contains("now running")
        .contains("keep     directory  " + HOME + "/data").contains("persistent data: 1 file, 6 B")
        .contains("delete   file       " + HOME + "/secrets.json").contains("delete   directory  " + HOME + "/conf")
        .contains("replace  file       " + HOME + "/instance.json")
        .contains("add      index      /zeta/kstore/index/instances/team1@v1@kv@1.0.0@data@removed");
    JsonNode keep = Json.parse(scan.absentFrom("uninstall --dry-run --json",
        ok("package", "uninstall", "team1/v1", "--dry-run", "--json")).out(), "plan");
    // With --purge: the whole home.
    Cli.Result purge = scan.absentFrom("uninstall --purge --dry-run", ok("package", "uninstall", "team1/v1", "--purge", "--dry-run"));
    assertThat(purge.out()).contains("delete   directory  " + HOME + " ").contains("with everything in it: 8 files") // revisions/1.json too
        .contains("delete   directory  /data/team1/kv").contains("left empty")
        .contains("remove   index      /zeta/kstore/index/instances/team1@v1@kv@1.0.0@data@installed");
    JsonNode purged = Json.parse(ok("package", "uninstall", "team1/v1", "--purge", "--dry-run", "--json").out(), "plan");
    // unstage of a version in use is refused in a dry run as in a real one.
    Cli.Result inUse = cli.run("package", "unstage", "kv@1.0.0", "--dry-run");
    assertThat(inUse.exit()).isEqualTo(1);
    assertThat(inUse.err()).contains("kv@1.0.0 is in use by team1/v1");

    assertThat(tree()).as("the dry runs write nothing, not even an audit line").isEqualTo(before);
    assertThat(scheduler.app("/team1/v1")).as("and destroy no app").isPresent();

    // The real uninstall deletes what its plan said, keeps what it said, and destroys the app.
    ok("package", "uninstall", "team1/v1");
    assertThat(scheduler.app("/team1/v1")).isEmpty();
    Map<String, String> after = tree();
    Map<String, String> gone = changed(before, after);
    gone.values().removeIf(v -> !v.endsWith(" -> null"));
    Set<String> deleted = new TreeSet<>();
    for (String path : planned(keep, "delete", "remove").keySet()) {
      gone.keySet().stream().filter(p -> p.equals(path) || p.startsWith(path + "/")).forEach(deleted::add);
      assertThat(gone).as(path + " is deleted").containsKey(path);
    }
    assertThat(deleted).isEqualTo(gone.keySet());
    assertThat(after).containsKeys(HOME + "/data/rows.db", HOME + "/instance.json");
    assertThat(Trees.read(root, HOME + "/instance.json")).contains("\"state\" : \"removed\"");

    // unstage --dry-run, once nothing uses the version: the stage and its index entry.
    Map<String, String> removed = tree();
    Cli.Result unstage = ok("package", "unstage", "kv@1.0.0", "--dry-run");
    assertThat(unstage.out()).startsWith("Dry run of unstage kv@1.0.0: nothing was changed. It would:")
        .contains("delete  directory  /zeta/shared/kv/stage/1.0.0").contains("with everything in it:")
        .contains("remove  index      /zeta/kstore/index/stages/kv@1.0.0")
        .contains("delete  directory  /zeta/shared/kv ");
    JsonNode unstagePlan = Json.parse(ok("package", "unstage", "kv@1.0.0", "--dry-run", "--json").out(), "plan");
    assertThat(tree()).isEqualTo(removed);
    ok("package", "unstage", "kv@1.0.0", "--yes");
    Map<String, String> unstaged = changed(removed, tree());
    for (String path : planned(unstagePlan, "delete", "remove").keySet()) {
      assertThat(unstaged).as(path + " is deleted").containsEntry(path, removed.get(path) + " -> null");
    }

    // --purge of the removed instance: its plan, then the real purge removes every path under the home.
    Map<String, String> kept = tree();
    JsonNode purgeRemoved = Json.parse(ok("package", "uninstall", "team1/v1", "--purge", "--dry-run", "--json").out(), "plan");
    assertThat(planned(purgeRemoved, "delete").keySet()).contains(HOME, "/data/team1/kv");
    assertThat(tree()).isEqualTo(kept);
    ok("package", "uninstall", "team1/v1", "--purge", "--yes");
    assertThat(tree().keySet()).noneMatch(p -> p.startsWith("/data/team1/kv"));
    assertThat(purged.get("changes").toString()).contains("\"target\":\"" + HOME + "\"");
  }

  @Test
  void diffShowsTheUpgradeAsUnifiedDiffsAndWritesNothing() throws Exception {
    initKv();
    ok("package", "stage", "kv@2.0.0");
    SecretScan scan = new SecretScan(PASSWORD, NEW_PASSWORD, DEFAULT_PASSWORD);
    ok(install());
    Map<String, String> before = tree();

    Cli.Result same = scan.absentFrom("diff", ok("package", "diff", "team1/v1", "--exit-code"));
    assertThat(same.out()).contains("No changes: team1/v1 (kv 1.0.0) renders the same as it is installed.");

    String[] upgrade = {"package", "diff", "team1/v1", "--to", "2.0.0", "--set", "port=9191", "--set-file",
        "db.password=" + secretFile(NEW_PASSWORD)};
    Cli.Result changes = scan.absentFrom("diff --to", ok(upgrade));
    assertThat(changes.out()).startsWith("Changes to team1/v1 (kv 1.0.0 -> 2.0.0):")
        .contains("update   app     /team1/v1").contains("replace  file    " + HOME + "/marathon.json")
        .contains("replace  file    " + HOME + "/conf/kv.conf").contains("replace  file    /zeta/kstore/env/env_team1/kv_v1.sh")
        .contains("change   secret  db.password (value not shown)")
        .contains("--- a" + HOME + "/marathon.json\n+++ b" + HOME + "/marathon.json\n@@ ")
        .contains("\n-  \"cmd\" : \"sleep 300\",\n+  \"cmd\" : \"sleep 301\",\n")
        .contains("\n-port=9090\n+port=9191\n password=********\n+mode=fast\n")
        .contains("\"DB_PASSWORD\" : \"********\"");
    String[] withExitCode = java.util.Arrays.copyOf(upgrade, upgrade.length + 1);
    withExitCode[upgrade.length] = "--exit-code";
    Cli.Result detailed = cli.run(withExitCode);
    assertThat(detailed.exit()).as("--exit-code on changes").isEqualTo(3);
    String[] asJson = java.util.Arrays.copyOf(upgrade, upgrade.length + 1);
    asJson[upgrade.length] = "--json";
    JsonNode doc = Json.parse(scan.absentFrom("diff --json", ok(asJson)).out(), "diff");
    assertThat(doc.get("action").asText()).isEqualTo("upgrade");
    assertThat(doc.get("version").asText()).isEqualTo("1.0.0");
    assertThat(doc.get("toVersion").asText()).isEqualTo("2.0.0");
    assertThat(doc.get("changed").asBoolean()).isTrue();
    assertThat(doc.get("secretOptionsChanged").toString()).isEqualTo("[\"db.password\"]");
    JsonNode conf = null;
    for (JsonNode c : doc.get("changes")) {
      if (c.get("target").asText().equals(HOME + "/conf/kv.conf")) {
        conf = c;
      }
    }
    assertThat(conf).isNotNull();
    assertThat(conf.get("action").asText()).isEqualTo("replace");
    assertThat(conf.get("diff").asText()).contains("+mode=fast");
    // --reset-options drops the instance's own options (port 9090 goes back to the default).
    assertThat(scan.absentFrom("diff --reset-options", ok("package", "diff", "team1/v1", "--reset-options")).out())
        .contains("-port=9090\n+port=8080\n").contains("change   secret  db.password");

    // Bad input: one line, exit 1, nothing written.
    Cli.Result notStaged = cli.run("package", "diff", "team1/v1", "--to", "3.0.0");
    assertThat(notStaged.exit()).isEqualTo(1);
    assertThat(notStaged.err()).contains("kv@3.0.0 is not staged").contains("zeta package stage kv@3.0.0");
    Cli.Result unknown = cli.run("package", "diff", "team1/nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no instance team1/nope is installed");
    Cli.Result badOption = cli.run("package", "diff", "team1/v1", "--set", "port=high");
    assertThat(badOption.exit()).isEqualTo(1);
    assertThat(badOption.err()).contains("options do not match");
    assertThat(tree()).as("diff writes nothing, not even an audit line").isEqualTo(before);
    assertThat(scheduler.apps("/")).as("and touches no app").isEmpty();
  }
}
