package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.ClusterFlavour;
import io.zeta.testing.SecretScan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Secret options and file modes on the local filesystem (file:), and how secrets are given
 * (--set-file, --options -): input handling, which no filesystem changes.
 */
class LocalSecretsTest extends SecretScenarios {
  @Override
  ClusterFlavour flavour() {
    return ClusterFlavour.LOCAL;
  }

  @Test
  void setFileAndStdinAreBoundedAndChecked() {
    initVault();
    var before = snapshot();
    Cli.Result missing = cli.run("package", "install", "vault", "--role", "team1", "--id", "v1", "--set-file",
        "db.password=" + tmp.resolve("nope.txt"));
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("cannot read --set-file db.password file").contains("no such file").doesNotContain("\tat ");
    Cli.Result noEquals = cli.run("package", "render", "vault", "--set-file", "db.password");
    assertThat(noEquals.err()).contains("--set-file expects KEY=FILE");
    Path big = secretFile("x".repeat(4 * 1024 * 1024 + 1));
    Cli.Result tooBig = cli.run("package", "install", "vault", "--role", "team1", "--id", "v1", "--set-file", "db.password=" + big);
    assertThat(tooBig.exit()).isEqualTo(1);
    assertThat(tooBig.err()).contains("at most 4194304 (4 MiB) are read");
    cli.stdin("[1, 2]");
    Cli.Result notObject = cli.run("package", "install", "vault", "--role", "team1", "--id", "v1", "--options", "-");
    assertThat(notObject.exit()).isEqualTo(1);
    assertThat(notObject.err()).contains("standard input");
    // Jackson quotes the token it cannot read: the error names the place only.
    cli.stdin("{\"db\": {\"password\": " + PASSWORD + "}}");
    Cli.Result badJson = cli.run("package", "install", "vault", "--role", "team1", "--id", "v1", "--options", "-");
    assertThat(badJson.exit()).isEqualTo(1);
    assertThat(badJson.err()).contains(": invalid JSON at line 1, column");
    new SecretScan(PASSWORD).absentFrom("invalid JSON on stdin", badJson);
    new SecretScan(PASSWORD).absentFrom("its audit line", ok("cluster", "audit", "--json"));
    // A value that reads as JSON stays the string it is in the file.
    Cli.Result asText = ok("package", "render", "vault", "--show-secrets", "--set-file", "db.password=" + secretFile("12345\n"));
    assertThat(Json.parse(asText.out(), "render").at("/env/DB_PASSWORD").asText()).isEqualTo("12345");
    assertThat(snapshot()).isEqualTo(before);
  }

}
