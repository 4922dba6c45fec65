package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A cluster's configuration, {@code /zeta/kstore/cluster.json}.
 *
 * @param scheduler {@code local} for the embedded scheduler, or Marathon's URL
 * @param capabilities capabilities the administrator declared, on top of those Zeta detects
 * @param marathonToken a DC/OS token an older cluster.json holds: read, never written (it lives in
 *     {@link ClusterLayout#SCHEDULER_TOKEN}; see {@link SchedulerToken})
 * @param mount where the cluster root is mounted on every node (POSIX path), if it is; a file:
 *     cluster is its own mount
 * @param directory the directory server roles and users live in, or null for none (roles not enforced)
 * @param registry the cluster's image registry, or null for the embedded one with its defaults
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterConfig(int format, String name, String root, String scheduler, String adminUser,
    List<String> capabilities, String createdAt, String createdBy,
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String marathonToken, String mount,
    DirectoryConfig directory, RegistryConfig registry) {
  public static final int FORMAT = 1;
  public static final String LOCAL_SCHEDULER = "local";

  public ClusterConfig {
    capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
  }

  public boolean localScheduler() {
    return LOCAL_SCHEDULER.equals(scheduler);
  }

  /** This configuration without the legacy token (what is written back). */
  public ClusterConfig withoutToken() {
    return new ClusterConfig(format, name, root, scheduler, adminUser, capabilities, createdAt, createdBy, null, mount, directory, registry);
  }

  public ClusterConfig withDirectory(DirectoryConfig next) {
    return new ClusterConfig(format, name, root, scheduler, adminUser, capabilities, createdAt, createdBy, marathonToken, mount, next, registry);
  }

  /** The configured directory, if any. */
  public java.util.Optional<DirectoryConfig> directoryConfig() {
    return java.util.Optional.ofNullable(directory);
  }

  /** The registry settings: the configured ones, or the embedded registry's defaults. */
  public RegistryConfig registryConfig() {
    return registry == null ? RegistryConfig.EMBEDDED : registry;
  }

  public ClusterConfig withRegistry(RegistryConfig next) {
    return new ClusterConfig(format, name, root, scheduler, adminUser, capabilities, createdAt, createdBy, marathonToken, mount,
        directory, next);
  }

  public ClusterConfig withScheduler(String next) {
    return new ClusterConfig(format, name, root, next, adminUser, capabilities, createdAt, createdBy, marathonToken, mount, directory, registry);
  }

  public ClusterConfig withCapabilities(List<String> declared) {
    return new ClusterConfig(format, name, root, scheduler, adminUser, declared, createdAt, createdBy, marathonToken, mount, directory, registry);
  }
}
