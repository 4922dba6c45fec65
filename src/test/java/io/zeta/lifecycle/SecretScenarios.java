package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.SecretScan;
import io.zeta.testing.TestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/**
 * Secret options (config.json {@code "format": "password"} and zeta.json {@code secrets}) and
 * the modes of the files holding options or credentials, through the CLI, on one filesystem.
 */
abstract class SecretScenarios extends ClusterLifecycleSuite {
  static final String PASSWORD = "S3cretPw-4242x";
  static final String API_KEY = "ApiKey-7777zz";
  static final String DEFAULT_PASSWORD = "DefaultPw-3141";
  static final String HOME = "/apps/team1/vault/v1";

  /** A package with a password option (config.json) and a secret named by zeta.json, used in the app, a config file and nowhere else. */
  static Path vaultRepo(Path dir) {
    TestRepo repo = new TestRepo(dir);
    repo.file("vault", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "vault", "version": "1.0.0", "maintainer": "t@example.com",
         "description": "a package with secrets", "tags": ["test"]}""");
    repo.file("vault", 0, "config.json", """
        {"type": "object", "additionalProperties": false,
         "properties": {
           "db": {"type": "object", "properties": {
             "user": {"type": "string", "default": "app"},
             "password": {"type": "string", "format": "password", "default": "%s", "pattern": "^[A-Za-z0-9-]+$"}}},
           "apiKey": {"type": "string", "default": ""},
           "port": {"type": "integer", "default": 8080}}}""".formatted(DEFAULT_PASSWORD));
    repo.file("vault", 0, "zeta.json", """
        {"zetaVersion": "1", "secrets": ["apiKey"],
         "configFiles": [{"content": "user={{db.user}}\\npassword={{db.password}}\\n", "target": "db.conf", "mode": "0644"}],
         "env": {"PORT": "{{port}}"}}""");
    repo.file("vault", 0, "marathon.json.mustache", """
        {"id": "vault", "cmd": "echo started with $DB_PASSWORD; sleep 120", "cpus": 0.1, "mem": 32, "instances": 1,
         "env": {"DB_USER": "{{db.user}}", "DB_PASSWORD": "{{db.password}}", "API_KEY": "{{apiKey}}"},
         "labels": {"PORT": "{{port}}"}}""");
    // A template that puts the password where JSON cannot take it: the parse error quotes the line.
    repo.file("leaky", 0, "package.json", """
        {"packagingVersion": "3.0", "name": "leaky", "version": "1.0.0", "maintainer": "t@example.com",
         "description": "a package whose template breaks on its secret", "tags": ["test"]}""");
    repo.file("leaky", 0, "config.json", """
        {"type": "object", "properties": {"db": {"type": "object", "properties": {
           "password": {"type": "string", "format": "password", "default": "x"}}}}}""");
    repo.file("leaky", 0, "marathon.json.mustache", """
        {"id": "leaky", "cmd": "sleep 1", "cpus": 0.1, "mem": 32,
         "instances": {{db.password}}}""");
    return dir;
  }

  void initVault() {
    ok("cluster", "init", "--root", root.toString(), "--name", "testcluster");
    ok("role", "add", "team1");
    ok("package", "repo", "add", "vaults", vaultRepo(tmp.resolve("vaultrepo")).toString());
    ok("package", "stage", "vault");
  }

  Path secretFile(String content) {
    return tempFile("secret", ".txt", content);
  }

  /** Installs with the password from a file and the API key on standard input: neither is on the command line. */
  Cli.Result installVault(SecretScan scan) {
    cli.stdin("{\"apiKey\": \"" + API_KEY + "\", \"port\": 9090}");
    return scan.absentFrom("install", ok("package", "install", "vault", "--role", "team1", "--id", "v1",
        "--set-file", "db.password=" + secretFile(PASSWORD + "\n"), "--options", "-", "--json"));
  }

  @Test
  void secretOptionsAreNeverPrintedAndKeptApart() {
    initVault();
    SecretScan scan = new SecretScan(PASSWORD, API_KEY, DEFAULT_PASSWORD);
    JsonNode installed = Json.parse(installVault(scan).out(), "install --json");
    assertThat(installed.get("secretOptions").toString()).isEqualTo("[\"db.password\",\"apiKey\"]");
    assertThat(installed.get("userOptions").toString()).isEqualTo("{\"port\":9090}");

    // Every output, human and --json.
    String[][] commands = {
        {"package", "status"}, {"package", "status", "--json"}, {"package", "status", "vault"},
        {"package", "status", "vault", "--json"}, {"package", "status", "team1/v1"}, {"package", "status", "team1/v1", "--json"},
        {"package", "list"}, {"package", "list", "--json"}, {"package", "search", "vault"}, {"package", "search", "vault", "--json"},
        {"package", "describe", "vault"}, {"package", "describe", "vault", "--json"}, {"package", "describe", "vault", "--config"},
        {"package", "describe", "vault", "--render"}, {"package", "render", "vault"},
        {"cluster", "audit"}, {"cluster", "audit", "--json"}, {"cluster", "doctor"}, {"cluster", "info", "--json"}};
    for (String[] c : commands) {
      scan.absentFrom(String.join(" ", c), ok(c));
    }
    // render and describe --render with the secrets given: the app shows the mask where the template puts them.
    cli.stdin("{\"apiKey\": \"" + API_KEY + "\"}");
    JsonNode rendered = Json.parse(scan.absentFrom("render --set-file", ok("package", "render", "vault", "--set-file",
        "db.password=" + secretFile(PASSWORD), "--options", "-")).out(), "render");
    assertThat(rendered.at("/env/DB_PASSWORD").asText()).isEqualTo("********");
    assertThat(rendered.at("/env/API_KEY").asText()).isEqualTo("********");
    assertThat(rendered.at("/env/DB_USER").asText()).isEqualTo("app");
    assertThat(labelOptions(rendered).toString()).isEqualTo("{}");
    scan.absentFrom("describe --render --set", ok("package", "describe", "vault", "--render", "--set", "db.password=" + PASSWORD));
    JsonNode config = Json.parse(ok("package", "describe", "vault", "--config").out(), "config");
    assertThat(config.at("/properties/db/properties/password/default").asText()).isEqualTo("********");
    assertThat(config.at("/properties/db/properties/user/default").asText()).isEqualTo("app");

    // A validation error that quotes the value, and the audit line of that refused command.
    Cli.Result refused = cli.run("package", "install", "vault", "--role", "team1", "--id", "v2", "--set", "db.password=" + PASSWORD + "!",
        "--set", "port=" + PASSWORD + "!");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("options do not match");
    new SecretScan(PASSWORD + "!").absentFrom("refused install", refused);
    new SecretScan(PASSWORD + "!").absentFrom("audit after the refusal", ok("cluster", "audit", "--json"));
    // A template error that quotes the rendered line, in render and in install (and its audit line).
    Cli.Result broken = cli.run("package", "render", "leaky", "--set", "db.password=" + PASSWORD);
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err()).contains("renders invalid JSON").contains("near:");
    scan.absentFrom("render of a template that breaks on the secret", broken);
    Cli.Result brokenInstall = cli.run("package", "install", "leaky", "--stage", "--role", "team1", "--id", "l1",
        "--set", "db.password=" + PASSWORD);
    assertThat(brokenInstall.exit()).isEqualTo(1);
    scan.absentFrom("install of a template that breaks on the secret", brokenInstall);
    scan.absentFrom("audit after it", ok("cluster", "audit", "--json"));

    // Only when asked.
    JsonNode shown = Json.parse(ok("package", "status", "team1/v1", "--json", "--show-secrets").out(), "status");
    assertThat(shown.at("/options/db/password").asText()).isEqualTo(PASSWORD);
    assertThat(shown.at("/options/apiKey").asText()).isEqualTo(API_KEY);
    assertThat(shown.at("/options/port").asInt()).isEqualTo(9090);
    JsonNode masked = Json.parse(ok("package", "status", "team1/v1", "--json").out(), "status");
    assertThat(masked.at("/options/db/password").asText()).isEqualTo("********");
    assertThat(masked.at("/options/db/user").asText()).isEqualTo("app");
    assertThat(ok("package", "render", "vault", "--show-secrets", "--set", "db.password=" + PASSWORD).out()).contains(PASSWORD);
    assertThat(ok("package", "describe", "vault", "--config", "--show-secrets").out()).contains(DEFAULT_PASSWORD);

    // On storage: the values are in secrets.json (owner only), and where the package's templates put
    // them (the app's env, db.conf), never readable by others; instance.json and the label have none.
    // (The package's own default is in its staged files, as in its repository: it is not the user's secret.)
    SecretScan given = new SecretScan(PASSWORD, API_KEY);
    Map<String, Integer> holding;
    try (FileSystem fs = fs()) {
      holding = given.filesHolding(fs, p("/"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(holding).isEqualTo(Map.of(HOME + "/secrets.json", 0600, HOME + "/marathon.json", 0640, HOME + "/db.conf", 0640));
    JsonNode secrets = Json.parse(read(HOME + "/secrets.json"), "secrets.json");
    assertThat(secrets.at("/resolvedOptions/db/password").asText()).isEqualTo(PASSWORD);
    JsonNode record = Json.parse(read(HOME + "/instance.json"), "instance.json");
    assertThat(record.get("resolvedOptions").toString()).isEqualTo("{\"db\":{\"user\":\"app\"},\"port\":9090}");
    JsonNode app = Json.parse(read(HOME + "/marathon.json"), "marathon.json");
    assertThat(app.at("/env/DB_PASSWORD").asText()).isEqualTo(PASSWORD);
    assertThat(labelOptions(app).toString()).isEqualTo("{\"port\":9090}");

    // Uninstall deletes the secret values with the configuration.
    scan.absentFrom("uninstall", ok("package", "uninstall", "team1/v1"));
    try (FileSystem fs = fs()) {
      assertThat(given.filesHolding(fs, p("/"))).isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(scan.checked()).isGreaterThan(40);
  }

  /** The instance-less part of the tree: refused commands change nothing but the audit log. */
  Map<String, Integer> snapshot() {
    try (FileSystem fs = fs()) {
      Map<String, Integer> out = new java.util.TreeMap<>();
      var it = fs.listFiles(p("/"), true);
      while (it.hasNext()) {
        var f = it.next();
        if (!f.getPath().getName().equals("audit.log")) {
          out.put(f.getPath().toUri().getPath(), (int) f.getLen());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void filesHoldingOptionsOrCredentialsAreNotWorldReadable() {
    initVault();
    installVault(new SecretScan(PASSWORD));
    // capabilities rewrites cluster.json: it holds no secret and stays readable by every tenant.
    ok("cluster", "capabilities", "--add", "gpu");
    assertThat(modeOf("/zeta/kstore/cluster.json")).isEqualTo(0644);
    assertThat(modeOf("/zeta/kstore/env/env_team1/vault_v1.sh")).isEqualTo(0640);
    if (appliesOwnership()) {
      // The role reads its env files through their group, which they get from the env directory.
      assertThat(status("/zeta/kstore/env/env_team1/vault_v1.sh").orElseThrow().getGroup()).isEqualTo("zetateam1zeta");
      assertThat(status(HOME + "/instance.json").orElseThrow().getGroup()).isEqualTo("zetateam1apps");
    }
    assertThat(modeOf(HOME)).isEqualTo(0750);
    assertThat(modeOf(HOME + "/instance.json")).isEqualTo(0640);
    assertThat(modeOf(HOME + "/marathon.json")).isEqualTo(0640);
    assertThat(modeOf(HOME + "/env.sh")).isEqualTo(0640);
    assertThat(modeOf(HOME + "/secrets.json")).isEqualTo(0600);
    assertThat(modeOf(HOME + "/db.conf")).as("declared 0644, but it holds a secret").isEqualTo(0640);
    // doctor --repair writes a lost env file again, with the same mode.
    try (FileSystem fs = fs()) {
      fs.delete(p("/zeta/kstore/env/env_team1/vault_v1.sh"), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ok("cluster", "doctor", "--repair");
    assertThat(modeOf("/zeta/kstore/env/env_team1/vault_v1.sh")).as("rewritten by doctor").isEqualTo(0640);
    ok("package", "uninstall", "team1/v1");
    assertThat(modeOf(HOME + "/instance.json")).as("rewritten by uninstall").isEqualTo(0640);
    assertThat(exists(HOME + "/secrets.json")).isFalse();
    // A reinstall over the kept home moves a new secrets.json in, as private as the first.
    ok("package", "install", "vault", "--role", "team1", "--id", "v1", "--set-file", "db.password=" + secretFile("Other-Pw-99"));
    assertThat(modeOf(HOME + "/secrets.json")).isEqualTo(0600);
    assertThat(read(HOME + "/secrets.json")).contains("Other-Pw-99").doesNotContain(PASSWORD);
    assertThat(modeOf(HOME + "/instance.json")).isEqualTo(0640);
    assertThat(read(HOME + "/instance.json")).doesNotContain("Other-Pw-99");
  }

  @Test
  void theSchedulerTokenIsOwnerOnlyAndClusterJsonReadableAndTokenFree() throws Exception {
    String token = "dcos-token-0815";
    Path file = java.nio.file.Files.writeString(tmp.resolve("scheduler.token"), token + "\n");
    ok("cluster", "init", "--root", root.toString(), "--name", "marathoned", "--scheduler", "http://127.0.0.1:9/",
        "--scheduler-token-file", file.toString());
    assertThat(modeOf("/zeta/kstore/secrets")).isEqualTo(0700);
    assertThat(modeOf("/zeta/kstore/secrets/scheduler-token")).isEqualTo(0600);
    assertThat(modeOf("/zeta/kstore/cluster.json")).isEqualTo(0644);
    try (FileSystem fs = fs(); var in = fs.open(p("/zeta/kstore/cluster.json"))) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(token);
    }
    assertThat(ok("cluster", "info", "--json").out()).doesNotContain(token);
  }

  int modeOf(String clusterPath) {
    return mode(status(clusterPath).orElseThrow(() -> new AssertionError(clusterPath + " is missing")));
  }

  static JsonNode labelOptions(JsonNode app) {
    String b64 = app.at("/labels/DCOS_PACKAGE_OPTIONS").asText();
    return Json.parse(new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8), "label");
  }
}
