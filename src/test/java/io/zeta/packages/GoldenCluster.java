package io.zeta.packages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import io.zeta.testing.Cli;
import io.zeta.testing.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A local cluster made through the CLI the way an administrator makes one for the ported packages:
 * {@code cluster init --name mycluster --mount /mapr/mycluster --scheduler http://marathon.mesos:8080
 * --capability docker}, role {@code prod}, the project's repository {@code packages/}, packages
 * staged from a mirror of small fake artifacts (installs never contact the scheduler). Then reads
 * what an install wrote, for comparison with the hand-written expectations in
 * {@code src/test/resources/golden/<pkg>/}:
 * <ul>
 *   <li>{@code files/<target>}: each rendered config file, byte for byte;</li>
 *   <li>{@code env.sh}: the role env file {@code zeta/kstore/env/env_<role>/<pkg>_<id>.sh};</li>
 *   <li>{@code marathon.json}, or {@code apps/<name>.json} for each app of a multi-app instance:
 *       compared as JSON trees (key order and 1 vs 1.0 ignored) without the labels Zeta adds
 *       ({@code DCOS_PACKAGE_*}, {@code ZETA_*}).</li>
 * </ul>
 * In expected files {@code @ROOT@} stands for the cluster root URI (a temporary directory), the
 * only part of a render that is not fixed by the answers.
 */
final class GoldenCluster {
  static final Path PACKAGES = Path.of("packages").toAbsolutePath();
  static final Path GOLDEN = Path.of("src/test/resources/golden").toAbsolutePath();
  static final String NAME = "mycluster";
  static final String MOUNT = "/mapr/mycluster";
  private static final String MARATHON_SCHEMA = "/io/zeta/scheduler/marathon-schema/AppDefinition.json";
  private static JsonSchema marathonSchema;

  private final Path tmp;
  private final Path root;
  private final String rootUri;
  private final Path mirror;
  private final Cli cli;

