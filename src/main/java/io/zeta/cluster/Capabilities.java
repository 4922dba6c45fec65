package io.zeta.cluster;

import io.zeta.ZetaException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a cluster offers, for packages to require in zeta.json. Zeta detects: {@code shared-storage}
 * (every Zeta cluster), {@code fs:<scheme>}, {@code scheduler:<embedded|marathon>}, and
 * {@code posix-mount} when tasks see the cluster as a POSIX path (a file: cluster, or a
 * configured mount such as MapR's /mapr/&lt;cluster&gt;), {@code registry} when it has an image
 * registry (an external one, or the embedded one: docker-registry installed and a POSIX mount). The
 * administrator declares the rest ({@code docker}, {@code gpu}, {@code maprdb}...).
 */
public final class Capabilities {
  public static final String SHARED_STORAGE = "shared-storage";
  public static final String POSIX_MOUNT = "posix-mount";
  /** An image registry for the cluster: an external one configured, or the embedded one possible here. */
  public static final String REGISTRY = "registry";
  /** Debian's docker-registry, which the embedded registry runs. */
  public static final String DOCKER_REGISTRY = "/usr/bin/docker-registry";

  private Capabilities() {}

  public static List<String> detected(String scheme, boolean mounted, ClusterConfig config) {
    List<String> out = new ArrayList<>();
    out.add(SHARED_STORAGE);
    out.add("fs:" + scheme);
    out.add("scheduler:" + (config.localScheduler() ? "embedded" : "marathon"));
    if (mounted) {
      out.add(POSIX_MOUNT);
    }
    // The embedded registry needs its binary and a POSIX mount for its blob storage.
    if (!config.registryConfig().embedded()
        || (mounted && java.nio.file.Files.isExecutable(java.nio.file.Path.of(DOCKER_REGISTRY)))) {
      out.add(REGISTRY);
    }
    return out;
  }

  public static Set<String> of(String scheme, boolean mounted, ClusterConfig config) {
    Set<String> all = new LinkedHashSet<>(detected(scheme, mounted, config));
    all.addAll(config.capabilities());
    return all;
  }

  /** Refuses an operation on a package that needs what the cluster lacks, naming each missing capability. */
  public static void require(Collection<String> required, Set<String> offered, String what, String clusterName) {
    List<String> missing = required.stream().filter(r -> !offered.contains(r)).toList();
    if (!missing.isEmpty()) {
      throw new ZetaException(what + " requires cluster capabilit" + (missing.size() == 1 ? "y " : "ies ")
          + String.join(", ", missing) + ", which cluster " + clusterName + " does not have (it has "
          + String.join(", ", offered) + ")",
          "if the cluster does offer it, declare it with `zeta cluster capabilities --add NAME`", null);
    }
  }
}
