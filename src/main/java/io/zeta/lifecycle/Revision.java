package io.zeta.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One numbered revision of an instance ({@code revisions/<n>.json} in its home): what an install,
 * upgrade or rollback made of it. The options and the rendered files have their secret values
 * masked; a rollback takes the secret values from the instance's secrets.json. {@code changeId}
 * is the {@code installId} the change wrote into instance.json: the revision whose changeId is in
 * instance.json is the current one. {@code snapshot} names the data snapshot taken before this
 * change (of each of {@code snapshotDirs}): it holds the data of the revision before.
 *
 * @param status pending, deployed, failed, superseded or rolled-back
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Revision(int format, int revision, String pkg, String version, String action, String status,
    String principal, String time, String description, String changeId, ObjectNode options, JsonNode marathon,
    Map<String, String> configFiles, String snapshot, List<String> snapshotDirs) {
  static final int FORMAT = 1;
  public static final String PENDING = "pending";
  public static final String DEPLOYED = "deployed";
  public static final String FAILED = "failed";
  public static final String SUPERSEDED = "superseded";
  public static final String ROLLED_BACK = "rolled-back";

  public Revision {
    configFiles = configFiles == null ? Map.of() : Map.copyOf(configFiles);
    snapshotDirs = snapshotDirs == null ? List.of() : List.copyOf(snapshotDirs);
  }

  Revision withStatus(String next, String why) {
    return new Revision(format, revision, pkg, version, action, next, principal, time,
        why == null ? description : why, changeId, options, marathon, configFiles, snapshot, snapshotDirs);
  }

  Revision withoutSnapshot() {
    return new Revision(format, revision, pkg, version, action, status, principal, time, description, changeId, options,
        marathon, configFiles, null, List.of());
  }

  public boolean hasSnapshot() {
    return snapshot != null && !snapshot.isEmpty() && !snapshotDirs.isEmpty();
  }
}
