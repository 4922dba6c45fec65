package io.zeta.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mustachejava.MustacheException;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns {@link PackageFiles} into a {@link PackageDefinition}, checking each file against
 * Universe's own schemas (packaging 2.0 to 5.0) and zeta.json against Zeta's. Reports every
 * problem found, each with its file and JSON pointer.
 */
public final class PackageLoader {
  static final Set<String> UNIVERSE_FILES = Set.of(PackageFiles.PACKAGE, PackageFiles.CONFIG,
      PackageFiles.RESOURCE, PackageFiles.COMMAND, PackageFiles.MARATHON);
  public static final List<String> PACKAGING_VERSIONS = List.of("2.0", "3.0", "4.0", "5.0");

  private PackageLoader() {}

  public static PackageDefinition load(PackageFiles files, int releaseVersion, URI location, String sourceUri) {
    List<PackageProblem> problems = new ArrayList<>();
    for (String path : files.files().keySet()) {
      PackageFiles.pathProblem(path).ifPresent(why -> problems.add(new PackageProblem(files.describe(path), "", why)));
    }
    Optional<ObjectNode> pkg = parseObject(files, PackageFiles.PACKAGE, problems);
    if (!files.has(PackageFiles.PACKAGE)) {
      problems.add(new PackageProblem(files.describe(PackageFiles.PACKAGE), "", "missing: every package needs a package.json"));
    }
    Optional<ObjectNode> config = parseObject(files, PackageFiles.CONFIG, problems);
    Optional<ObjectNode> resource = parseObject(files, PackageFiles.RESOURCE, problems);
    Optional<ObjectNode> command = parseObject(files, PackageFiles.COMMAND, problems);
    Optional<ObjectNode> zetaJson = parseObject(files, PackageFiles.ZETA, problems);
    Optional<String> template = files.text(PackageFiles.MARATHON);
    if (releaseVersion < 0) {
      problems.add(new PackageProblem(files.origin(), "", "releaseVersion must be a non-negative integer, found " + releaseVersion));
    }

    String packaging = pkg.map(p -> p.path("packagingVersion").asText(null)).orElse(null);
    if (pkg.isPresent()) {
      if (packaging == null) {
        problems.add(new PackageProblem(files.describe(PackageFiles.PACKAGE), "/packagingVersion",
            "missing; Zeta reads packagingVersion " + String.join(", ", PACKAGING_VERSIONS)));
      } else if (!PACKAGING_VERSIONS.contains(packaging)) {
        problems.add(new PackageProblem(files.describe(PackageFiles.PACKAGE), "/packagingVersion",
            "unknown packagingVersion \"" + packaging + "\"; Zeta reads " + String.join(", ", PACKAGING_VERSIONS)));
        packaging = null;
      } else {
        check(files, PackageFiles.PACKAGE, Schemas.packageSchema(packaging), pkg.get(), problems);
      }
      JsonNode version = pkg.get().path("version");
      if (version.isTextual()) {
        versionProblem(version.asText()).ifPresent(why ->
            problems.add(new PackageProblem(files.describe(PackageFiles.PACKAGE), "/version", why)));
      }
    }
    config.ifPresent(c -> {
      check(files, PackageFiles.CONFIG, Schemas.CONFIG, c, problems);
      try {
        JsonSchema.compile(c, files.describe(PackageFiles.CONFIG));
      } catch (ZetaException e) {
        problems.add(new PackageProblem(files.describe(PackageFiles.CONFIG), "", e.getMessage()));
      }
    });
    if (packaging != null) {
      String pv = packaging;
      resource.ifPresent(r -> check(files, PackageFiles.RESOURCE,
          pv.equals("2.0") ? Schemas.RESOURCE_V2 : Schemas.RESOURCE_V3, r, problems));
      if (command.isPresent()) {
        if (pv.equals("2.0") || pv.equals("3.0")) {
          check(files, PackageFiles.COMMAND, Schemas.COMMAND, command.get(), problems);
        } else {
          problems.add(new PackageProblem(files.describe(PackageFiles.COMMAND), "",
              "command.json is not allowed from packagingVersion 4.0; ship the CLI in resource.json cli.binaries"));
        }
      }
      if (pv.equals("2.0") && template.isEmpty()) {
        problems.add(new PackageProblem(files.describe(PackageFiles.MARATHON), "",
            "missing: packagingVersion 2.0 requires a marathon.json.mustache"));
      }
    }
    template.ifPresent(t -> checkMustache(files, PackageFiles.MARATHON, t, problems));
    Optional<ZetaExtension> zeta = zetaJson.flatMap(z -> checkZeta(files, z, problems));
    zeta.ifPresent(z -> checkSecrets(files, z, config, problems));

    if (!problems.isEmpty()) {
      throw new InvalidPackageException(problems);
    }
    return new PackageDefinition(pkg.orElseThrow(), releaseVersion, config, resource, command, template, zeta,
        files, location, sourceUri);
  }

