package io.zeta.server;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What the server says about the cluster it serves.
 *
 * @param id the {@code CLUSTER_ID}: a UUID derived from the cluster's name and root, so it stays the
 *     same across restarts of {@code zeta serve} and differs between clusters
 * @param dcosVersion the DC/OS release the API answers as (the level of the Cosmos API served)
 */
public record ServedCluster(String id, String dcosVersion) {
  /** The DC/OS release whose Cosmos API (0.6) this server speaks. */
  public static final String DCOS_VERSION = "1.12.0";

  public static ServedCluster of(String name, String root) {
    return new ServedCluster(UUID.nameUUIDFromBytes(("zeta-cluster:" + name + "\0" + root)
        .getBytes(StandardCharsets.UTF_8)).toString(), DCOS_VERSION);
  }
}
