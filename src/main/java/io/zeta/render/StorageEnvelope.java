package io.zeta.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Cosmos's storage envelope for a package definition, the value of the DCOS_PACKAGE_DEFINITION
 * label: {@code {"metadata": {"Content-Type": ..., "Content-Encoding": "gzip"}, "data": base64(gzip(package))}}.
 * The package is written as Cosmos's model classes encode it: fields in class order and absent
 * optional fields as explicit nulls.
 */
public final class StorageEnvelope {
  private static final String MEDIA_TYPE = "application/vnd.dcos.universe.package+json;charset=utf-8;version=v";

  /** Field order of Cosmos's V2Package..V5Package classes. */
  private static final Map<String, List<String>> FIELDS = Map.of(
      "2.0", List.of("packagingVersion", "name", "version", "releaseVersion", "maintainer", "description", "marathon",
          "tags", "selected", "scm", "website", "framework", "preInstallNotes", "postInstallNotes",
          "postUninstallNotes", "licenses", "resource", "config", "command"),
      "3.0", List.of("packagingVersion", "name", "version", "releaseVersion", "maintainer", "description", "tags",
          "selected", "scm", "website", "framework", "preInstallNotes", "postInstallNotes", "postUninstallNotes",
          "licenses", "minDcosReleaseVersion", "marathon", "resource", "config", "command", "lastUpdated",
          "hasKnownIssues"),
      "4.0", List.of("packagingVersion", "name", "version", "releaseVersion", "maintainer", "description", "tags",
          "selected", "scm", "website", "framework", "preInstallNotes", "postInstallNotes", "postUninstallNotes",
          "licenses", "minDcosReleaseVersion", "marathon", "resource", "config", "upgradesFrom", "downgradesTo",
          "lastUpdated", "hasKnownIssues"),
      "5.0", List.of("packagingVersion", "name", "version", "releaseVersion", "maintainer", "description", "tags",
          "selected", "scm", "website", "framework", "preInstallNotes", "postInstallNotes", "postUninstallNotes",
          "licenses", "minDcosReleaseVersion", "marathon", "resource", "config", "upgradesFrom", "downgradesTo",
          "manager", "lastUpdated", "hasKnownIssues"));

  private StorageEnvelope() {}

  /** The envelope as JSON. */
  public static ObjectNode of(PackageDefinition pkg) {
    ObjectNode envelope = Json.object();
    ObjectNode metadata = envelope.putObject("metadata");
    metadata.put("Content-Type", MEDIA_TYPE + pkg.packagingVersion().charAt(0));
    metadata.put("Content-Encoding", "gzip");
    envelope.put("data", Base64.getEncoder().encodeToString(gzip(Json.compact(cosmosPackage(pkg)))));
    return envelope;
  }

  /** The package JSON Cosmos stores: its model's field order, nulls included. */
  public static ObjectNode cosmosPackage(PackageDefinition pkg) {
    ObjectNode entry = pkg.toIndexEntry();
    ObjectNode out = Json.object();
    for (String field : FIELDS.get(pkg.packagingVersion())) {
      JsonNode value = entry.get(field);
      if (field.equals("resource") && value != null && value.isObject()) {
        value = cosmosResource((ObjectNode) value, !pkg.packagingVersion().equals("2.0"));
      }
      out.set(field, value == null ? NullNode.getInstance() : value);
    }
    return out;
  }

  /** Decodes an envelope back to its package JSON (for tests and for reading labels). */
  public static ObjectNode decode(JsonNode envelope) {
    String type = envelope.path("metadata").path("Content-Type").asText("");
    if (!type.startsWith(MEDIA_TYPE)) {
      throw new ZetaException("not a package storage envelope: Content-Type " + type);
    }
    byte[] data = Base64.getDecoder().decode(envelope.path("data").asText());
    if ("gzip".equals(envelope.path("metadata").path("Content-Encoding").asText(null))) {
      data = gunzip(data);
    }
    return Json.parseObject(data, "package definition envelope");
  }

  private static ObjectNode cosmosResource(ObjectNode resource, boolean v3) {
    ObjectNode out = Json.object();
    JsonNode assets = resource.get("assets");
    if (assets != null && assets.isObject()) {
      ObjectNode a = Json.object();
      a.set("uris", orNull(assets.get("uris")));
      a.set("container", orNull(assets.get("container")));
      out.set("assets", a);
    } else {
      out.set("assets", NullNode.getInstance());
    }
    JsonNode images = resource.get("images");
    if (images != null && images.isObject()) {
      ObjectNode i = Json.object();
      for (String key : List.of("icon-small", "icon-medium", "icon-large", "screenshots")) {
        i.set(key, orNull(images.get(key)));
      }
      out.set("images", i);
    } else {
      out.set("images", NullNode.getInstance());
    }
    if (v3) {
      JsonNode cli = resource.get("cli");
      if (cli != null && cli.isObject()) {
        ObjectNode c = Json.object();
        JsonNode binaries = cli.get("binaries");
        if (binaries != null && binaries.isObject()) {
          ObjectNode b = c.putObject("binaries");
          for (String os : List.of("windows", "linux", "darwin")) {
            b.set(os, orNull(binaries.get(os)));
          }
        } else {
          c.set("binaries", NullNode.getInstance());
        }
        out.set("cli", c);
      } else {
        out.set("cli", NullNode.getInstance());
      }
    }
    return out;
  }

  private static JsonNode orNull(JsonNode node) {
    return node == null ? NullNode.getInstance() : node;
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] gunzip(byte[] data) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ZetaException("package definition envelope: data is not gzip: " + e.getMessage(), e);
    }
  }
}
