package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups created through {@code /v2/groups}, with the version of their last change, in one
 * file replaced atomically. Groups that only exist because apps have ids below them (such as
 * {@code /<role>} of the instances {@code /<role>/<id>}) are not stored: they come and go with
 * their apps. Thread-safe; never calls out while holding its lock.
 */
final class GroupStore {
  private static final Logger LOG = LoggerFactory.getLogger(GroupStore.class);
  private final Path file;
  private final Map<AppId, String> groups = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));

  GroupStore(Path file) {
    this.file = file;
    if (Files.isRegularFile(file)) {
      try {
        JsonNode doc = Json.parse(Files.readAllBytes(file), file.toString());
        doc.path("groups").fields().forEachRemaining(e -> groups.put(AppId.parse(e.getKey()), e.getValue().asText()));
      } catch (IOException | RuntimeException e) {
        LOG.error("ignoring the unreadable group file {}: {}", file, e.toString());
      }
    }
  }

  synchronized Map<AppId, String> snapshot() {
    return Map.copyOf(groups);
  }

  /** Records the groups (at {@code version}) and forgets those under {@code removed}, in one write. */
  synchronized void update(Collection<AppId> added, Collection<AppId> removed, String version) {
    for (AppId gone : removed) {
      groups.keySet().removeIf(g -> Groups.isWithin(g, gone));
    }
    added.stream().filter(g -> !g.isRoot()).forEach(g -> groups.put(g, version));
    ObjectNode doc = Json.object();
    ObjectNode out = doc.putObject("groups");
    groups.forEach((id, v) -> out.put(id.toString(), v));
    try {
      AtomicFiles.write(file, Json.prettyBytes(doc));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the groups in " + file, e);
    }
  }
}
