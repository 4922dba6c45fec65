package io.zeta.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.EmbeddedScheduler;
import io.zeta.testing.Cli;
import io.zeta.testing.Slapd;
import io.zeta.testing.TestAgents;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 12's "Done when", end to end through the CLI: a real slapd holds the people and the
 * role's accounts; alice (a member of prod) installs and starts kv in prod on the embedded agent
 * (a {@code file:} cluster, where kv's POSIX paths work, its task running as zetasvcprod), bob
 * (a member of dev only) is refused by Zeta for every verb in prod, changing nothing; on an HDFS
 * cluster (a MiniDFSCluster resolving groups from the same slapd with LdapGroupsMapping,
 * permission checks on) the instance's files are owned by zetasvcprod and the prod groups and
 * HDFS itself lets alice read /apps/prod and refuses bob; the audit shows it all. Run once per
 * directory layout (OpenLDAP, Active Directory).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RoleAccessScenarios {
  static final long PROD_UID = 2_000_000;
  static final long DEV_UID = 3_000_000;
  static final String AUDIT = "/zeta/kstore/audit/audit.log";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Made in {@link #clusters} (a per-class instance gets no @TempDir before @BeforeAll), deleted in {@link #stop}. */
  Path tmp;
  Slapd slapd;
  MiniDFSCluster hdfs;
  EmbeddedScheduler agent;
  Cli local;
  Cli onHdfs;
  URI localRoot;
  URI hdfsRoot;
  int port;
  final List<String[]> cleanup = new ArrayList<>();

  abstract boolean ad();

  static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  /** Hadoop's LdapGroupsMapping, as docs/SECURITY.md configures it, for this layout. */
  Configuration hdfsConf(Path passwordFile) {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("minidfs").toString());
    conf.setBoolean("dfs.permissions.enabled", true);
    conf.set("hadoop.security.group.mapping", "org.apache.hadoop.security.LdapGroupsMapping");
    conf.set("hadoop.security.group.mapping.ldap.url", slapd.url());
    conf.set("hadoop.security.group.mapping.ldap.bind.user", Slapd.ROOT_DN);
    conf.set("hadoop.security.group.mapping.ldap.bind.password.file", passwordFile.toString());
    conf.set("hadoop.security.group.mapping.ldap.base", Slapd.BASE);
    if (ad()) {
      conf.set("hadoop.security.group.mapping.ldap.search.filter.user", "(&(objectClass=user)(sAMAccountName={0}))");
      conf.set("hadoop.security.group.mapping.ldap.search.filter.group", "(objectClass=group)");
      conf.set("hadoop.security.group.mapping.ldap.search.attr.member", "member");
      conf.set("hadoop.security.group.mapping.ldap.search.attr.memberof", "memberOf");
    } else {
      conf.set("hadoop.security.group.mapping.ldap.search.filter.user", "(&(objectClass=posixAccount)(uid={0}))");
      conf.set("hadoop.security.group.mapping.ldap.search.filter.group", "(objectClass=posixGroup)");
      conf.set("hadoop.security.group.mapping.ldap.search.attr.member", "memberUid");
      // Posix mode matches memberUid against this attribute of the user: memberUid holds login names, so uid.
      conf.set("hadoop.security.group.mapping.ldap.posix.attr.uid.name", "uid");
      conf.set("hadoop.security.group.mapping.ldap.posix.attr.gid.name", "gidNumber");
    }
    conf.set("hadoop.security.group.mapping.ldap.search.attr.group.name", "cn");
    conf.setLong("hadoop.security.groups.cache.secs", 1);
    conf.setLong("hadoop.security.groups.negative-cache.secs", 0);
    return conf;
  }

  @BeforeAll
  void clusters() throws Exception {
    tmp = Files.createTempDirectory("zeta-access");
    assumeTrue(Slapd.available(), "no /usr/sbin/slapd on this machine (apt-get install slapd)");
    assumeTrue(System.getProperty("user.name").equals("root") && Files.isExecutable(Path.of("/usr/sbin/useradd")),
        "needs root and useradd: the agent runs kv as zetasvcprod, and files on file: are given to its numbers");
    slapd = Slapd.start(tmp.resolve("slapd"), ad(), false);
    Path password = slapd.passwordFile(tmp.resolve("bind-password"));
    Configuration conf = hdfsConf(password);
    // Hadoop keeps one group mapping per JVM (Groups' singleton, which UserGroupInformation and the NameNode
    // share): replace it by the LDAP one for this class, and put the default back after.
    useGroupMapping(conf);
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();

    // The service user's local account, with the directory's numbers (NSS would give them on a real node).
    List<String> bases = List.of("apps", "data", "etl", "zeta");
    for (int i = 0; i < bases.size(); i++) {
      String group = "zetaprod" + bases.get(i);
      assumeTrue(run("getent", "group", group) != 0, "a local group " + group + " exists already (another test?)");
      assertThat(run("groupadd", "-g", String.valueOf(PROD_UID + 500_000 + i), group)).isZero();
      cleanup.add(new String[] {"groupdel", group});
    }
    assertThat(run("useradd", "-M", "-u", String.valueOf(PROD_UID), "-g", "zetaprodapps", "-G",
        "zetaproddata,zetaprodetl,zetaprodzeta", "zetasvcprod")).isZero();
    cleanup.add(0, new String[] {"userdel", "zetasvcprod"});

    agent = EmbeddedScheduler.start(AgentConfig.defaults(tmp.resolve("agent")).withResources(TestAgents.AMPLE)
        .withKillGracePeriod(Duration.ofSeconds(1)));
    Path clusterDir = tmp.resolve("cluster");
    // The task (zetasvcprod) reaches the cluster's files through the temp dirs above it.
    for (Path p = tmp; p != null && p.startsWith("/tmp") && !p.equals(Path.of("/tmp")); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
    }
    localRoot = clusterDir.toUri();
    hdfsRoot = URI.create(hdfs.getURI().toString().replaceAll("/+$", "") + "/authz");
    local = new Cli(tmp.resolve("home-local"), tmp).env("ZETA_CLUSTER", localRoot.toString())
        .env("ZETA_MARATHON_TOKEN", agent.token().orElseThrow());
    onHdfs = new Cli(tmp.resolve("home-hdfs"), tmp).env("ZETA_CLUSTER", hdfsRoot.toString());
    List<String> ldap = new ArrayList<>(List.of("--ldap", slapd.url(), "--ldap-base", Slapd.BASE, "--bind-dn", Slapd.ROOT_DN,
        "--bind-password-file", password.toString()));
    if (ad()) {
      ldap.addAll(List.of("--ldap-layout", "ad"));
    }
    List<String> init = new ArrayList<>(List.of("cluster", "init", "--root", localRoot.toString(), "--scheduler",
        agent.url().toString()));
    init.addAll(ldap);
    local.ok(init.toArray(String[]::new));
    init = new ArrayList<>(List.of("cluster", "init", "--root", hdfsRoot.toString(), "--capability", "posix-mount"));
    init.addAll(ldap);
    onHdfs.ok(init.toArray(String[]::new));
    for (Cli cli : List.of(local, onHdfs)) {
      cli.ok("package", "repo", "add", "zeta", Path.of("packages").toAbsolutePath().toString());
      cli.ok("role", "add", "prod", "--uid-start", String.valueOf(PROD_UID));
      cli.ok("role", "add", "dev", "--uid-start", String.valueOf(DEV_UID));
      cli.ok("package", "stage", "kv");
    }
    local.ok("user", "add", "alice", "--role", "prod");
    local.ok("user", "add", "bob", "--role", "dev");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
  }

  static void useGroupMapping(Configuration conf) {
    org.apache.hadoop.security.Groups.getUserToGroupsMappingServiceWithLoadedConfiguration(conf);
    UserGroupInformation.setConfiguration(conf);
  }

  @AfterAll
  void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    if (hdfs != null) {
      hdfs.shutdown(true);
      useGroupMapping(new Configuration());
    }
    if (slapd != null) {
      slapd.close();
    }
    for (String[] c : cleanup) {
      run(c);
    }
    if (tmp != null) {
      run("rm", "-rf", tmp.toString());
    }
  }

  static Cli.Result as(Cli cli, String user, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--as";
    all[1] = user;
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.run(all);
  }

  static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** What a FileSystem call does as that user: UserGroupInformation.createRemoteUser(user).doAs, HDFS checking it. */
  interface AsUser<T> {
    T run(FileSystem fs) throws Exception;
  }

  <T> T asUser(String user, AsUser<T> call) throws Exception {
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(user);
    try {
      return ugi.doAs((PrivilegedExceptionAction<T>) () -> {
        try (FileSystem fs = FileSystem.newInstance(hdfs.getURI(), new Configuration())) {
          return call.run(fs);
        }
      });
    } catch (java.lang.reflect.UndeclaredThrowableException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  @Order(1)
  void roleAddCreatedTheGroupsAndTheServiceUserInTheDirectory() throws Exception {
    try (Directory d = Directories.check(new io.zeta.cluster.DirectoryConfig(slapd.url(), false, Slapd.BASE, Slapd.ROOT_DN,
        ad() ? "ad" : "openldap", null, null, null, null, null, null), Slapd.ROOT_PASSWORD)) {
      assertThat(d.user("zetasvcprod").orElseThrow().uidNumber()).isEqualTo(PROD_UID);
      assertThat(d.groupsOf("zetasvcprod")).containsExactlyInAnyOrder("zetaprodapps", "zetaproddata", "zetaprodetl",
          "zetaprodzeta");
      assertThat(d.groupsOf("alice")).contains("zetaprodapps").doesNotContain("zetadevapps");
      assertThat(d.groupsOf("bob")).contains("zetadevapps").doesNotContain("zetaprodapps");
    }
  }

  @Test
  @Order(2)
  void aliceInstallsAndStartsKvInProdAndItRunsAsTheServiceUser() throws Exception {
    Cli.Result install = as(local, "alice", "package", "install", "kv", "--role", "prod", "--id", "store1", "--set",
        "port=" + port);
    assertThat(install.exit()).as(install.toString()).isZero();
    Cli.Result start = as(local, "alice", "package", "start", "prod/store1");
    assertThat(start.exit()).as(start.toString()).isZero();
    String url = "http://127.0.0.1:" + port + "/kv/answer";
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString("42")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
    assertThat(get(url)).isEqualTo("42");
    // Its data file was written by the task: the service user's.
    Path data = Path.of(localRoot).resolve("data/prod/kv/store1/data/answer");
    assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo((int) PROD_UID);
    JsonNode app = Json.parse(Files.readString(Path.of(localRoot).resolve("data/prod/kv/store1/marathon.json")), "app");
    assertThat(app.path("user").asText()).isEqualTo("zetasvcprod");
    // Zeta gave the instance's files to zetasvcprod and the role's data group, with the package's modes.
    Map<String, String> tree = Trees.snapshot(localRoot, p -> p.startsWith("/data/prod/kv/store1")
        || "/data/prod/kv/store1".startsWith(p));
    assertThat(tree.get("/data/prod/kv/store1")).startsWith("d 750 zetasvcprod:zetaproddata");
    assertThat(tree.get("/data/prod/kv/store1/conf")).startsWith("d 750 zetasvcprod:zetaproddata");
    assertThat(tree.get("/data/prod/kv/store1/data")).startsWith("d 770 zetasvcprod:zetaproddata");
    assertThat(tree.get("/data/prod/kv/store1/conf/kv.properties")).startsWith("f 640 zetasvcprod:zetaproddata");
    // alice sees her role; status and list show bob nothing of it (filtering, not refusal).
    assertThat(as(local, "alice", "package", "list").out()).contains("prod/store1");
    Cli.Result bobList = as(local, "bob", "package", "list", "--json");
    assertThat(bobList.exit()).isZero();
    assertThat(Json.parse(bobList.out(), "list").get("instances")).isEmpty();
    assertThat(Json.parse(as(local, "bob", "package", "status", "kv", "--json").out(), "s").get("instances")).isEmpty();
  }

  @Test
  @Order(3)
  void bobIsRefusedForEveryVerbInProdAndNothingChanges() {
    Map<String, String> before = Trees.withoutAudit(localRoot);
    List<List<String>> verbs = List.of(
        List.of("package", "install", "kv", "--role", "prod", "--id", "store2", "--set", "port=1"),
        List.of("package", "start", "prod/store1"),
        List.of("package", "stop", "prod/store1"),
        List.of("package", "scale", "prod/store1", "3"),
        List.of("package", "restart", "prod/store1"),
        List.of("package", "uninstall", "prod/store1", "--purge"),
        List.of("package", "status", "prod/store1"),
        List.of("package", "list", "--role", "prod"),
        List.of("package", "logs", "prod/store1"),
        List.of("package", "describe", "prod/store1"),
        List.of("package", "history", "prod/store1"),
        List.of("package", "diff", "prod/store1", "--set", "port=2"),
        List.of("package", "upgrade", "prod/store1", "--set", "port=2"),
        List.of("package", "rollback", "prod/store1"),
        List.of("cluster", "audit", "--role", "prod"));
    for (List<String> verb : verbs) {
      String auditBefore = Trees.read(localRoot, AUDIT);
      Cli.Result r = as(local, "bob", verb.toArray(String[]::new));
      String what = String.join(" ", verb);
      assertThat(r.exit()).as(what + "\n" + r).isEqualTo(4);
      assertThat(r.out()).as(what).isEmpty();
      String line = r.err().lines().findFirst().orElseThrow();
      assertThat(line).as(what).startsWith("zeta: bob may not ").contains(" in role prod: needs membership of "
          + "zetaprodapps, zetaproddata, zetaprodetl or zetaprodzeta, or of the admin group zetaadmins");
      assertThat(Trees.diff(before, Trees.withoutAudit(localRoot))).as("changed by " + what).isEmpty();
      List<String> added = Trees.read(localRoot, AUDIT).substring(auditBefore.length()).lines().toList();
      assertThat(added).as(what).hasSize(1);
      JsonNode entry = Json.parse(added.get(0), "audit");
      assertThat(entry.get("principal").asText()).isEqualTo("root as bob");
      assertThat(entry.get("action").asText()).isEqualTo(verb.get(0) + " " + verb.get(1));
      assertThat(entry.get("role").asText()).isEqualTo("prod");
      assertThat(entry.get("result").asText()).startsWith("denied: bob may not");
    }
    // Admin-only and packager-only verbs too.
    for (List<String> verb : List.of(List.of("role", "add", "qa"), List.of("role", "remove", "prod"),
        List.of("package", "stage", "hello"), List.of("package", "unstage", "kv"))) {
      Cli.Result r = as(local, "bob", verb.toArray(String[]::new));
      assertThat(r.exit()).as(r.toString()).isEqualTo(4);
      assertThat(r.err()).startsWith("zeta: bob may not ").contains("needs membership of the admin group zetaadmins");
    }
    assertThat(Trees.diff(before, Trees.withoutAudit(localRoot))).isEmpty();
  }

  @Test
  @Order(4)
  void onHdfsTheFilesAreTheServiceUsersAndHdfsItselfRefusesBob() throws Exception {
    Cli.Result install = as(onHdfs, "alice", "package", "install", "kv", "--role", "prod", "--id", "store1", "--dir", "apps",
        "--set", "port=" + port);
    assertThat(install.exit()).as(install.toString()).isZero();
    Map<String, String> tree = Trees.snapshot(hdfsRoot, p -> p.startsWith("/apps/prod") || "/apps/prod".startsWith(p));
    assertThat(tree.get("/apps/prod")).startsWith("d 770 ").endsWith(":zetaprodapps");
    assertThat(tree.get("/apps/prod/kv/store1")).isEqualTo("d 750 zetasvcprod:zetaprodapps");
    assertThat(tree.get("/apps/prod/kv/store1/conf/kv.properties")).startsWith("f 640 zetasvcprod:zetaprodapps");
    String file = "/authz/apps/prod/kv/store1/conf/kv.properties";
    // HDFS's own checks, with groups from the directory: alice (in zetaprodapps) reads, bob may not.
    String read = asUser("alice", fs -> new String(fs.open(new org.apache.hadoop.fs.Path(file)).readAllBytes()));
    assertThat(read).contains("port");
    Integer listed = asUser("alice", fs -> fs.listStatus(new org.apache.hadoop.fs.Path("/authz/apps/prod")).length);
    assertThat(listed).isEqualTo(1);
    assertThatThrownBy(() -> asUser("bob", fs -> fs.open(new org.apache.hadoop.fs.Path(file)).read()))
        .isInstanceOf(AccessControlException.class).hasMessageContaining("user=bob");
    assertThatThrownBy(() -> asUser("bob", fs -> fs.listStatus(new org.apache.hadoop.fs.Path("/authz/apps/prod"))))
        .isInstanceOf(AccessControlException.class);
    assertThatThrownBy(() -> asUser("bob", fs -> fs.create(new org.apache.hadoop.fs.Path("/authz/apps/prod/planted"))))
        .isInstanceOf(AccessControlException.class);
    FileStatus planted = asUser("alice", fs -> {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path("/authz/apps/prod/alice-was-here");
      fs.create(p).close();
      FileStatus s = fs.getFileStatus(p);
      fs.delete(p, false);
      return s;
    });
    assertThat(planted.getGroup()).isEqualTo("zetaprodapps");
    // And Zeta refuses bob here too.
    Cli.Result bob = as(onHdfs, "bob", "package", "uninstall", "prod/store1");
    assertThat(bob.exit()).as(bob.toString()).isEqualTo(4);
  }

  @Test
  @Order(5)
  void theAuditShowsAlicesSuccessesAndBobsRefusalsAndFilters() {
    JsonNode all = Json.parse(local.ok("cluster", "audit", "--role", "prod", "--json").out(), "audit");
    List<String> lines = new ArrayList<>();
    all.forEach(e -> lines.add(e.get("principal").asText() + " " + e.get("action").asText() + " "
        + e.get("result").asText().split(":")[0]));
    assertThat(lines).contains("root as alice package install ok", "root as alice package start ok",
        "root as bob package install denied", "root as bob package logs denied", "root as bob cluster audit denied");
    all.forEach(e -> assertThat(e.get("role").asText()).isEqualTo("prod"));
    JsonNode bobsInstalls = Json.parse(local.ok("cluster", "audit", "--user", "bob", "--action", "install", "--json").out(), "a");
    assertThat(bobsInstalls).hasSize(1);
    assertThat(bobsInstalls.get(0).get("result").asText()).startsWith("denied: bob may not install in role prod");
    assertThat(Json.parse(local.ok("cluster", "audit", "--since", "1h", "--user", "alice", "--json").out(), "a").size())
        .isGreaterThanOrEqualTo(2);
    assertThat(Json.parse(local.ok("cluster", "audit", "--since", "2099-01-01", "--json").out(), "a")).isEmpty();
    // A member reads its role's audit; bob, not a member, sees only his own entries.
    assertThat(as(local, "alice", "cluster", "audit", "--role", "prod").exit()).isZero();
    JsonNode bobs = Json.parse(as(local, "bob", "cluster", "audit", "--json").out(), "a");
    assertThat(bobs).isNotEmpty();
    // His own entries (his refusals in prod too), and those of his role dev.
    bobs.forEach(e -> assertThat(e.get("principal").asText().endsWith(" bob") || e.get("role").asText().equals("dev"))
        .as(e.toString()).isTrue());
    assertThat(bobs.findValuesAsText("role")).doesNotContain("shared").contains("prod", "dev");
  }

  @Test
  @Order(6)
  void impersonationIsForAdminsAndAuditEntriesCannotBeForged() throws Exception {
    // A package name with a newline, a forged JSON entry and ANSI escapes: one line, escaped everywhere.
    String evil = "kv\n{\"principal\":\"carol\",\"action\":\"package install\",\"result\":\"ok\"}\u001b[2J";
    String before = Trees.read(localRoot, AUDIT);
    Cli.Result bad = as(local, "alice", "package", "stage", evil);
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).doesNotContain("\u001b").doesNotContain("\n{");
    List<String> added = Trees.read(localRoot, AUDIT).substring(before.length()).lines().toList();
    assertThat(added).hasSize(1);
    JsonNode entry = Json.parse(added.get(0), "audit");
    assertThat(entry.get("principal").asText()).isEqualTo("root as alice");
    assertThat(entry.get("target").asText()).isEqualTo(evil);
    String table = local.ok("cluster", "audit", "--limit", "1").out();
    assertThat(table).doesNotContain("\u001b").contains("\\x1b").hasLineCount(2);
  }
}
