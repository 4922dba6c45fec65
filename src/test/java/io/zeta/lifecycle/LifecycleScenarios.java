package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.Test;

/**
 * The whole lifecycle on one filesystem: init, roles, stage, two instances in two roles, status,
 * uninstall keeping data, reinstall reusing it, purge, unstage, not-installed.
 */
abstract class LifecycleScenarios extends ClusterLifecycleSuite {

  @Test
  void fullLifecycle() {
    initWithRoles("team1", "team2");
    JsonNode info = json("cluster", "info", "--json");
    assertThat(info.get("cluster").asText()).isEqualTo("testcluster");
    assertThat(info.get("roles").toString()).contains("shared", "team1", "team2");
    for (String base : new String[] {"apps", "data", "etl", "zeta"}) {
      for (String role : new String[] {"shared", "team1", "team2"}) {
        FileStatus dir = status("/" + base + "/" + role).orElseThrow();
        assertThat(mode(dir)).as(base + "/" + role).isEqualTo(0770);
        if (appliesOwnership()) {
          assertThat(dir.getOwner()).isEqualTo(System.getProperty("user.name"));
          assertThat(dir.getGroup()).isEqualTo("zeta" + role + base);
        }
      }
    }
    assertThat(exists("/zeta/kstore/env/env_team1")).isTrue();

    ok("package", "stage", "webapp", "--mirror", MIRROR.toString());
    assertThat(read("/zeta/shared/webapp/stage/2.1.0/artifacts/payload/app.txt")).isEqualTo("webapp payload\n");
    assertThat(read("/zeta/shared/webapp/stage/2.1.0/package/zeta.json")).contains("\"zetaVersion\"");
    JsonNode manifest = Json.parse(read("/zeta/shared/webapp/stage/2.1.0/stage.json"), "stage.json");
    assertThat(manifest.get("artifacts")).hasSize(2);
    assertThat(json("package", "status", "webapp", "--json").get("state").asText()).isEqualTo("staged");

    ok("package", "install", "webapp", "--role", "team1", "--id", "web1", "--set", "owner=alice");
    ok("package", "install", "webapp@2.1.0", "--role", "team2", "--id", "web-2", "--dir", "apps",
        "--options", optionsFile("{\"owner\": \"bob\", \"port\": 32000}").toString());

    JsonNode status = json("package", "status", "webapp", "--json");
    assertThat(status.get("package").asText()).isEqualTo("webapp");
    assertThat(status.get("state").asText()).isEqualTo("installed");
    assertThat(status.get("staged").toString()).isEqualTo("[\"2.1.0\"]");
    assertThat(status.get("instances")).hasSize(2);
    JsonNode web1 = json("package", "status", "team1/web1", "--json");
    assertThat(web1.toString()).isEqualTo("{\"role\":\"team1\",\"id\":\"web1\",\"package\":\"webapp\",\"version\":\"2.1.0\","
        + "\"baseDir\":\"data\",\"home\":\"/data/team1/webapp/web1\",\"state\":\"installed\","
        + "\"options\":{\"port\":31080,\"heap\":\"64m\",\"owner\":\"alice\"}}");
    assertThat(json("package", "status", "--json").get("packages")).hasSize(1);
    assertThat(json("package", "list", "--role", "team2", "--json").get("instances").get(0).get("id").asText()).isEqualTo("web-2");

    // The instance home, file by file.
    String home = "/data/team1/webapp/web1";
    JsonNode record = Json.parse(read(home + "/instance.json"), "instance.json");
    assertThat(record.get("pkg").asText()).isEqualTo("webapp");
    assertThat(record.get("version").asText()).isEqualTo("2.1.0");
    assertThat(record.get("userOptions").toString()).isEqualTo("{\"owner\":\"alice\"}");
    assertThat(record.get("resolvedOptions").toString()).isEqualTo("{\"port\":31080,\"heap\":\"64m\",\"owner\":\"alice\"}");
    assertThat(record.get("installedAt").asText()).isNotEmpty();
    JsonNode app = Json.parse(read(home + "/marathon.json"), "marathon.json");
    assertThat(app.get("id").asText()).isEqualTo("/team1/web1");
    assertThat(app.get("cmd").asText()).isEqualTo("./run.sh --port 31080 --heap 64m");
    String stage = root.toString().replaceAll("/+$", "") + "/zeta/shared/webapp/stage/2.1.0/artifacts/";
    assertThat(app.get("uris").get(0).asText()).isEqualTo(stage + "runner/run.sh");
    assertThat(app.get("uris").get(1).asText()).isEqualTo(stage + "payload/app.txt");
    assertThat(app.at("/labels/DCOS_PACKAGE_NAME").asText()).isEqualTo("webapp");
    assertThat(app.at("/labels/owner").asText()).isEqualTo("alice");
    assertThat(read(home + "/conf/app.conf")).isEqualTo(
        "# webapp team1/web1 on testcluster\nowner = alice\nport = 31080\ndata = /data/team1/webapp/web1/data\n");
    assertThat(read(home + "/conf/heap")).isEqualTo("64m\n");
    assertThat(read(home + "/data/index/settings.conf")).isEqualTo("owner=alice\n");
    assertThat(mode(status(home + "/conf/heap").orElseThrow())).isEqualTo(0600);
    assertThat(mode(status(home + "/data").orElseThrow())).isEqualTo(0770);
    assertThat(mode(status(home + "/data/index").orElseThrow())).isEqualTo(0750);
    String env = "#!/bin/bash\nexport ZETA_web1_PORT=\"31080\"\nexport ZETA_web1_HOST=\"web1-team1.marathon.slave.mesos\"\n"
        + "export ZETA_WEBAPP_web1_OWNER=\"alice\"\n";
    assertThat(read("/zeta/kstore/env/env_team1/webapp_web1.sh")).isEqualTo(env);
    assertThat(read(home + "/env.sh")).isEqualTo(env);
    assertThat(read("/zeta/kstore/env/env_team2/webapp_web-2.sh")).contains("export ZETA_web_2_PORT=\"32000\"");

    // Uninstall keeps the data and a removed record.
    write(home + "/data/index/db.txt", "precious");
    ok("package", "uninstall", "team1/web1");
    assertThat(read(home + "/data/index/db.txt")).isEqualTo("precious");
    assertThat(exists(home + "/conf")).isFalse();
    assertThat(exists(home + "/marathon.json")).isFalse();
    assertThat(exists(home + "/logs")).isFalse();
    assertThat(exists("/zeta/kstore/env/env_team1/webapp_web1.sh")).isFalse();
    assertThat(Json.parse(read(home + "/instance.json"), "r").get("state").asText()).isEqualTo("removed");
    assertThat(json("package", "status", "team1/web1", "--json").get("state").asText()).isEqualTo("removed");

    // Reinstalling the same role/id reuses the data.
    ok("package", "install", "webapp", "--role", "team1", "--id", "web1", "--set", "owner=carol");
    assertThat(read(home + "/data/index/db.txt")).isEqualTo("precious");
    assertThat(read(home + "/conf/app.conf")).contains("owner = carol");
    // A config file inside a persistent directory is configuration: the reinstall rewrites it.
    assertThat(read(home + "/data/index/settings.conf")).isEqualTo("owner=carol\n");
    assertThat(json("package", "status", "team1/web1", "--json").get("state").asText()).isEqualTo("installed");

    // Purge removes the home; then nothing is left but the stage.
    ok("package", "uninstall", "team1/web1", "--purge", "--yes");
    assertThat(exists(home)).isFalse();
    ok("package", "uninstall", "team2/web-2");
    assertThat(json("package", "status", "webapp", "--json").get("state").asText()).isEqualTo("removed");
    ok("package", "uninstall", "team2/web-2", "--purge", "--yes");
    assertThat(json("package", "status", "webapp", "--json").get("state").asText()).isEqualTo("staged");
    ok("package", "unstage", "webapp@2.1.0");
    assertThat(exists("/zeta/shared/webapp")).isFalse();
    JsonNode gone = json("package", "status", "webapp", "--json");
    assertThat(gone.get("state").asText()).isEqualTo("not-installed");
    assertThat(gone.get("instances")).isEmpty();
    assertThat(ok("cluster", "doctor").out()).contains("healthy");

    // Every mutating command left one audit line.
    JsonNode audit = json("cluster", "audit", "--json");
    assertThat(audit.findValuesAsText("action")).containsSubsequence("role add", "role add", "package stage",
        "package install", "package install", "package uninstall", "package install", "package uninstall",
        "package uninstall", "package uninstall", "package unstage");
    JsonNode last = audit.get(audit.size() - 1);
    assertThat(last.get("target").asText()).isEqualTo("webapp@2.1.0");
    assertThat(last.get("result").asText()).isEqualTo("ok");
    assertThat(last.get("principal").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(last.get("host").asText()).isNotEmpty();
  }

  @Test
  void initOnAnExistingClusterChangesNothing() {
    initWithRoles("team1");
    var before = io.zeta.testing.Trees.snapshot(root);
    Cli.Result again = ok("cluster", "init", "--root", root.toString(), "--name", "other");
    assertThat(again.out()).contains("already exists").contains("nothing was changed");
    assertThat(io.zeta.testing.Trees.snapshot(root)).isEqualTo(before);
  }

  @Test
  void rolesAreListedAndRemovedOnlyWhenUnused() {
    initWithRoles("team1");
    ok("package", "install", "webapp", "--role", "team1", "--id", "a", "--set", "owner=x", "--stage", "--mirror", MIRROR.toString());
    Cli.Result refused = cli.run("role", "remove", "team1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("role team1 has instances: a (webapp, installed)");
    assertThat(cli.run("role", "remove", "shared").err()).contains("role shared cannot be removed");
    ok("package", "uninstall", "team1/a", "--purge", "--yes");
    ok("role", "remove", "team1", "--yes");
    assertThat(exists("/apps/team1")).isFalse();
    assertThat(exists("/zeta/kstore/env/env_team1")).isFalse();
    JsonNode roles = json("role", "list", "--json").get("roles");
    assertThat(roles.findValuesAsText("role")).containsExactly("shared");
    assertThat(roles.get(0).get("dirs").get(0).get("group").asText()).isEqualTo("zetasharedapps");
    assertThat(roles.get(0).get("dirs").get(0).get("applied").asBoolean()).isEqualTo(appliesOwnership());
  }

  @Test
  void capabilitiesGateStageAndInstall() {
    initWithRoles("team1");
    JsonNode caps = json("cluster", "capabilities", "--json").get("capabilities");
    assertThat(caps.findValuesAsText("name")).contains("shared-storage", "fs:" + root.getScheme(), "scheduler:embedded");
    Cli.Result refused = cli.run("package", "stage", "gpujob");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("gpujob@1.0 requires cluster capability gpu, which cluster testcluster does not have");
    ok("cluster", "capabilities", "--add", "gpu");
    ok("package", "stage", "gpujob");
    ok("cluster", "capabilities", "--remove", "gpu");
    Cli.Result install = cli.run("package", "install", "gpujob", "--role", "team1", "--id", "g");
    assertThat(install.err()).contains("requires cluster capability gpu");
  }

  @Test
  void instancePolicies() {
    initWithRoles("team1", "team2");
    ok("package", "install", "solo", "--role", "team1", "--id", "s1", "--stage");
    Cli.Result second = cli.run("package", "install", "solo", "--role", "team1", "--id", "s2");
    assertThat(second.err()).contains("solo allows one instance per role, and team1/s1 is installed");
    ok("package", "install", "solo", "--role", "team2", "--id", "s1");
    Cli.Result outside = cli.run("package", "install", "lb", "--role", "team1", "--id", "lb", "--stage");
    assertThat(outside.err()).contains("lb allows one instance per cluster, and it must be in role shared, not team1");
    ok("package", "install", "lb", "--role", "shared", "--id", "lb", "--stage");
    Cli.Result another = cli.run("package", "install", "lb", "--role", "shared", "--id", "lb2");
    assertThat(another.err()).contains("one instance per cluster, and shared/lb is installed");
  }
}
