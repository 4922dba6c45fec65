package io.zeta.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Universe repository index, {@code {"packages": [...]}} (repo formats v3, v4 and v5): each
 * entry is package.json plus releaseVersion, config, resource, command and the base64 template in
 * {@code marathon.v2AppMustacheTemplate}. Each entry is split back into package files and checked
 * like a package directory, so both kinds of repository obey the same rules.
 */
public final class IndexRepository implements PackageRepository {
  /** Keys of an index entry that are not package.json fields. */
  private static final Set<String> ENTRY_KEYS = Set.of("releaseVersion", "config", "resource", "command", "marathon",
      "zeta", "zetaFiles", "pip");

  private final String name;
  private final String uri;
  private final List<PackageListing> listing = new ArrayList<>();
  private final Map<String, PackageDefinition> definitions = new HashMap<>();

  private IndexRepository(String name, String uri) {
    this.name = name;
    this.uri = uri;
  }

  /** Reads an index document. {@code location} is what relative artifact URLs resolve against. */
  public static IndexRepository parse(String name, String uri, URI location, byte[] document) {
    JsonNode root = Json.parse(document, uri);
    if (!root.isObject() || !root.path("packages").isArray()) {
      throw new ZetaException(uri + ": not a Universe repository index: expected an object with a \"packages\" array");
    }
    IndexRepository repo = new IndexRepository(name, uri);
    JsonNode entries = root.get("packages");
    for (int i = 0; i < entries.size(); i++) {
      repo.add(i, entries.get(i), location);
    }
    return repo;
  }

  private void add(int index, JsonNode entry, URI location) {
    String origin = uri + "#/packages/" + index;
    if (!entry.isObject()) {
      broken(null, null, null, new PackageProblem(origin, "", "expected a package object, found " + Json.typeName(entry)));
      return;
    }
    String pkgName = entry.path("name").isTextual() ? entry.get("name").asText() : null;
    String pkgVersion = entry.path("version").isTextual() ? entry.get("version").asText() : null;
    JsonNode release = entry.get("releaseVersion");
    if (release == null || !release.canConvertToExactIntegral() || release.asLong() < 0 || release.asLong() > Integer.MAX_VALUE) {
      broken(pkgName, pkgVersion, null, new PackageProblem(origin, "/releaseVersion", "must be a non-negative integer"));
      return;
    }
    try {
      PackageDefinition def = PackageLoader.load(toFiles(origin, (ObjectNode) entry), release.asInt(), location, uri);
      String key = def.name() + "\0" + def.releaseVersion();
      if (definitions.containsKey(key)) {
        broken(pkgName, pkgVersion, release.asInt(), new PackageProblem(origin, "/releaseVersion",
            "duplicate release " + def.releaseVersion() + " of " + def.name() + "; the first one is used"));
        return;
      }
      definitions.put(key, def);
      listing.add(PackageListing.valid(def.summary(name)));
    } catch (InvalidPackageException e) {
      listing.add(new PackageListing(pkgName, pkgVersion, release.asInt(), null, e.problems()));
    } catch (ZetaException e) {
      broken(pkgName, pkgVersion, release.asInt(), new PackageProblem(origin, "", e.getMessage()));
    }
  }

  private void broken(String pkgName, String pkgVersion, Integer release, PackageProblem problem) {
    listing.add(new PackageListing(pkgName, pkgVersion, release, null, List.of(problem)));
  }

  /**
   * Splits an index entry back into the files of a package directory. Null fields are dropped
   * first: Cosmos reads them as absent optional fields, and writes them so.
   */
  static PackageFiles toFiles(String origin, ObjectNode original) {
    ObjectNode entry = (ObjectNode) Json.dropNullKeys(original);
    Map<String, byte[]> files = new TreeMap<>();
    ObjectNode pkg = entry.deepCopy();
    pkg.remove(ENTRY_KEYS);
    files.put(PackageFiles.PACKAGE, Json.compact(pkg).getBytes(StandardCharsets.UTF_8));
    putJson(files, PackageFiles.CONFIG, entry.get("config"));
    putJson(files, PackageFiles.RESOURCE, entry.get("resource"));
    putJson(files, PackageFiles.ZETA, entry.get("zeta"));
    if (entry.hasNonNull("command")) {
      putJson(files, PackageFiles.COMMAND, entry.get("command"));
    } else if (entry.path("pip").isArray()) {
      // Early v3 indexes carried the command's pip list at the top level.
      ObjectNode command = Json.object();
      command.set("pip", entry.get("pip"));
      putJson(files, PackageFiles.COMMAND, command);
    }
    JsonNode template = entry.path("marathon").path("v2AppMustacheTemplate");
    if (template.isTextual()) {
      files.put(PackageFiles.MARATHON, decode(template.asText(), origin + "/marathon/v2AppMustacheTemplate"));
    }
    entry.path("zetaFiles").fields().forEachRemaining(f ->
        files.put(f.getKey(), decode(f.getValue().asText(), origin + "/zetaFiles/" + f.getKey())));
    return new PackageFiles(origin, files);
  }

  private static void putJson(Map<String, byte[]> files, String path, JsonNode node) {
    if (node != null && !node.isNull()) {
      files.put(path, Json.compact(node).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static byte[] decode(String base64, String where) {
    try {
      return Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new ZetaException(where + ": not valid base64: " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public List<PackageListing> listing() {
    return List.copyOf(listing);
  }

  @Override
  public PackageDefinition load(String packageName, int releaseVersion) {
    PackageDefinition def = definitions.get(packageName + "\0" + releaseVersion);
    if (def == null) {
      throw new ZetaException("repository " + uri + " has no release " + releaseVersion + " of " + packageName);
    }
    return def;
  }
}
