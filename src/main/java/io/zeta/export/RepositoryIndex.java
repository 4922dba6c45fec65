package io.zeta.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageListing;
import io.zeta.catalog.PackageRepository;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Universe repository index ({@code {"packages": [...]}}) of a repository, as Universe's
 * gen_universe builds repo-up-to-X.json: each entry is package.json plus releaseVersion, config,
 * resource, command and the Marathon template base64-encoded in {@code marathon.v2AppMustacheTemplate};
 * a format carries only the packagingVersions its schema allows (v3: 2.0, 3.0; v4: up to 4.0; v5:
 * up to 5.0) and {@code --dcos-version} leaves out what needs a newer DC/OS (minDcosReleaseVersion).
 * Every entry is validated against the format's schema (vX-repo-definitions.json) without Zeta's
 * own keys {@code zeta} and {@code zetaFiles}, which Zeta keeps so a Zeta package round-trips.
 */
public final class RepositoryIndex {
  /** The repository formats and the packagingVersions each carries. */
  public static final Map<String, List<String>> FORMATS = Map.of(
      "v3", List.of("2.0", "3.0"), "v4", List.of("2.0", "3.0", "4.0"), "v5", List.of("2.0", "3.0", "4.0", "5.0"));

  /** What an index holds, and what it left out and why. */
  public record Result(ObjectNode index, List<String> included, List<String> skipped) {}

  private RepositoryIndex() {}

  public static Result build(PackageRepository repo, String format, String dcosVersion) {
    List<String> versions = FORMATS.get(format);
    if (versions == null) {
      throw new ZetaException("--format " + format + " is not a repository format", "use v3, v4 or v5", null);
    }
    int[] dcos = dcosVersion == null ? null : parseVersion(dcosVersion, "--dcos-version " + dcosVersion);
    ObjectNode index = Json.object();
    ArrayNode packages = index.putArray("packages");
    List<String> included = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<PackageListing> listings = new ArrayList<>(repo.listing());
    listings.sort(Comparator.comparing(PackageListing::name, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(l -> l.releaseVersion() == null ? -1 : l.releaseVersion()));
    for (PackageListing l : listings) {
      String what = l.name() + "@" + l.version() + " (release " + l.releaseVersion() + ")";
      if (!l.isValid()) {
        skipped.add(what + ": invalid");
        continue;
      }
      PackageDefinition def = repo.load(l.name(), l.releaseVersion());
      if (!versions.contains(def.packagingVersion())) {
        skipped.add(what + ": packagingVersion " + def.packagingVersion() + " is not in repository format " + format);
        continue;
      }
      JsonNode min = def.packageField("/minDcosReleaseVersion");
      if (dcos != null && min.isTextual() && compare(parseVersion(min.asText(), what + " minDcosReleaseVersion"), dcos) > 0) {
        skipped.add(what + ": needs DC/OS " + min.asText());
        continue;
      }
      ObjectNode entry = def.toIndexEntry();
      ObjectNode universe = entry.deepCopy();
      universe.remove(List.of("zeta", "zetaFiles"));
      List<SchemaViolation> violations = schema(def.packagingVersion()).validate(universe);
      if (!violations.isEmpty()) {
        throw new ZetaException(what + " does not fit repository format " + format + ": " + violations.get(0));
      }
      packages.add(entry);
      included.add(what);
    }
    return new Result(index, included, skipped);
  }

  /** A DC/OS release version: numbers separated by dots, with an optional suffix ("1.10", "1.11.0-beta"). */
  static int[] parseVersion(String text, String what) {
    if (!text.matches("^[0-9]{1,9}(\\.[0-9]{1,9}){0,3}(-[A-Za-z0-9.]{1,32})?$")) {
      throw new ZetaException(what + " is not a DC/OS release version", "write it as 1.10 or 1.11.2", null);
    }
    String[] parts = text.replaceAll("-.*$", "").split("\\.");
    int[] v = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Integer.parseInt(parts[i]);
    }
    return v;
  }

  static int compare(int[] a, int[] b) {
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? a[i] : 0;
      int y = i < b.length ? b[i] : 0;
      if (x != y) {
        return Integer.compare(x, y);
      }
    }
    return 0;
  }

  private static final Map<String, String> DEFINITIONS = Map.of("2.0", "v20Package", "3.0", "v30Package", "4.0", "v40Package",
      "5.0", "v50Package");
  private static final Map<String, JsonSchema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

  /** The entry schema of one packagingVersion: vX-repo-definitions.json (bundled from Universe's meta) with its definition as root. */
  private static JsonSchema schema(String packagingVersion) {
    return SCHEMAS.computeIfAbsent(packagingVersion, v -> {
      try (InputStream in = RepositoryIndex.class.getResourceAsStream("/io/zeta/catalog/universe-meta/vX-repo-definitions.json")) {
        if (in == null) {
          throw new ZetaException("Universe's vX-repo-definitions.json is missing from the build");
        }
        ObjectNode defs = Json.parseObject(in.readAllBytes(), "vX-repo-definitions.json");
        defs.put("$ref", "#/" + DEFINITIONS.get(v));
        return JsonSchema.compile(defs, "vX-repo-definitions.json#/" + DEFINITIONS.get(v));
      } catch (IOException e) {
        throw new ZetaException("cannot read Universe's vX-repo-definitions.json: " + e.getMessage());
      }
    });
  }
}