  private static Optional<ZetaExtension> checkZeta(PackageFiles files, ObjectNode node, List<PackageProblem> problems) {
    int before = problems.size();
    check(files, PackageFiles.ZETA, Schemas.ZETA, node, problems);
    if (problems.size() > before) {
      return Optional.empty();
    }
    ZetaExtension zeta = ZetaExtension.fromJson(node);
    for (int i = 0; i < zeta.configFiles().size(); i++) {
      ZetaExtension.ConfigFile f = zeta.configFiles().get(i);
      String pointer = "/configFiles/" + i;
      f.template().ifPresent(t -> {
        if (!files.has(t)) {
          problems.add(new PackageProblem(files.describe(PackageFiles.ZETA), pointer + "/template",
              "template file " + t + " is not in the package"));
        } else {
          checkMustache(files, t, files.text(t).orElseThrow(), problems);
        }
      });
      f.content().ifPresent(c -> checkMustache(files, PackageFiles.ZETA + pointer + "/content", c, problems));
    }
    for (int i = 0; i < zeta.apps().size(); i++) {
      String t = zeta.apps().get(i).template();
      if (!files.has(t)) {
        problems.add(new PackageProblem(files.describe(PackageFiles.ZETA), "/apps/" + i + "/template",
            "template file " + t + " is not in the package"));
      } else {
        checkMustache(files, t, files.text(t).orElseThrow(), problems);
      }
    }
    for (int i = 0; i < zeta.apps().size(); i++) {
      ZetaExtension.App app = zeta.apps().get(i);
      String pointer = "/apps/" + i + "/copies";
      app.copies().ifPresent(c -> checkMustache(files, PackageFiles.ZETA + pointer, c, problems));
    }
    zeta.env().forEach((name, value) -> {
      checkMustache(files, PackageFiles.ZETA + "/env/" + name + " (name)", name, problems);
      checkMustache(files, PackageFiles.ZETA + "/env/" + name, value, problems);
    });
    checkReserved(files, zeta, problems);
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < zeta.apps().size(); i++) {
      if (!names.add(zeta.apps().get(i).name())) {
        problems.add(new PackageProblem(files.describe(PackageFiles.ZETA), "/apps/" + i + "/name",
            "duplicate app name " + zeta.apps().get(i).name()));
      }
    }
    return Optional.of(zeta);
  }

  /** Config files and directories may not take the names Zeta writes in a home. */
  private static void checkReserved(PackageFiles files, ZetaExtension zeta, List<PackageProblem> problems) {
    for (int i = 0; i < zeta.configFiles().size(); i++) {
      int n = i;
      ReservedNames.reason(zeta.configFiles().get(i).target()).ifPresent(why -> problems.add(new PackageProblem(
          files.describe(PackageFiles.ZETA), "/configFiles/" + n + "/target", why)));
    }
    for (int i = 0; i < zeta.directories().size(); i++) {
      int n = i;
      ReservedNames.reason(zeta.directories().get(i).path()).ifPresent(why -> problems.add(new PackageProblem(
          files.describe(PackageFiles.ZETA), "/directories/" + n + "/path", why)));
    }
  }

  /** Each secret zeta.json names must be a property of config.json: a typo would leave a password in the open. */
  private static void checkSecrets(PackageFiles files, ZetaExtension zeta, Optional<ObjectNode> config,
      List<PackageProblem> problems) {
    for (int i = 0; i < zeta.secrets().size(); i++) {
      String dotted = zeta.secrets().get(i);
      com.fasterxml.jackson.databind.JsonNode node = config.map(c -> (com.fasterxml.jackson.databind.JsonNode) c)
          .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
      for (String segment : dotted.split("\\.", -1)) {
        node = node.path("properties").path(segment);
      }
      if (!node.isObject()) {
        problems.add(new PackageProblem(files.describe(PackageFiles.ZETA), "/secrets/" + i,
            "secret option " + dotted + " is not a property of config.json"));
      }
    }
  }

  private static Optional<ObjectNode> parseObject(PackageFiles files, String path, List<PackageProblem> problems) {
    Optional<byte[]> bytes = files.get(path);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.parseUntrustedObject(bytes.get(), files.describe(path)));
    } catch (ZetaException e) {
      problems.add(new PackageProblem(files.describe(path), "", stripSource(e.getMessage(), files.describe(path))));
      return Optional.empty();
    }
  }

  private static void check(PackageFiles files, String path, JsonSchema schema, JsonNode node, List<PackageProblem> problems) {
    for (SchemaViolation v : schema.validate(node)) {
      problems.add(new PackageProblem(files.describe(path), v.pointer(), v.message()));
    }
  }

  private static void checkMustache(PackageFiles files, String path, String template, List<PackageProblem> problems) {
    if (template.length() > Json.Limits.MAX_PACKAGE_FILE_BYTES) {
      problems.add(new PackageProblem(files.describe(path), "", "template of " + template.length()
          + " characters; at most " + Json.Limits.MAX_PACKAGE_FILE_BYTES + " (4 MiB) are read"));
      return;
    }
    try {
      TemplateSyntax.factory().compile(new StringReader(template), path);
    } catch (MustacheException e) {
      Optional<TemplateSyntax.PartialRefused> partial = TemplateSyntax.partialIn(e);
      problems.add(new PackageProblem(files.describe(path), "", partial.isPresent() ? partial.get().getMessage()
          : "not a valid mustache template: " + mustacheReason(e)));
    }
  }

  /** The longest package version Zeta accepts (it names a directory of every stage). */
  public static final int MAX_VERSION_LENGTH = 128;

  /**
   * Why a package version cannot be used, if it cannot: it names the stage directory, so it must
   * start with a letter or digit (a leading dot would make it one of Zeta's temporary or hidden
   * entries) and hold no path separator or control character.
   */
  public static Optional<String> versionProblem(String version) {
    if (version.isEmpty() || version.length() > MAX_VERSION_LENGTH) {
      return Optional.of("version must be 1 to " + MAX_VERSION_LENGTH + " characters, found " + version.length());
    }
    if (!Character.isLetterOrDigit(version.charAt(0)) || version.charAt(0) > 0x7f) {
      return Optional.of("version must start with a letter or digit (a-z, A-Z, 0-9)");
    }
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (c == '/' || c == '\\') {
        return Optional.of("version may not contain '" + c + "'");
      }
      if (Character.isISOControl(c) || PackageFiles.isFormatControl(c)) {
        return Optional.of("version may not contain control characters");
      }
    }
    return Optional.empty();
  }

  /** mustache.java says "null != a" of a closing tag {{/a}} whose section was never opened. */
  private static String mustacheReason(MustacheException e) {
    return String.valueOf(e.getMessage()).replaceFirst("^Mismatched start/end tags: null != (\\S+) in ",
        "{{/$1}} closes a section that was never opened, in ");
  }

  private static String stripSource(String message, String source) {
    return message.startsWith(source + ": ") ? message.substring(source.length() + 2) : message;
  }

  /** The schemas, compiled once on first use. Universe's come from its repository (see pom.xml). */
  static final class Schemas {
    static final JsonSchema CONFIG = universe("config-schema.json");
    static final JsonSchema RESOURCE_V2 = universe("v2-resource-schema.json");
    static final JsonSchema RESOURCE_V3 = universe("v3-resource-schema.json");
    static final JsonSchema COMMAND = universe("command-schema.json");
    static final JsonSchema ZETA = JsonSchema.compile(resource("/io/zeta/catalog/zeta-schema.json"), "zeta-schema.json");
    private static final Map<String, JsonSchema> PACKAGE = Map.of(
        "2.0", packageVersion("v20Package"), "3.0", packageVersion("v30Package"),
        "4.0", packageVersion("v40Package"), "5.0", packageVersion("v50Package"));

    static JsonSchema packageSchema(String packagingVersion) {
      return PACKAGE.get(packagingVersion);
    }

    private static JsonSchema packageVersion(String definition) {
      ObjectNode schema = (ObjectNode) resource(UNIVERSE_META + "package-schema.json");
      schema.remove("oneOf");
      schema.put("$ref", "#/definitions/" + definition);
      return JsonSchema.compile(schema, "package-schema.json#/definitions/" + definition);
    }

    private static JsonSchema universe(String file) {
      return JsonSchema.compile(resource(UNIVERSE_META + file), file);
    }

    static final String UNIVERSE_META = "/io/zeta/catalog/universe-meta/";

    static JsonNode resource(String path) {
      try (InputStream in = PackageLoader.class.getResourceAsStream(path)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + path + ": the build copies Universe's schemas into the jar");
        }
        return Json.parse(in.readAllBytes(), path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