  private GoldenCluster(Path tmp) {
    this.tmp = tmp;
    this.root = tmp.resolve("root");
    this.mirror = tmp.resolve("mirror");
    this.cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toUri().toString());
    ok("cluster", "init", "--root", root.toUri().toString(), "--name", NAME, "--mount", MOUNT,
        "--scheduler", "http://marathon.mesos:8080", "--capability", "docker");
    ok("role", "add", "prod");
    ok("package", "repo", "add", "zeta", PACKAGES.toString());
    this.rootUri = Json.parse(ok("cluster", "info", "--json").out(), "cluster info").get("root").asText()
        .replaceAll("/+$", "");
  }

  /** A new cluster in {@code tmp}: init, role prod, repository packages/. */
  static GoldenCluster create(Path tmp) {
    return new GoldenCluster(tmp);
  }

  Cli.Result ok(String... args) {
    return cli.ok(args);
  }

  Cli.Result run(String... args) {
    return cli.run(args);
  }

  /** Stages a package from a mirror holding one small fake file per artifact, named as the artifact's URL names it. */
  void stage(String pkg) {
    try {
      Files.createDirectories(mirror);
      for (String file : artifactFileNames(pkg)) {
        io.zeta.testing.FakeArtifacts.write(mirror.resolve(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ok("package", "stage", pkg, "--mirror", mirror.toString());
  }

  /** The file names of a package's artifacts (zeta.json artifacts and resource.json assets.uris). */
  static List<String> artifactFileNames(String pkg) {
    Path dir = packageDir(pkg);
    List<String> names = new ArrayList<>();
    try {
      if (Files.exists(dir.resolve("zeta.json"))) {
        Json.parse(Files.readString(dir.resolve("zeta.json")), "zeta.json").path("artifacts").forEach(a -> names.add(lastSegment(a.get("url").asText())));
      }
      if (Files.exists(dir.resolve("resource.json"))) {
        Json.parse(Files.readString(dir.resolve("resource.json")), "resource.json").path("assets").path("uris")
            .forEach(u -> names.add(lastSegment(u.asText())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static String lastSegment(String url) {
    String path = URI.create(url).getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static Path packageDir(String pkg) {
    return PACKAGES.resolve(pkg.substring(0, 1).toUpperCase()).resolve(pkg).resolve("0");
  }

  /** Installs with explicit {@code --set} answers (no --dir: the package's recommended base dir). */
  Cli.Result install(String pkg, String role, String id, String... sets) {
    List<String> args = new ArrayList<>(List.of("package", "install", pkg, "--role", role, "--id", id));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return ok(args.toArray(String[]::new));
  }

  /** The instance record an install wrote. */
  JsonNode record(String role, String id) {
    JsonNode status = Json.parse(ok("package", "status", role + "/" + id, "--json").out(), "status");
    return Json.parse(read(status.get("home").asText() + "/instance.json"), "instance.json");
  }

  String home(String role, String id) {
    return Json.parse(ok("package", "status", role + "/" + id, "--json").out(), "status").get("home").asText();
  }

  /** A file of the cluster, by cluster path. */
  String read(String clusterPath) {
    try {
      return Files.readString(root.resolve(clusterPath.substring(1)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(clusterPath, e);
    }
  }

  Path local(String clusterPath) {
    return root.resolve(clusterPath.substring(1));
  }

  String rootUri() {
    return rootUri;
  }

  /** An expected file, with {@code @ROOT@} replaced by the cluster root URI. */
  String expected(String pkg, String relative) {
    try {
      return Files.readString(GOLDEN.resolve(pkg).resolve(relative), StandardCharsets.UTF_8).replace("@ROOT@", rootUri);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The expected config files of a package, by target path relative to the instance home. */
  static List<String> expectedConfigFiles(String pkg) {
    Path files = GOLDEN.resolve(pkg).resolve("files");
    if (!Files.isDirectory(files)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(files)) {
      return walk.filter(Files::isRegularFile).map(p -> files.relativize(p).toString().replace('\\', '/')).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The installed app(s) by name: "" for a single-app instance, else each app's name. */
  Map<String, ObjectNode> apps(String role, String id) {
    ObjectNode marathon = (ObjectNode) Json.parse(read(home(role, id) + "/marathon.json"), "marathon.json");
    Map<String, ObjectNode> out = new TreeMap<>();
    if (marathon.has("apps")) {
      for (JsonNode app : marathon.get("apps")) {
        String appId = app.get("id").asText();
        out.put(appId.substring(appId.lastIndexOf('/') + 1), (ObjectNode) app);
      }
    } else {
      out.put("", marathon);
    }
    return out;
  }

  /** The app without the labels Zeta adds (DCOS_PACKAGE_*, ZETA_*). */
  static ObjectNode withoutZetaLabels(ObjectNode app) {
    ObjectNode copy = app.deepCopy();
    JsonNode labels = copy.get("labels");
    if (labels instanceof ObjectNode l) {
      for (Iterator<String> it = l.fieldNames(); it.hasNext();) {
        String k = it.next();
        if (k.startsWith("DCOS_PACKAGE_") || k.startsWith("ZETA_")) {
          it.remove();
        }
      }
    }
    return copy;
  }

  static void assertSameApp(ObjectNode expected, ObjectNode actualApp, String what) {
    ObjectNode actual = withoutZetaLabels(actualApp);
    assertThat(JsonTrees.same(expected, actual))
        .as("%s%n--- expected%n%s%n--- actual%n%s", what, Json.pretty(expected), Json.pretty(actual)).isTrue();
  }

  static List<SchemaViolation> marathonViolations(JsonNode app) {
    if (marathonSchema == null) {
      try (InputStream in = GoldenCluster.class.getResourceAsStream(MARATHON_SCHEMA)) {
        assertThat(in).as("Marathon's schema on the classpath at " + MARATHON_SCHEMA).isNotNull();
        marathonSchema = JsonSchema.compile(Json.parse(in.readAllBytes(), "AppDefinition.json"), "AppDefinition.json");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return marathonSchema.validate(app);
  }
}
