package io.zeta.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Zeta extension of a Universe package ({@code zeta.json}): what a package needs from a
 * cluster with shared storage and how its instances are laid out there. Documented in
 * docs/PACKAGE-FORMAT.md; its schema is {@code zeta-schema.json} next to this class.
 */
public record ZetaExtension(
    List<String> requires,
    InstancePolicy instancePolicy,
    String recommendedBaseDir,
    List<Directory> directories,
    List<ConfigFile> configFiles,
    Map<String, String> env,
    List<String> ownEnv,
    Map<String, Artifact> artifacts,
    List<App> apps,
    List<String> secrets,
    Map<String, Image> images) {

  /** A package without zeta.json behaves as this: no requirements, many instances, base dir apps. */
  public static final ZetaExtension DEFAULT =
      new ZetaExtension(List.of(), InstancePolicy.MANY_PER_ROLE, "apps", List.of(), List.of(), Map.of(), List.of(), Map.of(),
          List.of(), List.of(), Map.of());

  public ZetaExtension {
    requires = List.copyOf(requires);
    directories = List.copyOf(directories);
    configFiles = List.copyOf(configFiles);
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    ownEnv = List.copyOf(ownEnv);
    artifacts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
    apps = List.copyOf(apps);
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    images = images == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
  }

  /**
   * An image the package runs, staged into the cluster registry as {@code <pkg>/<name>}: copied
   * {@code from} a reference (optionally pinned to {@code digest}), or built from a Containerfile
   * in the package ({@code containerfile}, {@code context}: package paths; {@code buildArgs};
   * {@code network}: {@code none}, or {@code host} for RUN steps that fetch packages).
   */
  public record Image(String name, Optional<String> from, Optional<String> digest, Optional<String> containerfile,
      Optional<String> context, Map<String, String> buildArgs, String network) {
    public Image {
      buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(buildArgs));
      network = network == null ? "none" : network;
    }

    /** Whether its build's RUN steps get the host's network. */
    public boolean hostNetwork() {
      return network.equals("host");
    }

    public boolean built() {
      return containerfile.isPresent();
    }
  }

  /** A directory of the instance home. Persistent ones hold data and survive uninstall. */
  public record Directory(String path, int mode, boolean persistent, String description) {}

  /** A file rendered from a mustache template of the package (or inline content) into the instance home. */
  public record ConfigFile(Optional<String> template, Optional<String> content, String target, int mode) {}

  /** A file staged with the package and fetched by executors from shared storage. */
  public record Artifact(String alias, String url, Optional<String> sha256, Optional<Long> size, boolean executable,
      boolean extract) {}

  /**
   * One scheduler app of a multi-app instance, started in list order. With {@code copies} the
   * template is rendered once per copy, as {@code <name>1..<name>N} (one app per node).
   */
  public record App(String name, String template, Optional<String> copies) {}

  public boolean multiApp() {
    return !apps.isEmpty();
  }

  /** Reads a zeta.json tree that already passed the schema. */
  static ZetaExtension fromJson(JsonNode node) {
    List<String> requires = new ArrayList<>();
    node.path("requires").forEach(n -> requires.add(n.asText()));
    List<Directory> dirs = new ArrayList<>();
    node.path("directories").forEach(n -> dirs.add(new Directory(
        n.path("path").asText(),
        parseMode(n.path("mode").asText("0750")),
        n.path("persistent").asBoolean(false),
        n.path("description").asText(""))));
    List<ConfigFile> files = new ArrayList<>();
    node.path("configFiles").forEach(n -> files.add(new ConfigFile(
        optionalText(n, "template"),
        optionalText(n, "content"),
        n.path("target").asText(),
        parseMode(n.path("mode").asText("0640")))));
    Map<String, String> env = new LinkedHashMap<>();
    node.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    List<String> ownEnv = new ArrayList<>();
    node.path("ownEnv").forEach(n -> ownEnv.add(n.asText()));
    Map<String, Artifact> artifacts = new LinkedHashMap<>();
    node.path("artifacts").fields().forEachRemaining(e -> {
      JsonNode a = e.getValue();
      artifacts.put(e.getKey(), new Artifact(
          e.getKey(),
          a.path("url").asText(),
          optionalText(a, "sha256").map(s -> s.toLowerCase(java.util.Locale.ROOT)),
          a.has("size") ? Optional.of(a.get("size").asLong()) : Optional.empty(),
          a.path("executable").asBoolean(false),
          a.path("extract").asBoolean(true)));
    });
    List<App> apps = new ArrayList<>();
    node.path("apps").forEach(n -> apps.add(new App(
        n.path("name").asText(),
        n.path("template").asText(),
        n.has("copies") ? Optional.of(n.get("copies").asText()) : Optional.empty())));
    List<String> secrets = new ArrayList<>();
    node.path("secrets").forEach(n -> secrets.add(n.asText()));
    Map<String, Image> images = new LinkedHashMap<>();
    node.path("images").fields().forEachRemaining(e -> {
      JsonNode i = e.getValue();
      JsonNode b = i.path("build");
      Map<String, String> args = new LinkedHashMap<>();
      b.path("args").fields().forEachRemaining(a -> args.put(a.getKey(), a.getValue().asText()));
      images.put(e.getKey(), new Image(e.getKey(), optionalText(i, "from"), optionalText(i, "digest"),
          b.isObject() ? Optional.of(b.path("containerfile").asText("Dockerfile")) : Optional.empty(),
          b.isObject() ? Optional.of(b.path("context").asText(".")) : Optional.empty(), args,
          b.path("network").asText("none")));
    });
    return new ZetaExtension(
        requires,
        InstancePolicy.of(node.path("instancePolicy").asText("many-per-role")),
        node.path("recommendedBaseDir").asText("apps"),
        dirs, files, env, ownEnv, artifacts, apps, secrets, images);
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  /** Modes are written as octal strings ("0750") so that they read as they do in chmod. */
  static int parseMode(String octal) {
    return Integer.parseInt(octal, 8);
  }
}
