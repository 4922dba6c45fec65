package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's image registry, the {@code registry} section of cluster.json (no secret: the
 * password of {@code user} is in {@link ClusterLayout#REGISTRY_PASSWORD}, owner-only). Without it,
 * or without {@code url}, the cluster uses the embedded registry ({@code zeta registry start}).
 *
 * @param url an external Docker Registry v2: {@code https://host[:port]} (or {@code http://} for a
 *     plain-HTTP one); null for the embedded registry
 * @param user the basic-auth user of the external registry, or null for anonymous
 * @param caFile a PEM file of the CA that signed the external registry's certificate (a path on
 *     every node), or null for the system's trust store
 * @param port the embedded registry's port on 127.0.0.1; 0 for one chosen at its first start (then
 *     kept, since staged references name it)
 * @param mirrors upstream registry → the mirror to copy from instead ({@code docker.io} →
 *     {@code http://127.0.0.1:5000}), for air-gapped clusters
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegistryConfig(String url, String user, String caFile, int port, Map<String, String> mirrors) {
  public static final RegistryConfig EMBEDDED = new RegistryConfig(null, null, null, 0, Map.of());

  public RegistryConfig {
    mirrors = mirrors == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(mirrors));
  }

  /** Whether this is the embedded registry (Zeta starts Debian's docker-registry). */
  public boolean embedded() {
    return url == null || url.isBlank();
  }

  public Optional<String> userName() {
    return Optional.ofNullable(user).filter(u -> !u.isBlank());
  }

  public RegistryConfig withMirrors(Map<String, String> next) {
    return new RegistryConfig(url, user, caFile, port, next);
  }

  public RegistryConfig withPort(int next) {
    return new RegistryConfig(url, user, caFile, next, mirrors);
  }
}
