package io.zeta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's own settings, {@code ~/.zeta/config.json}: the clusters this user has used (name and
 * root, like kubectl's contexts) and which one is current. Written whole to a temporary file and
 * renamed over the old one, so a crash leaves the old file or the new one.
 *
 * <pre>{"currentCluster": "file:///...", "clusters": [{"name": "prod", "root": "hdfs://...", "lastUsed": "..."}]}</pre>
 */
final class UserConfig {
  /** A cluster this user has used. */
  record Context(String name, String root, String lastUsed) {}

  private final Path file;

  UserConfig(Path home) {
    this.file = home.resolve("config.json");
  }

  Path file() {
    return file;
  }

  Optional<String> currentCluster() {
    return Optional.ofNullable(read().path("currentCluster").asText(null));
  }

  /** The clusters used, in the order first used; the current one too if an older file does not list it. */
  List<Context> clusters() {
    ObjectNode doc = read();
    List<Context> all = new ArrayList<>();
    for (JsonNode c : doc.path("clusters")) {
      if (c.path("root").isTextual()) {
        all.add(new Context(c.path("name").asText(""), c.path("root").asText(), c.path("lastUsed").asText(null)));
      }
    }
    String current = doc.path("currentCluster").asText(null);
    if (current != null && all.stream().noneMatch(c -> c.root().equals(current))) {
      all.add(new Context(defaultName(current), current, null));
    }
    return all;
  }

  /** The context named so, or whose root is this (as typed or normalized). */
  Optional<Context> find(String nameOrRoot) {
    String normalized = nameOrRoot.replaceAll("/+$", "");
    return clusters().stream().filter(c -> c.name().equals(nameOrRoot) || c.root().equals(nameOrRoot)
        || c.root().replaceAll("/+$", "").equals(normalized)).findFirst();
  }

  /** Makes a cluster current (and remembers it); returns the one that was current, if another. */
  Optional<String> use(String name, String root) {
    ObjectNode doc = read();
    Optional<String> before = Optional.ofNullable(doc.path("currentCluster").asText(null)).filter(b -> !b.equals(root));
    doc.put("currentCluster", root);
    ArrayNode list = clustersOf(doc);
    ObjectNode entry = null;
    for (JsonNode c : list) {
      if (root.equals(c.path("root").asText())) {
        entry = (ObjectNode) c;
      }
    }
    if (entry == null) {
      entry = list.addObject();
    }
    entry.put("name", name).put("root", root).put("lastUsed", Instant.now().toString());
    write(doc);
    return before;
  }

  /** The old entry point: makes a cluster current under the last segment of its root. */
  void setCurrentCluster(String uri) {
    use(defaultName(uri), uri);
  }

  /** Forgets a cluster; if it was current, none is. */
  void forget(Context context) {
    ObjectNode doc = read();
    ArrayNode list = clustersOf(doc);
    for (int i = list.size() - 1; i >= 0; i--) {
      if (context.root().equals(list.get(i).path("root").asText())) {
        list.remove(i);
      }
    }
    if (context.root().equals(doc.path("currentCluster").asText(null))) {
      doc.remove("currentCluster");
    }
    write(doc);
  }

  /** A root as people know it: "name (root)" when this user has used it under a name. */
  String describe(String root) {
    return find(root).filter(c -> !c.name().isEmpty()).map(c -> c.name() + " (" + c.root() + ")").orElse(root);
  }

  static String defaultName(String root) {
    String path = root.replaceAll("/+$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? root : last;
  }

  private static ArrayNode clustersOf(ObjectNode doc) {
    return doc.get("clusters") instanceof ArrayNode a ? a : doc.putArray("clusters");
  }

  private ObjectNode read() {
    if (!Files.exists(file)) {
      return Json.object();
    }
    try {
      JsonNode doc = Json.parse(Files.readAllBytes(file), file.toString());
      if (!(doc instanceof ObjectNode o)) {
        throw new ZetaException(file + " is not a JSON object", "fix or delete " + file, null);
      }
      return o;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ZetaException e) {
      throw new ZetaException(e.getMessage(), "fix or delete " + file, null);
    }
  }

  private void write(ObjectNode doc) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".config", ".tmp");
      try {
        Files.write(tmp, Json.prettyBytes(doc));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
