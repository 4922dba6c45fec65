package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.cluster.volume.Limit;
import io.zeta.cluster.volume.QuotaSizes;
import io.zeta.cluster.volume.Usage;
import io.zeta.cluster.volume.Volumes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quotas of a role's directories. A quota is set on each of the role's base directories
 * ({@code /apps/R}, {@code /data/R}, {@code /etl/R}, {@code /zeta/R}): HDFS quotas hold a
 * directory tree, and the four are siblings of other roles' directories, not one tree.
 * {@code --space-quota 100g} sets 100 GiB on each; {@code --space-quota data=1t} on one only
 * (the forms combine, the per-base one wins). The quotas live in the filesystem, not in the role
 * record: what HDFS enforces is what {@code role list} shows.
 */
public final class RoleQuotas {
  /** Quotas asked for, per base dir; {@link Limit#UNCHANGED} where nothing was asked. */
  public record Request(Map<String, Limit> space, Map<String, Limit> namespace) {
    public static final Request NONE = new Request(Map.of(), Map.of());

    public Request {
      space = Map.copyOf(space);
      namespace = Map.copyOf(namespace);
    }

    public Limit space(String base) {
      return space.getOrDefault(base, Limit.UNCHANGED);
    }

    public Limit namespace(String base) {
      return namespace.getOrDefault(base, Limit.UNCHANGED);
    }

    /** Whether any quota is to be set or cleared. */
    public boolean changes() {
      return space.values().stream().anyMatch(Limit::changes) || namespace.values().stream().anyMatch(Limit::changes);
    }

    /**
     * Parses {@code --space-quota} and {@code --namespace-quota} values: {@code SIZE} for every
     * base dir, {@code BASE=SIZE} for one, {@code none} to clear.
     */
    public static Request parse(List<String> space, List<String> namespace) {
      return new Request(perBase(space, "--space-quota", true), perBase(namespace, "--namespace-quota", false));
    }

    private static Map<String, Limit> perBase(List<String> specs, String option, boolean isSpace) {
      Map<String, Limit> all = new LinkedHashMap<>();
      Map<String, Limit> one = new LinkedHashMap<>();
      for (String spec : specs == null ? List.<String>of() : specs) {
        int eq = spec.indexOf('=');
        String value = eq < 0 ? spec : spec.substring(eq + 1);
        Limit limit = isSpace ? QuotaSizes.space(value, option) : QuotaSizes.namespace(value, option);
        if (eq < 0) {
          Names.BASE_DIRS.forEach(b -> all.put(b, limit));
        } else {
          String base = spec.substring(0, eq);
          if (!Names.BASE_DIRS.contains(base)) {
            throw new ZetaException(option + " '" + spec + "': unknown base dir '" + base + "'",
                "use SIZE for every base dir or BASE=SIZE with BASE one of " + String.join(", ", Names.BASE_DIRS), null);
          }
          one.put(base, limit);
        }
      }
      all.putAll(one);
      return all;
    }
  }

  private final Volumes volumes;

  RoleQuotas(Volumes volumes) {
    this.volumes = volumes;
  }

  public Volumes volumes() {
    return volumes;
  }

  /** Refuses, before anything is written, quotas the storage cannot hold (file: clusters). */
  public void requireSupported(Request request) {
    if (request.changes()) {
      volumes.quotaRefusal().ifPresent(why -> {
        throw new ZetaException(why, "quotas are set on roles of hdfs: clusters; leave out --space-quota and --namespace-quota", null);
      });
    }
  }

  /** Applies the request to the role's directories. */
  public void apply(String role, Request request) throws IOException {
    requireSupported(request);
    for (String base : Names.BASE_DIRS) {
      volumes.setQuota(ClusterLayout.roleDir(base, role), request.space(base), request.namespace(base));
    }
  }

  /** What differs between the request and the role's quotas now: "space quota of /apps/R is 5 GiB, not 10 GiB"... */
  public List<String> differences(String role, Request request) throws IOException {
    List<String> out = new ArrayList<>();
    if (!request.changes()) {
      return out;
    }
    if (volumes.quotaRefusal().isPresent()) {
      requireSupported(request);
    }
    for (String base : Names.BASE_DIRS) {
      Usage u = usage(role, base);
      Limit s = request.space(base);
      if (!s.matches(u.spaceQuota())) {
        out.add("space quota of " + u.path() + " is " + spaceText(u.spaceQuota()) + ", not " + spaceText(s));
      }
      Limit n = request.namespace(base);
      if (!n.matches(u.namespaceQuota())) {
        out.add("namespace quota of " + u.path() + " is " + countText(u.namespaceQuota()) + ", not " + countText(n));
      }
    }
    return out;
  }

