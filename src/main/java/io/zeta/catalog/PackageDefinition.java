package io.zeta.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One validated package version: the Universe files (package.json, config.json, resource.json,
 * command.json, marathon.json.mustache), the optional Zeta extension, and where it came from.
 * Immutable; built by {@link PackageLoader}.
 */
public final class PackageDefinition {
  private final ObjectNode packageJson;
  private final int releaseVersion;
  private final Optional<ObjectNode> config;
  private final Optional<ObjectNode> resource;
  private final Optional<ObjectNode> command;
  private final Optional<String> marathonTemplate;
  private final Optional<ZetaExtension> zeta;
  private final PackageFiles files;
  private final URI location;
  private final String sourceUri;

  PackageDefinition(ObjectNode packageJson, int releaseVersion, Optional<ObjectNode> config,
      Optional<ObjectNode> resource, Optional<ObjectNode> command, Optional<String> marathonTemplate,
      Optional<ZetaExtension> zeta, PackageFiles files, URI location, String sourceUri) {
    this.packageJson = packageJson.deepCopy();
    this.releaseVersion = releaseVersion;
    this.config = config.map(ObjectNode::deepCopy);
    this.resource = resource.map(ObjectNode::deepCopy);
    this.command = command.map(ObjectNode::deepCopy);
    this.marathonTemplate = marathonTemplate;
    this.zeta = zeta;
    this.files = files;
    this.location = location;
    this.sourceUri = sourceUri;
  }

  public String name() {
    return packageJson.path("name").asText();
  }

  public String version() {
    return packageJson.path("version").asText();
  }

  public String packagingVersion() {
    return packageJson.path("packagingVersion").asText();
  }

  public int releaseVersion() {
    return releaseVersion;
  }

  public String description() {
    return packageJson.path("description").asText("");
  }

  public List<String> tags() {
    List<String> tags = new ArrayList<>();
    packageJson.path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  public boolean selected() {
    return packageJson.path("selected").asBoolean(false);
  }

  public boolean framework() {
    return packageJson.path("framework").asBoolean(false);
  }

  /** package.json as written (a copy). */
  public ObjectNode packageJson() {
    return packageJson.deepCopy();
  }

  public Optional<ObjectNode> config() {
    return config.map(ObjectNode::deepCopy);
  }

  /** Whether there is a config.json, without copying it. */
  public boolean hasConfig() {
    return config.isPresent();
  }

  public Optional<ObjectNode> resource() {
    return resource.map(ObjectNode::deepCopy);
  }

  public Optional<ObjectNode> command() {
    return command.map(ObjectNode::deepCopy);
  }

  public Optional<String> marathonTemplate() {
    return marathonTemplate;
  }

  /** The Zeta extension, or the defaults for a plain Universe package. */
  public ZetaExtension zeta() {
    return zeta.orElse(ZetaExtension.DEFAULT);
  }

  public boolean hasZetaExtension() {
    return zeta.isPresent();
  }

  /** Every file of the package, for staging and for the templates zeta.json names. */
  public PackageFiles files() {
    return files;
  }

  /** Where the package lives; relative artifact URLs resolve against it. */
  public URI location() {
    return location;
  }

  /** The URI of the repository it came from (the DCOS_PACKAGE_SOURCE label). */
  public String sourceUri() {
    return sourceUri;
  }

  public PackageSummary summary(String repositoryName) {
    return new PackageSummary(name(), version(), releaseVersion, packagingVersion(), description(), tags(),
        selected(), framework(), marathonTemplate.isPresent() || zeta().multiApp(), repositoryName);
  }

  /**
   * The package as a Universe repository index entry (Cosmos's describe form): package.json plus
   * releaseVersion, config, resource, command, marathon.v2AppMustacheTemplate (base64) and zeta.
   */
  public ObjectNode toIndexEntry() {
    ObjectNode entry = packageJson.deepCopy();
    entry.put("releaseVersion", releaseVersion);
    marathonTemplate.ifPresent(t -> entry.putObject("marathon").put("v2AppMustacheTemplate",
        Base64.getEncoder().encodeToString(t.getBytes(StandardCharsets.UTF_8))));
    resource.ifPresent(r -> entry.set("resource", r.deepCopy()));
    config.ifPresent(c -> entry.set("config", c.deepCopy()));
    command.ifPresent(c -> entry.set("command", c.deepCopy()));
    files.get(PackageFiles.ZETA).ifPresent(z -> entry.set("zeta", Json.parse(z, "zeta.json")));
    ObjectNode extra = Json.object();
    files.files().forEach((path, bytes) -> {
      if (!PackageLoader.UNIVERSE_FILES.contains(path) && !path.equals(PackageFiles.ZETA)) {
        extra.put(path, Base64.getEncoder().encodeToString(bytes));
      }
    });
    if (!extra.isEmpty()) {
      entry.set("zetaFiles", extra);
    }
    return entry;
  }

  /** The value at a JSON pointer of package.json, for callers that need a rarely used field. */
  public JsonNode packageField(String pointer) {
    return packageJson.at(pointer);
  }

  @Override
  public String toString() {
    return name() + "@" + version() + " (release " + releaseVersion + ")";
  }
}
