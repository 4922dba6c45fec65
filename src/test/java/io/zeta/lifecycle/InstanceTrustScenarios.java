package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.testing.Cli;
import io.zeta.testing.TestRepo;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a package may write into an instance home and the role env file (issue 9, items 4, 5, 6),
 * through the CLI: Zeta's own files are reserved, env exports stay within the instance's names,
 * and no write follows a symbolic link planted in kept data. Every refusal leaves the tree as it
 * was, but for the refused command's audit line.
 */
abstract class InstanceTrustScenarios extends ClusterLifecycleSuite {
  TestRepo repo;

  @BeforeEach
  void clusterAndRepo() {
    initWithRoles("team1", "team2");
    repo = new TestRepo(tmp.resolve("repo"));
  }

  /** A package with this zeta.json body (after "zetaVersion"). */
  void pkg(String name, String zetaJson) {
    repo.simple(name, 0, "1.0").file(name, 0, "zeta.json", "{\"zetaVersion\": \"1\"" + (zetaJson.isEmpty() ? "" : ", ")
        + zetaJson + "}");
  }

  void refused(String says, String... args) {
    Map<String, String> before = Trees.withoutAudit(root);
    int auditBefore = json("cluster", "audit", "--json").size();
    Cli.Result r = cli.run(args);
    assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
    assertThat(r.err()).startsWith("zeta: ").contains(says).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).as("changed by " + String.join(" ", args)).isEmpty();
    JsonNode audit = json("cluster", "audit", "--json");
    assertThat(audit.size()).isEqualTo(auditBefore + 1);
    assertThat(audit.get(audit.size() - 1).get("result").asText()).startsWith("failed: ");
  }

  String repoArg() {
    return "--repo=" + repo.root();
  }

  // --- item 4: Zeta's own files are reserved

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "configFiles|target|marathon.json|'marathon.json' is reserved: Zeta writes it in every instance home",
      "configFiles|target|instance.json|'instance.json' is reserved",
      "configFiles|target|env.sh|'env.sh' is reserved",
      "configFiles|target|scheduler.json|'scheduler.json' is reserved",
      "configFiles|target|secrets.json|'secrets.json' is reserved",
      "configFiles|target|Marathon.JSON|'marathon.json' is reserved",
      "configFiles|target|.instance.json.1234.tmp|Zeta's temporary copy of instance.json",
      "configFiles|target|.zeta-secrets|names starting with .zeta are Zeta's",
      "configFiles|target|conf/.zeta|names starting with .zeta are Zeta's",
      "directories|path|marathon.json|'marathon.json' is reserved",
      "directories|path|data/.zeta-tmp-x|names starting with .zeta are Zeta's",
  })
  void zetasOwnFilesAreReserved(String list, String field, String path, String says) {
    String entry = list.equals("configFiles")
        ? "{\"content\": \"{\\\"id\\\": \\\"/team2/victim\\\", \\\"cmd\\\": \\\"evil\\\"}\", \"" + field + "\": \"" + path + "\"}"
        : "{\"" + field + "\": \"" + path + "\"}";
    pkg("grab", "\"" + list + "\": [" + entry + "]");
    refused(says, "package", "stage", "grab", repoArg());
    refused(says, "package", "install", "grab", "--role", "team1", "--id", "g", "--stage", repoArg());
  }

  // --- item 5: env exports

  @Test
  void anExportOutsideTheInstancesNamesIsRefused() {
    pkg("envgrab", "\"env\": {\"ZETA_other_PORT\": \"1\"}");
    ok("package", "stage", "envgrab", repoArg());
    refused("env export ZETA_other_PORT is not this instance's: an instance exports only ZETA_e1_...",
        "package", "install", "envgrab", "--role", "team1", "--id", "e1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PATH|/ownEnv/0",
      "LD_PRELOAD|/ownEnv/0",
      "LD_LIBRARY_PATH|/ownEnv/0",
      "HOME|/ownEnv/0",
      "USER|/ownEnv/0",
      "IFS|/ownEnv/0",
      "BASH_ENV|/ownEnv/0",
      "ENV|/ownEnv/0",
      "PS4|/ownEnv/0",
      "A-B|/ownEnv/0",
      "A.B|/ownEnv/0",
  })
  void dangerousOwnNamesAreRefusedAtLoad(String name, String pointer) {
    pkg("danger", "\"ownEnv\": [\"" + name + "\"], \"env\": {\"PORT\": \"1\"}");
    refused(pointer, "package", "stage", "danger", repoArg());
  }

  @Test
  void anOwnNameIsExportedAsItIsButNotTwiceInARole() {
    pkg("owner", "\"ownEnv\": [\"OWNER_URL\"], \"env\": {\"OWNER_URL\": \"http://{{zeta.id}}\", \"PORT\": \"{{port}}\"}");
    ok("package", "install", "owner", "--role", "team1", "--id", "o1", "--stage", repoArg());
    assertThat(read("/zeta/kstore/env/env_team1/owner_o1.sh"))
        .isEqualTo("#!/bin/bash\nexport OWNER_URL=\"http://o1\"\nexport ZETA_o1_PORT=\"8080\"\n");
    refused("env export OWNER_URL of team1/o2 would override the one in /zeta/kstore/env/env_team1/owner_o1.sh",
        "package", "install", "owner", "--role", "team1", "--id", "o2");
    ok("package", "install", "owner", "--role", "team2", "--id", "o2");
  }

  @Test
  void aNameThatIsAnotherInstancesIsRefused() {
    // Instance "a" may name ZETA_a_b_PORT (its own prefix), which is also instance "a-b"'s ZETA_a_b_PORT.
    pkg("amb", "\"env\": {\"ZETA_{{zeta.envId}}_b_PORT\": \"1\", \"ZETA_{{zeta.envId}}_PORT\": \"2\"}");
    ok("package", "install", "amb", "--role", "team1", "--id", "a", "--stage", repoArg());
    refused("env export ZETA_a_b_PORT of team1/a-b would override the one in /zeta/kstore/env/env_team1/amb_a.sh",
        "package", "install", "amb", "--role", "team1", "--id", "a-b");
  }

  @Test
  void exportedValuesCannotBreakOutOfTheirQuotes() throws Exception {
    Path marker = tmp.resolve("pwned");
    String nasty = "a\"b'c $(touch " + marker + ") `touch " + marker + "` ${HOME} \\\" \\\nline2\n export X=1 ;";
    pkg("quote", "\"env\": {\"V\": \"{{v}}\"}");
    repo.file("quote", 0, "config.json", "{\"type\": \"object\", \"properties\": {\"v\": {\"type\": \"string\"}}}");
    Path opts = optionsFile(io.zeta.json.Json.MAPPER.writeValueAsString(Map.of("v", nasty)));
    ok("package", "install", "quote", "--role", "team1", "--id", "q", "--stage", repoArg(), "--options", opts.toString());
    Path env = Files.writeString(tmp.resolve("env.sh"), read("/zeta/kstore/env/env_team1/quote_q.sh"));
    Process p = new ProcessBuilder("bash", "-c", ". \"$1\"; printf %s \"$ZETA_q_V\"", "bash", env.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(out).isEqualTo(nasty);
    assertThat(marker).doesNotExist();
  }

  // --- item 6: no write follows a link

  /** webapp keeps data/ and data/index/ (persistent) and renders data/index/settings.conf into them. */
  void installUninstallWebapp() {
    ok("package", "install", "webapp", "--role", "team1", "--id", "web1", "--set", "owner=a", "--stage",
        "--mirror", MIRROR.toString());
    ok("package", "uninstall", "team1/web1");
  }

  @Test
  void aLinkPlantedInKeptDataIsNotFollowedByAReinstall() throws IOException {
    installUninstallWebapp();
    String home = "/data/team1/webapp/web1";
    String victim = "/victim";
    try (FileSystem fs = fs()) {
      fs.mkdirs(p(victim));
      fs.delete(p(home + "/data/index"), true);
      plantLink(fs, p(victim), p(home + "/data/index"));
    }
    refused(home + "/data/index is a symbolic link (to ", "package", "install", "webapp", "--role", "team1", "--id",
        "web1", "--set", "owner=b");
    assertThat(exists(victim + "/settings.conf")).isFalse();
  }

  @Test
  void aLinkInPlaceOfAKeptConfigFileIsNotFollowed() throws IOException {
    installUninstallWebapp();
    String home = "/data/team1/webapp/web1";
    write("/victim.conf", "precious\n");
    try (FileSystem fs = fs()) {
      fs.delete(p(home + "/data/index/settings.conf"), false);
      plantLink(fs, p("/victim.conf"), p(home + "/data/index/settings.conf"));
    }
    refused(home + "/data/index/settings.conf is a symbolic link", "package", "install", "webapp", "--role", "team1",
        "--id", "web1", "--set", "owner=b");
    assertThat(read("/victim.conf")).isEqualTo("precious\n");
  }

  /** A symbolic link on the filesystem under test. */
  abstract void plantLink(FileSystem fs, org.apache.hadoop.fs.Path target, org.apache.hadoop.fs.Path link) throws IOException;

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