  public Usage usage(String role, String base) throws IOException {
    return volumes.usage(ClusterLayout.roleDir(base, role));
  }

  /**
   * As {@link #usage}, empty where this user may not read the directory (a tenant listing roles:
   * HDFS measures only directories the caller can list).
   */
  public java.util.Optional<Usage> readableUsage(String role, String base) throws IOException {
    try {
      return java.util.Optional.of(usage(role, base));
    } catch (org.apache.hadoop.security.AccessControlException | java.nio.file.AccessDeniedException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Warnings about quotas just set, one line per kind: a quota below the space HDFS reserves for
   * a file being written refuses every write; one below what a directory holds refuses writes
   * until it shrinks.
   */
  public List<String> warnings(String role, Request request) throws IOException {
    List<String> tooSmall = new ArrayList<>();
    List<String> overfull = new ArrayList<>();
    long reservation = 0;
    for (String base : Names.BASE_DIRS) {
      String dir = ClusterLayout.roleDir(base, role);
      Limit s = request.space(base);
      if (s.kind() != Limit.Kind.SET) {
        continue;
      }
      long r = volumes.writeReservation(dir);
      Usage u = volumes.usage(dir);
      if (s.value() < r) {
        tooSmall.add(dir + " (" + QuotaSizes.bytes(s.value()) + ")");
        reservation = Math.max(reservation, r);
      } else if (u.spaceUsed() > s.value()) {
        overfull.add(dir + " (" + QuotaSizes.bytes(u.spaceUsed()) + " in " + QuotaSizes.bytes(s.value()) + ")");
      }
    }
    List<String> out = new ArrayList<>();
    if (!tooSmall.isEmpty()) {
      out.add("space quota below what HDFS reserves for a file being written (" + QuotaSizes.bytes(reservation)
          + ": a block times its replicas) on " + String.join(", ", tooSmall) + ": every write there fails; give at least "
          + "--space-quota " + QuotaSizes.spaceInput(reservation) + " or write with a smaller dfs.blocksize");
    }
    if (!overfull.isEmpty()) {
      out.add("already more than the new space quota in " + String.join(", ", overfull) + ": writes there fail until it shrinks");
    }
    return out;
  }

  static String spaceText(long quota) {
    return quota < 0 ? "none" : QuotaSizes.bytes(quota);
  }

  private static String spaceText(Limit l) {
    return l.kind() == Limit.Kind.NONE ? "none" : QuotaSizes.bytes(l.value());
  }

  static String countText(long quota) {
    return quota < 0 ? "none" : String.valueOf(quota);
  }

  private static String countText(Limit l) {
    return l.kind() == Limit.Kind.NONE ? "none" : String.valueOf(l.value());
  }

  /** Adds a directory's quotas and usage to its JSON: a quota is null when there is none, all four where it is unreadable. */
  public static void usageJson(com.fasterxml.jackson.databind.node.ObjectNode dir, java.util.Optional<io.zeta.cluster.volume.Usage> usage) {
    if (usage.isEmpty()) {
      // Not readable by this user: unknown, not zero.
      for (String key : List.of("spaceQuota", "spaceUsed", "namespaceQuota", "namespaceUsed")) {
        dir.putNull(key);
      }
      return;
    }
    io.zeta.cluster.volume.Usage u = usage.get();
    if (u.hasSpaceQuota()) {
      dir.put("spaceQuota", u.spaceQuota());
    } else {
      dir.putNull("spaceQuota");
    }
    dir.put("spaceUsed", u.spaceUsed());
    if (u.hasNamespaceQuota()) {
      dir.put("namespaceQuota", u.namespaceQuota());
    } else {
      dir.putNull("namespaceQuota");
    }
    dir.put("namespaceUsed", u.namespaceUsed());
  }

  /** {"supported": true, "backend": "hdfs"} or {"supported": false, "backend": "posix", "reason": "..."}. */
  public com.fasterxml.jackson.databind.node.ObjectNode supportJson() {
    var o = io.zeta.json.Json.object();
    o.put("supported", volumes().quotaRefusal().isEmpty());
    o.put("backend", volumes().kind());
    volumes().quotaRefusal().ifPresent(why -> o.put("reason", why));
    return o;
  }
}
