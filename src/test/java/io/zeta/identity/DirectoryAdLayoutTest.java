package io.zeta.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Entry;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Slapd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Active Directory layout against slapd with AD's user/group classes and sAMAccountName (AD's
 * OIDs) and the memberof overlay: groups list members by DN, users carry memberOf, names are
 * sAMAccountName. Also LDAPS and StartTLS with a self-signed certificate trusted through
 * --ldap-ca-file, and refused without it.
 */
class DirectoryAdLayoutTest {
  @TempDir
  static Path tmp;
  static Slapd slapd;
  static Cli cli;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    slapd = Slapd.start(tmp.resolve("slapd"), true, true);
    slapd.passwordFile(tmp.resolve("bind.pw"));
    cli = new Cli(tmp.resolve("home"), tmp);
  }

  @AfterAll
  static void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  @Test
  void roleAccountsAndMembersInTheAdLayoutOverLdaps() {
    cli.ok("cluster", "init", "--root", tmp.resolve("cluster").toUri().toString(), "--ldap", slapd.ldapsUrl(),
        "--ldap-ca-file", slapd.caFile().toString(), "--ldap-layout", "ad", "--ldap-base", Slapd.BASE,
        "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", "bind.pw");
    cli.ok("role", "add", "prod");
    String svc = "cn=zetasvcprod,ou=people," + Slapd.BASE;
    Entry user = slapd.entry(svc);
    assertThat(user.getObjectClassValues()).contains("user");
    assertThat(user.getAttributeValue("sAMAccountName")).isEqualTo("zetasvcprod");
    assertThat(user.getAttributeValue("uidNumber")).isEqualTo("2000000");
    Entry apps = slapd.entry("cn=zetaprodapps,ou=groups," + Slapd.BASE);
    assertThat(apps.getObjectClassValues()).contains("group");
    assertThat(apps.getAttributeValue("sAMAccountName")).isEqualTo("zetaprodapps");
    assertThat(apps.getAttributeValue("gidNumber")).isEqualTo("2500000");
    assertThat(apps.getAttributeValues("member")).containsExactly(svc);

    cli.ok("user", "add", "alice", "--role", "prod", "--given", "Alice", "--surname", "Liddell");
    String alice = "cn=alice,ou=people," + Slapd.BASE;
    // The overlay keeps memberOf on the user, as AD does.
    assertThat(slapd.entry(alice).getAttributeValues("memberOf")).containsExactlyInAnyOrder(
        "cn=zetaprodapps,ou=groups," + Slapd.BASE, "cn=zetaproddata,ou=groups," + Slapd.BASE,
        "cn=zetaprodetl,ou=groups," + Slapd.BASE, "cn=zetaprodzeta,ou=groups," + Slapd.BASE);
    JsonNode show = Json.parse(cli.ok("user", "show", "alice", "--json").out().getBytes(StandardCharsets.UTF_8), "show");
    assertThat(show.get("roles").toString()).isEqualTo("[\"prod\"]");
    assertThat(show.get("dn").asText()).isEqualTo(alice);
    assertThat(cli.ok("user", "list", "--role", "prod").out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
        .isEqualTo(List.of("alice", "zetasvcprod"));

    cli.ok("role", "members", "remove", "prod", "alice");
    assertThat(slapd.entry(alice).getAttributeValues("memberOf")).isNull();
    assertThat(slapd.entry("cn=zetaprodetl,ou=groups," + Slapd.BASE).getAttributeValues("member")).containsExactly(svc);
    cli.ok("user", "remove", "alice");
    cli.ok("role", "remove", "prod", "--yes");
    assertThat(slapd.entry(svc)).isNull();
    assertThat(slapd.entry("cn=zetaprodapps,ou=groups," + Slapd.BASE)).isNull();
  }

  @Test
  void startTlsNeedsTheCaFile() {
    String before = slapd.dump();
    Cli.Result untrusted = cli.run("cluster", "init", "--root", tmp.resolve("c2").toUri().toString(), "--ldap", slapd.url(),
        "--ldap-starttls", "--ldap-layout", "ad", "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN,
        "--bind-password-file", "bind.pw");
    assertThat(untrusted.exit()).isNotZero();
    assertThat(untrusted.err().lines().findFirst().orElse("")).startsWith("zeta: TLS with the directory at " + slapd.url() + " failed")
        .endsWith("— check --ldap-ca-file and the server's certificate");
    assertThat(tmp.resolve("c2")).doesNotExist();
    assertThat(slapd.dump()).isEqualTo(before);

    cli.ok("cluster", "init", "--root", tmp.resolve("c3").toUri().toString(), "--ldap", slapd.url(), "--ldap-starttls",
        "--ldap-ca-file", slapd.caFile().toString(), "--ldap-layout", "ad", "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN,
        "--bind-password-file", "bind.pw");
    assertThat(cli.ok("user", "show", "zetasvcshared").out()).contains("UID:     1000000");
  }
}
