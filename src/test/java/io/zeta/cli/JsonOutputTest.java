package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command of the tree, run with --json (and -o yaml where it changes nothing) on a real
 * local cluster with a real background agent: its output parses, and every key it uses is in the
 * vocabulary docs/CLI.md documents (camelCase, no synonyms such as pkg or dir). A command added
 * to the tree without a run here fails {@link #everyCommandOfTheTreeIsRun}.
 */
class JsonOutputTest {
  @TempDir
  static Path tmp;
  static Cli cli;
  static String root;

  /** Commands whose whole document is data (a Marathon app): parsed, keys not checked. */
  static final Set<String> OPAQUE_DOCUMENTS = Set.of("package render",
      "package describe"); // Cosmos's describe response: the package's own package.json, config.json, zeta.json
  /** Commands not run, each with why. */
  static final Map<String, String> NOT_RUN = Map.of(
      "agent run", "runs in the foreground until it is stopped; `agent start` runs it and its --json is checked",
      "serve", "serves in the foreground until it is stopped; ServeCommandTest runs it as its own process",
      "role set", "quotas need HDFS (a file: cluster refuses them); HdfsRoleQuotaTest runs it on MiniDFS",
      "user add", "needs a directory (slapd); DirectoryCliTest runs it",
      "user list", "needs a directory (slapd); DirectoryCliTest runs it",
      "user show", "needs a directory (slapd); DirectoryCliTest runs it",
      "user remove", "needs a directory (slapd); DirectoryCliTest runs it",
      "role members add", "needs a directory (slapd); DirectoryCliTest runs it",
      "role members remove", "needs a directory (slapd); DirectoryCliTest runs it");
  /** Keys that other tools (or Zeta before) use for a key of the vocabulary. */
  static final Set<String> SYNONYMS = Set.of("pkg", "dir", "appIds", "packageName", "roleName", "instanceId", "user",
      "command", "status", "base", "app_id");

  /** Runs in order: each is the command (its qualified name without `zeta `) and its arguments. */
  static final List<List<String>> RUNS = new ArrayList<>();
  static final Map<String, JsonNode> OUTPUTS = new LinkedHashMap<>();
  static final Map<String, String> ERRORS = new LinkedHashMap<>();

  @BeforeAll
  static void runEveryCommand() {
    root = tmp.resolve("cluster").toUri().toString();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root);
    String packages = Path.of("packages").toAbsolutePath().toString();
    run("version");
    run("completion", "bash");
    run("cluster init", "--root", root, "--name", "keys");
    run("package repo add", "zeta", packages);
    run("package repo list");
    run("package repo check", packages);
    run("package search", "hello");
    run("package describe", "hello");
    run("package list-versions", "hello");
    run("package render", "hello");
    run("role add", "team1");
    run("role list");
    run("package stage", "hello");
    run("package install", "hello", "-r", "team1", "--id", "web");
    run("package status");
    run("package status", "hello");
    run("package status", "team1/web");
    run("package describe", "team1/web");
    run("package diff", "team1/web");
    run("package history", "team1/web");
    run("package export", "hello", "--to", tmp.resolve("export").toString());
    run("package gaps", "hello");
    run("package repo index", packages, "--out", tmp.resolve("repo.json").toString());
    run("package install", "hello", "-r", "team1", "--id", "plan", "--dry-run");
    run("package list");
    run("cluster info");
    run("cluster capabilities");
    run("cluster doctor");
    run("cluster list");
    run("cluster set", "--scheduler", "local");
    run("cluster init", "--root", tmp.resolve("other").toUri().toString(), "--name", "other");
    run("cluster use", "keys");
    run("cluster remove", "other");
    run("registry status");
    run("registry start");
    run("registry stop");
    run("cluster set", "--image-mirror", "docker.io=http://127.0.0.1:9");
    run("agent start");
    run("agent status");
    run("package start", "team1/web");
    run("package scale", "team1/web", "1");
    run("package restart", "team1/web");
    run("package upgrade", "team1/web", "--set", "greeting=Hi");
    run("package rollback", "team1/web");
    run("package logs", "team1/web");
    run("package deployments");
    run("package stop", "team1/web");
    run("package uninstall", "team1/web", "--dry-run");
    run("package uninstall", "team1/web");
    run("package unstage", "hello", "--yes");
    run("role add", "team2");
    run("role remove", "team2", "--yes");
    run("cluster audit");
    run("package repo remove", "zeta");
    run("agent stop");
    // Its own user (no ZETA_CLUSTER): quickstart acts on the local cluster of the Zeta home.
    Cli keysCli = cli;
    cli = new Cli(tmp.resolve("home"), tmp);
    run("quickstart", "--timeout", "60");
    run("agent stop");
    run("registry stop");
    cli = keysCli;
  }

  private static void run(String command, String... args) {
    List<String> argv = new ArrayList<>(List.of(command.split(" ")));
    argv.addAll(List.of(args));
    RUNS.add(argv);
    argv.add("--json");
    long t0 = System.nanoTime();
    Cli.Result r = cli.run(argv.toArray(String[]::new));
    System.err.println("TIMING " + String.join(" ", argv) + " " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertThat(r.exit()).as(String.join(" ", argv) + "\n" + r).isZero();
    OUTPUTS.put(String.join(" ", argv), Json.parse(r.out(), String.join(" ", argv)));
    ERRORS.put(String.join(" ", argv), r.err());
  }

  @AfterAll
  static void stopAgents() throws IOException {
    Path agents = tmp.resolve("home").resolve("agents");
    if (Files.isDirectory(agents)) {
      try (Stream<Path> dirs = Files.list(agents)) {
        dirs.forEach(AgentProcesses::cleanUp);
      }
    }
  }

  @Test
  void everyCommandOfTheTreeIsRun() {
    Set<String> leaves = new TreeSet<>();
    CommandLine full = CommandTree.full(new ZetaCommand(quietEnv()));
    collectLeaves(full, leaves);
    Set<String> run = new TreeSet<>();
    RUNS.forEach(a -> run.add(commandOf(full, a)));
    run.addAll(NOT_RUN.keySet());
    assertThat(run).as("commands run with --json here (add a run for a new command)").containsAll(leaves);
  }

  @Test
  void everyKeyIsInTheDocumentedVocabulary() throws IOException {
    Set<String> vocabulary = documented("json-keys");
    Set<String> opaque = documented("json-opaque");
    assertThat(vocabulary).containsAll(opaque);
    assertThat(vocabulary).contains("role", "id", "package", "version", "baseDir", "home", "state", "apps", "revision",
        "principal", "action", "target", "result").doesNotContainAnyElementsOf(SYNONYMS);
    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    OUTPUTS.forEach((command, doc) -> {
      assertThat(doc.isObject() || doc.isArray()).as(command).isTrue();
      if (OPAQUE_DOCUMENTS.stream().anyMatch(command::startsWith)) {
        return;
      }
      Set<String> keys = new LinkedHashSet<>();
      keys(doc, opaque, keys);
      for (String key : keys) {
        if (!vocabulary.contains(key) || !key.matches("^[a-z][a-zA-Z0-9]*$")) {
          unknown.computeIfAbsent(command, c -> new TreeSet<>()).add(key);
        }
      }
    });
    assertThat(unknown).as("keys not in docs/CLI.md's vocabulary").isEmpty();
  }

  @Test
  void theSameKeysNameTheSameThingsEverywhere() {
    JsonNode installed = output("package install");
    JsonNode listed = output("package list").get("instances").get(0);
    JsonNode status = output("package status team1/web");
    for (String key : List.of("role", "id", "package", "version", "baseDir", "home")) {
      assertThat(installed.get(key)).as(key).isEqualTo(listed.get(key)).isEqualTo(status.get(key));
    }
    assertThat(installed.get("package").asText()).isEqualTo("hello");
    assertThat(installed.get("apps").toString()).isEqualTo("[\"/team1/web\"]");
    assertThat(installed.get("action").asText()).isEqualTo("package install");
    assertThat(installed.get("target").asText()).isEqualTo("team1/web");
    assertThat(installed.get("result").asText()).isEqualTo("ok");
    JsonNode audit = output("cluster audit");
    JsonNode installLine = null;
    for (JsonNode e : audit) {
      if (e.get("action").asText().equals("package install")) {
        installLine = e;
      }
    }
    assertThat(installLine).isNotNull();
    assertThat(installLine.get("target").asText()).isEqualTo("team1/web");
    assertThat(installLine.get("principal").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(output("role list").get("roles").findValuesAsText("role")).contains("shared", "team1");
    assertThat(output("package search").get("packages").get(0).get("package").asText()).isEqualTo("hello");
  }

  @Test
  void quickstartSaysItSwitchedTheCurrentCluster() {
    String steps = ERRORS.entrySet().stream().filter(e -> e.getKey().startsWith("quickstart ")).findFirst().orElseThrow()
        .getValue();
    assertThat(steps).contains("quickstart: switched the current cluster from keys (" + root.replaceAll("/+$", "")
        + ") to local");
    assertThat(output("quickstart").get("switchedFrom").asText()).isEqualTo(root.replaceAll("/+$", ""));
    assertThat(output("cluster use").get("switchedFrom").asText()).endsWith("/other");
  }

  @Test
  void yamlIsTheSameTreeAsJson() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    String packages = Path.of("packages").toAbsolutePath().toString();
    for (String[] read : List.of(new String[] {"package", "status", "team1/web"}, new String[] {"role", "list"},
        new String[] {"package", "search", "hello", "--repo", packages}, new String[] {"cluster", "audit"},
        new String[] {"package", "describe", "hello", "--repo", packages})) {
      JsonNode json = Json.parse(cli.ok(with(read, "-o", "json")).out(), "json");
      String text = cli.ok(with(read, "-o", "yaml")).out();
      try {
        // As text: YAML reads 0.1 as a double, Zeta's JSON mapper as a decimal.
        assertThat(Json.compact(yaml.readTree(text))).as(String.join(" ", read) + "\n" + text).isEqualTo(Json.compact(json));
      } catch (IOException e) {
        throw new AssertionError(String.join(" ", read) + ": not YAML\n" + text, e);
      }
      assertThat(cli.ok(with(read, "--json")).out()).isEqualTo(cli.ok(with(read, "-o", "json")).out());
    }
  }

  @Test
  void errorsUnderJsonAreJsonOnStderr() {
    Cli.Result refused = cli.run("package", "status", "team1/nosuch", "--json");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    JsonNode error = Json.parse(refused.err(), "error").get("error");
    assertThat(error.get("message").asText()).contains("team1/nosuch");
    assertThat(error.get("hint").asText()).isNotEmpty();
    assertThat(error.get("exitCode").asInt()).isEqualTo(1);

    Cli.Result usage = cli.run("package", "list", "-o", "json", "--no-such-flag");
    assertThat(usage.exit()).isEqualTo(2);
    JsonNode usageError = Json.parse(usage.err(), "usage error").get("error");
    assertThat(usageError.get("message").asText()).contains("--no-such-flag");
    assertThat(usageError.get("hint").asText()).contains("zeta package list --help");
    assertThat(usageError.get("exitCode").asInt()).isEqualTo(2);

    Cli.Result yamlError = cli.run("package", "status", "team1/nosuch", "-o", "yaml");
    assertThat(yamlError.err()).startsWith("error:").contains("exitCode: 1");
    // Without -o json the error stays a line for people.
    assertThat(cli.run("package", "status", "team1/nosuch").err()).startsWith("zeta: no instance team1/nosuch");
  }

  @Test
  void wideAddsColumns() {
    cli.ok("package", "install", "hello", "-r", "team1", "--id", "wide", "--stage", "--repo",
        Path.of("packages").toAbsolutePath().toString());
    String table = cli.ok("package", "list").out();
    String wide = cli.ok("package", "list", "-o", "wide").out();
    assertThat(table.lines().findFirst().orElseThrow()).doesNotContain("BASE DIR");
    assertThat(wide.lines().findFirst().orElseThrow()).contains("BASE DIR");
    assertThat(wide).contains(" apps ");
    cli.ok("package", "uninstall", "team1/wide", "--purge", "--yes");
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static JsonNode output(String prefix) {
    return OUTPUTS.entrySet().stream().filter(e -> e.getKey().startsWith(prefix + " ")).findFirst().orElseThrow()
        .getValue();
  }

  private static String commandOf(CommandLine full, List<String> argv) {
    StringBuilder name = new StringBuilder();
    CommandLine at = full;
    for (String a : argv) {
      CommandLine sub = at.getSubcommands().get(a);
      if (sub == null) {
        break;
      }
      name.append(name.length() == 0 ? "" : " ").append(a);
      at = sub;
    }
    return name.toString();
  }

  private static void collectLeaves(CommandLine cli, Set<String> leaves) {
    if (cli.getSubcommands().isEmpty()) {
      leaves.add(cli.getCommandSpec().qualifiedName().replaceFirst("^zeta ", ""));
    }
    cli.getSubcommands().values().forEach(sub -> collectLeaves(sub, leaves));
  }

  private static void keys(JsonNode node, Set<String> opaque, Set<String> into) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        into.add(e.getKey());
        if (!opaque.contains(e.getKey())) {
          keys(e.getValue(), opaque, into);
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> keys(n, opaque, into));
    }
  }

  /** The keys of a table in docs/CLI.md between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->}. */
  static Set<String> documented(String name) throws IOException {
    String doc = Files.readString(Path.of("docs/CLI.md"));
    int from = doc.indexOf("<!-- " + name + ":begin -->");
    int to = doc.indexOf("<!-- " + name + ":end -->");
    assertThat(from).as(name + " in docs/CLI.md").isNotNegative();
    Set<String> keys = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(doc.substring(from, to));
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  private static ZetaEnv quietEnv() {
    return new ZetaEnv(Map.of(), tmp, tmp, tmp, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        false);
  }
}
