package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;

/** What the agent keeps of an app across restarts: the definition as given and its versions. */
record StoredApp(ObjectNode definition, String version, String lastConfigChangeAt, String lastScalingAt) {
  /** The document of an app file (AppStore) and of a version file (AppVersions): one format for both. */
  ObjectNode toJson() {
    ObjectNode doc = Json.object();
    doc.set("definition", definition);
    doc.put("version", version);
    doc.put("lastConfigChangeAt", lastConfigChangeAt);
    doc.put("lastScalingAt", lastScalingAt);
    return doc;
  }

  /** Reads {@link #toJson()}'s document; a field missing or of the wrong type is a RuntimeException. */
  static StoredApp fromJson(JsonNode doc) {
    return new StoredApp((ObjectNode) doc.get("definition"), doc.get("version").asText(),
        doc.get("lastConfigChangeAt").asText(), doc.get("lastScalingAt").asText());
  }
}
