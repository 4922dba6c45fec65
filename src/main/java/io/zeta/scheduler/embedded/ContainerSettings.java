package io.zeta.scheduler.embedded;

import java.nio.file.Path;
import java.util.List;

/**
 * How the agent runs Docker apps.
 *
 * @param podman the podman binary (rootful podman, OCI runtime runc)
 * @param enabled false: container apps are refused (the runtime is not even probed)
 * @param allowPrivileged whether {@code docker.privileged: true} is accepted
 * @param sharedPaths host directories every container sees at the same path (the cluster's shared
 *     storage mount), so that paths rendered for the cluster mean the same inside
 */
public record ContainerSettings(Path podman, boolean enabled, boolean allowPrivileged, List<Path> sharedPaths) {
  public static ContainerSettings defaults() {
    return new ContainerSettings(Path.of("/usr/bin/podman"), true, false, List.of());
  }

  public ContainerSettings withAllowPrivileged(boolean allow) {
    return new ContainerSettings(podman, enabled, allow, sharedPaths);
  }

  public ContainerSettings withSharedPaths(List<Path> paths) {
    return new ContainerSettings(podman, enabled, allowPrivileged, List.copyOf(paths));
  }

  public ContainerSettings withEnabled(boolean on) {
    return new ContainerSettings(podman, on, allowPrivileged, sharedPaths);
  }

  public ContainerSettings withPodman(Path binary) {
    return new ContainerSettings(binary, enabled, allowPrivileged, sharedPaths);
  }
}
