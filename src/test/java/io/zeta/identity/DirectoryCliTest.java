package io.zeta.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Entry;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.SecretScan;
import io.zeta.testing.Slapd;
import io.zeta.testing.Trees;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory through the CLI against a real slapd (OpenLDAP layout): `cluster init --ldap`,
 * `role add` making the original Zeta's groups and service user, users and role members, `role
 * remove`, and bad input that changes nothing in the directory (a sorted LDIF dump of the whole
 * base) nor in the tree. One slapd and one cluster for the class; each test uses its own roles.
 */
class DirectoryCliTest {
  @TempDir
  static Path tmp;
  static Slapd slapd;
  static Cli cli;
  static URI root;
  static final List<Cli.Result> outputs = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    slapd = Slapd.start(tmp.resolve("slapd"));
    slapd.passwordFile(tmp.resolve("bind.pw"));
    Files.writeString(tmp.resolve("wrong.pw"), "not-the-password\n");
    cli = new Cli(tmp.resolve("home"), tmp);
    root = tmp.resolve("cluster").toUri();
    Cli.Result init = ok("cluster", "init", "--root", root.toString(), "--ldap", slapd.url(), "--ldap-base", Slapd.BASE,
        "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", "bind.pw");
    assertThat(init.out()).contains("Directory: " + slapd.url() + " (openldap layout");
  }

  @AfterAll
  static void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  static Cli.Result ok(String... args) {
    Cli.Result r = cli.ok(args);
    outputs.add(r);
    return r;
  }

  static Cli.Result run(String... args) {
    Cli.Result r = cli.run(args);
    outputs.add(r);
    return r;
  }

  static String attr(String dn, String name) {
    Entry e = slapd.entry(dn);
    assertThat(e).as(dn).isNotNull();
    return e.getAttributeValue(name);
  }

  static String[] values(String dn, String name) {
    String[] v = slapd.entry(dn).getAttributeValues(name);
    return v == null ? new String[0] : v;
  }

  /** Runs a command that must fail with this first error line and change neither the directory nor the tree. */
  static Cli.Result refusedChangingNothing(String firstLine, String... args) {
    String ldapBefore = slapd.dump();
    Map<String, String> treeBefore = Trees.withoutAudit(root);
    Cli.Result r = run(args);
    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err().lines().findFirst().orElse("")).isEqualTo("zeta: " + firstLine);
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(slapd.dump()).as("the directory after " + String.join(" ", args)).isEqualTo(ldapBefore);
    assertThat(Trees.diff(treeBefore, Trees.withoutAudit(root))).as("the tree after " + String.join(" ", args)).isEmpty();
    return r;
  }

  @Test
  void initGaveTheSharedRoleItsAccountsAndKeepsThePasswordOwnerOnly() throws Exception {
    assertThat(attr("uid=zetasvcshared,ou=people," + Slapd.BASE, "uidNumber")).isEqualTo("1000000");
    assertThat(attr("cn=zetasharedzeta,ou=groups," + Slapd.BASE, "gidNumber")).isEqualTo("1500003");
    JsonNode cfg = Json.parse(Files.readAllBytes(Path.of(root).resolve("zeta/kstore/cluster.json")), "cluster.json");
    assertThat(cfg.at("/directory/url").asText()).isEqualTo(slapd.url());
    assertThat(cfg.at("/directory/layout").asText()).isEqualTo("openldap");

    SecretScan scan = new SecretScan(Slapd.ROOT_PASSWORD);
    ok("cluster", "info");
    ok("cluster", "info", "--json");
    outputs.forEach(r -> scan.absentFrom("a command", r));
    try (FileSystem fs = FileSystem.newInstance(root, new Configuration())) {
      Map<String, Integer> holding = scan.filesHolding(fs, new org.apache.hadoop.fs.Path(root));
      assertThat(holding).isEqualTo(Map.of("/zeta/kstore/secrets/ldap-bind-password", 0600));
      assertThat(SecretScan.worldReadable(holding)).isEmpty();
    }
  }

  @Test
  void roleAddCreatesTheGroupsAndTheServiceUserOnceAndRoleRemoveTakesThemAway() throws Exception {
    // A cluster of its own, so that the next free million is 2000000 whatever the other tests recorded.
    Cli own = new Cli(tmp.resolve("home-prod"), tmp);
    URI prodRoot = tmp.resolve("prodcluster").toUri();
    own.ok("cluster", "init", "--root", prodRoot.toString(), "--ldap", slapd.url(), "--ldap-base", Slapd.BASE,
        "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", "bind.pw");
    Cli.Result add = own.ok("role", "add", "prod");
    assertThat(add.out()).contains("Added role prod: ", "Accounts in " + slapd.url() + ":", "service user zetasvcprod (uid 2000000)",
        "group zetaprodapps (gid 2500000)", "group zetaprodzeta (gid 2500003)");
    String svc = "uid=zetasvcprod,ou=people," + Slapd.BASE;
    assertThat(attr(svc, "uidNumber")).isEqualTo("2000000");
    assertThat(attr(svc, "gidNumber")).isEqualTo("2500000");
    assertThat(values(svc, "objectClass")).contains("posixAccount", "inetOrgPerson");
    String[] bases = {"apps", "data", "etl", "zeta"};
    for (int i = 0; i < 4; i++) {
      String dn = "cn=zetaprod" + bases[i] + ",ou=groups," + Slapd.BASE;
      assertThat(attr(dn, "gidNumber")).isEqualTo(Long.toString(2_500_000 + i));
      assertThat(values(dn, "objectClass")).contains("posixGroup");
      assertThat(values(dn, "memberUid")).containsExactly("zetasvcprod");
    }
    JsonNode record = Json.parse(Files.readAllBytes(Path.of(prodRoot).resolve("zeta/kstore/roles/prod.json")), "prod.json");
    assertThat(record.get("uidStart").asLong()).isEqualTo(2_000_000L);

    // Again: nothing changes, and it says so.
    String before = slapd.dump();
    Cli.Result again = own.ok("role", "add", "prod");
    assertThat(again.out()).contains("Role prod already exists with these settings and its accounts in the directory; nothing changed.");
    assertThat(slapd.dump()).isEqualTo(before);

    // The next role gets the next million.
    own.ok("role", "add", "dev");
    assertThat(attr("uid=zetasvcdev,ou=people," + Slapd.BASE, "uidNumber")).isEqualTo("3000000");

    // A role with files left is not empty: refused, nothing removed anywhere.
    Files.writeString(Path.of(prodRoot).resolve("data/dev/left.txt"), "x");
    String ldap = slapd.dump();
    Map<String, String> tree = Trees.withoutAudit(prodRoot);
    Cli.Result refused = own.run("role", "remove", "dev", "--yes");
    assertThat(refused.err()).startsWith("zeta: role dev still has files in /data/dev (left.txt)");
    assertThat(slapd.dump()).isEqualTo(ldap);
    assertThat(Trees.diff(tree, Trees.withoutAudit(prodRoot))).isEmpty();
    Files.delete(Path.of(prodRoot).resolve("data/dev/left.txt"));

    own.ok("role", "remove", "dev", "--yes");
    assertThat(slapd.entry("uid=zetasvcdev,ou=people," + Slapd.BASE)).isNull();
    for (String b : bases) {
      assertThat(slapd.entry("cn=zetadev" + b + ",ou=groups," + Slapd.BASE)).isNull();
    }
    assertThat(slapd.entry(svc)).isNotNull();
  }

  @Test
  void usersAreCreatedInARoleListedShownMovedAndRemoved() throws Exception {
    ok("role", "add", "web", "--uid-start", "9000000");
    Cli.Result add = ok("user", "add", "alice", "--role", "web", "--given", "Alice", "--surname", "Liddell");
    assertThat(add.out()).contains("Added user alice (uid 9000001, gid 9500000) to role web");
    String alice = "uid=alice,ou=people," + Slapd.BASE;
    assertThat(attr(alice, "cn")).isEqualTo("Alice Liddell");
    assertThat(attr(alice, "uidNumber")).isEqualTo("9000001");
    ok("user", "add", "bob", "--role", "web");
    assertThat(attr("uid=bob,ou=people," + Slapd.BASE, "uidNumber")).isEqualTo("9000002");
    for (String b : List.of("apps", "data", "etl", "zeta")) {
      assertThat(values("cn=zetaweb" + b + ",ou=groups," + Slapd.BASE, "memberUid")).containsExactlyInAnyOrder("zetasvcweb", "alice", "bob");
    }

    Cli.Result list = ok("user", "list", "--role", "web");
    assertThat(list.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList()).containsExactly("alice", "bob", "zetasvcweb");
    JsonNode json = Json.parse(ok("user", "list", "--role", "web", "--json").out().getBytes(StandardCharsets.UTF_8), "list");
    assertThat(json.at("/users/0/principal").asText()).isEqualTo("alice");
    assertThat(json.at("/users/0/uidNumber").asLong()).isEqualTo(9_000_001L);
    assertThat(json.at("/users/0/roles/0").asText()).isEqualTo("web");

    JsonNode show = Json.parse(ok("user", "show", "alice", "--json").out().getBytes(StandardCharsets.UTF_8), "show");
    assertThat(show.get("groups").toString()).isEqualTo("[\"zetawebapps\",\"zetawebdata\",\"zetawebetl\",\"zetawebzeta\"]");
    assertThat(show.get("roles").toString()).isEqualTo("[\"web\"]");
    assertThat(ok("user", "show", "alice").out()).contains("Roles:   web");

    // A second role through members; idempotent both ways.
    ok("role", "add", "ops", "--uid-start", "11000000");
    assertThat(ok("role", "members", "add", "ops", "alice").out()).contains("Added alice to role ops.");
    assertThat(ok("role", "members", "add", "ops", "alice").out()).contains("already a member");
    assertThat(values("cn=zetaopsetl,ou=groups," + Slapd.BASE, "memberUid")).contains("alice");
    assertThat(ok("user", "show", "alice").out()).contains("Roles:   ops, web");

    // A role with people in it is not removed; nothing changes.
    refusedChangingNothing("role ops still has members in the directory: alice", "role", "remove", "ops", "--yes");
    ok("role", "members", "remove", "ops", "alice");
    ok("role", "remove", "ops", "--yes");

    // Bad names and duplicates: clear, nothing created.
    refusedChangingNothing("the directory already has a user alice", "user", "add", "alice", "--role", "web");
    refusedChangingNothing("invalid user name 'Bad Name'", "user", "add", "Bad Name", "--role", "web");
    refusedChangingNothing("user names starting with zetasvc are the roles' service users", "user", "add", "zetasvcx", "--role", "web");
    refusedChangingNothing("uid 9000001 is already taken by uid=alice,ou=people," + Slapd.BASE, "user", "add", "carol", "--role", "web",
        "--uid-number", "9000001");
    refusedChangingNothing("zetasvcweb is a role's service user", "user", "remove", "zetasvcweb");

    ok("user", "remove", "bob");
    assertThat(slapd.entry("uid=bob,ou=people," + Slapd.BASE)).isNull();
    assertThat(values("cn=zetawebdata,ou=groups," + Slapd.BASE, "memberUid")).containsExactlyInAnyOrder("zetasvcweb", "alice");
    assertThat(run("user", "show", "bob").err()).startsWith("zeta: the directory has no user 'bob'");
  }

  @Test
  void anUnreachableDirectoryOrAWrongPasswordIsRefusedAndNothingIsCreated() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String ldapBefore = slapd.dump();
    URI other = tmp.resolve("other").toUri();
    Cli.Result unreachable = run("cluster", "init", "--root", other.toString(), "--ldap", "ldap://127.0.0.1:" + closed,
        "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", "bind.pw");
    assertThat(unreachable.exit()).isNotZero();
    assertThat(unreachable.err().strip()).isEqualTo("zeta: cannot reach the directory at ldap://127.0.0.1:" + closed
        + ": connection refused — check --ldap");
    Cli.Result wrong = run("cluster", "init", "--root", other.toString(), "--ldap", slapd.url(), "--ldap-base", Slapd.BASE,
        "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", "wrong.pw");
    assertThat(wrong.err().strip()).isEqualTo("zeta: the directory refused the bind as " + Slapd.ROOT_DN
        + ": invalid credentials — check --bind-password-file");
    Cli.Result noBase = run("cluster", "init", "--root", other.toString(), "--ldap", slapd.url(), "--ldap-base", "dc=nothing,dc=test",
        "--bind-dn", Slapd.ROOT_DN, "--bind-password-file", "bind.pw");
    assertThat(noBase.err().strip()).isEqualTo("zeta: the base DN dc=nothing,dc=test does not exist in the directory at "
        + slapd.url() + " — check --ldap-base");
    assertThat(Path.of(other)).doesNotExist();
    assertThat(slapd.dump()).isEqualTo(ldapBefore);

    // The same on an existing cluster: its settings stay.
    refusedChangingNothing("cannot reach the directory at ldap://127.0.0.1:" + closed + ": connection refused — check --ldap",
        "cluster", "set", "--ldap", "ldap://127.0.0.1:" + closed);
    refusedChangingNothing("the directory refused the bind as " + Slapd.ROOT_DN + ": invalid credentials — check --bind-password-file",
        "cluster", "set", "--bind-password-file", "wrong.pw");
    SecretScan scan = new SecretScan(Slapd.ROOT_PASSWORD, "not-the-password");
    outputs.forEach(r -> scan.absentFrom("a command", r));
  }

  @Test
  void aTakenUidOrGroupsWithOtherGidsAreRefusedAndNothingIsHalfCreated() {
    slapd.add("dn: uid=squatter,ou=people," + Slapd.BASE, "objectClass: inetOrgPerson", "objectClass: posixAccount", "uid: squatter",
        "cn: squatter", "sn: squatter", "uidNumber: 70000000", "gidNumber: 100", "homeDirectory: /home/squatter");
    Cli.Result uid = refusedChangingNothing("uid 70000000 for zetasvcqa is already taken by uid=squatter,ou=people," + Slapd.BASE
        + " (role qa's range starts at 70000000)", "role", "add", "qa", "--uid-start", "70000000");
    assertThat(uid.err()).contains("hint: give the role another start (zeta role add qa --uid-start N)");

    // Two of the role's groups there already, one with the wrong gid: none of the others is made.
    slapd.add("dn: cn=zetaqaapps,ou=groups," + Slapd.BASE, "objectClass: posixGroup", "cn: zetaqaapps", "gidNumber: 80500000");
    slapd.add("dn: cn=zetaqadata,ou=groups," + Slapd.BASE, "objectClass: posixGroup", "cn: zetaqadata", "gidNumber: 4242");
    refusedChangingNothing("the directory already has group zetaqadata with gid 4242, not 80500001 (role qa's range starts at 80000000)",
        "role", "add", "qa", "--uid-start", "80000000");

    // A gid taken by a group of another name.
    slapd.add("dn: cn=somebodyelse,ou=groups," + Slapd.BASE, "objectClass: posixGroup", "cn: somebodyelse", "gidNumber: 120500002");
    refusedChangingNothing("gid 120500002 for group zetaqbetl is already taken by cn=somebodyelse,ou=groups," + Slapd.BASE
        + " (role qb's range starts at 120000000)", "role", "add", "qb", "--uid-start", "120000000");
  }

  @Test
  void withoutADirectoryRolesSayTheyAreNotEnforced() {
    Cli.Result plain = new Cli(tmp.resolve("home2"), tmp).ok("cluster", "init", "--root", tmp.resolve("plain").toUri().toString());
    assertThat(plain.out()).doesNotContain("Directory");
    Cli c = new Cli(tmp.resolve("home2"), tmp);
    assertThat(c.ok("role", "add", "team", "--uid-start", "20000000").err()).contains("zeta: note: roles are not enforced: no directory configured (zeta cluster set --ldap");
    assertThat(c.ok("role", "list").out()).contains("roles are not enforced: no directory configured");
    assertThat(c.ok("role", "list", "--json").out()).contains("\"enforced\" : false");
    Cli.Result users = c.run("user", "list");
    assertThat(users.exit()).isNotZero();
    assertThat(users.err()).startsWith("zeta: cluster plain has no directory");

    // cluster set adds one later, binding first, and gives the existing roles their accounts.
    Cli.Result set = c.ok("cluster", "set", "--ldap", slapd.url(), "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN,
        "--bind-password-file", "bind.pw", "--ldap-user-base", "ou=plainpeople," + Slapd.BASE,
        "--ldap-group-base", "ou=plaingroups," + Slapd.BASE);
    assertThat(set.out()).contains("role shared: uids from 1000000", "role team: uids from 20000000");
    // Shared's accounts exist already (another cluster on the same directory made them at the same numbers).
    assertThat(slapd.entry("uid=zetasvcteam,ou=plainpeople," + Slapd.BASE).getAttributeValue("uidNumber")).isEqualTo("20000000");
    assertThat(c.ok("role", "list").out()).doesNotContain("not enforced");
  }
}
