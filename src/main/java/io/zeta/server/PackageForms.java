package io.zeta.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.json.Json;
import io.zeta.render.Secrets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A package definition in the shapes Cosmos's answers carry: the describe form (the index entry
 * without Zeta's extension, secret defaults masked), the details of {@code package/list} and the
 * package of {@code service/describe|update}, each with only the fields Cosmos's schema allows.
 */
final class PackageForms {
  /** {@code package/list}'s packageDetails. */
  private static final List<String> DETAILS = List.of("packagingVersion", "name", "version", "maintainer",
      "description", "tags", "selected", "scm", "website", "framework", "preInstallNotes", "postInstallNotes",
      "postUninstallNotes", "licenses");
  private static final Set<String> V20 = Set.of("command", "config", "description", "framework", "licenses",
      "maintainer", "marathon", "name", "packagingVersion", "postInstallNotes", "postUninstallNotes", "preInstallNotes",
      "releaseVersion", "resource", "scm", "selected", "tags", "version", "website");
  private static final Set<String> V30 = Set.of("command", "config", "description", "framework", "licenses",
      "maintainer", "marathon", "minDcosReleaseVersion", "name", "packagingVersion", "postInstallNotes",
      "postUninstallNotes", "preInstallNotes", "releaseVersion", "resource", "scm", "selected", "tags", "version",
      "website");
  private static final Set<String> V40 = Set.of("config", "description", "downgradesTo", "framework", "licenses",
      "maintainer", "marathon", "minDcosReleaseVersion", "name", "packagingVersion", "postInstallNotes",
      "postUninstallNotes", "preInstallNotes", "releaseVersion", "resource", "scm", "selected", "tags", "upgradesFrom",
      "version", "website");

  private PackageForms() {}

  /** The describe form: the repository index entry, Zeta's own parts left out, secret defaults masked. */
  static ObjectNode describe(PackageDefinition def) {
    ObjectNode entry = def.toIndexEntry();
    // Zeta's extension is not Cosmos's (v2 forbids unknown fields); /zeta/v1 says it.
    entry.remove("zeta");
    entry.remove("zetaFiles");
    if (entry.get("config") instanceof ObjectNode c) {
      entry.set("config", Secrets.of(def).maskSchema(c));
    }
    return entry;
  }

  /** {@code package/list}'s {@code packageDefinition}. */
  static ObjectNode details(PackageDefinition def) {
    ObjectNode pkg = def.packageJson();
    ObjectNode out = Json.object();
    for (String key : DETAILS) {
      if (pkg.hasNonNull(key)) {
        out.set(key, pkg.get(key).deepCopy());
      }
    }
    return out;
  }

  /** {@code package/list}'s {@code resourceDefinition}: assets (uris, docker images) and images, when the package has them. */
  static Optional<ObjectNode> resourceDefinition(PackageDefinition def) {
    Optional<ObjectNode> resource = def.resource();
    if (resource.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode out = Json.object();
    JsonNode assets = resource.get().get("assets");
    if (assets instanceof ObjectNode a) {
      ObjectNode o = Json.object();
      if (a.get("uris") instanceof ObjectNode uris) {
        o.set("uris", uris.deepCopy());
      }
      if (a.path("container").get("docker") instanceof ObjectNode docker) {
        o.putObject("container").set("docker", docker.deepCopy());
      }
      out.set("assets", o);
    }
    if (resource.get().get("images") instanceof ObjectNode images) {
      out.set("images", images.deepCopy());
    }
    return Optional.of(out);
  }

  /**
   * The package of {@code service/describe} and {@code service/update}: the describe form with the
   * fields of its packaging version's schema (Cosmos's v2.0, v3.0 and v4.0 package).
   */
  static ObjectNode service(PackageDefinition def) {
    ObjectNode entry = describe(def);
    Set<String> allowed = switch (def.packagingVersion()) {
      case "2.0" -> V20;
      case "3.0" -> V30;
      default -> V40;
    };
    entry.retain(allowed);
    if (entry.get("resource") instanceof ObjectNode r) {
      r.retain("assets", "cli", "images");
    }
    return entry;
  }
}
