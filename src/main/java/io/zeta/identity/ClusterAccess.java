package io.zeta.identity;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterConfig;
import io.zeta.cluster.DirectoryConfig;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Authorizer} of a principal on a cluster: enforced with the cluster's directory when
 * it has one, else unenforced. The directory is connected on the first group lookup only (a
 * command that checks nothing, or only an admin's own actions, never connects) and closed with
 * the cluster. Group answers are cached per directory for the JVM ({@link GroupCache}).
 */
public final class ClusterAccess {
  /** The expiry of cached group answers: {@code $ZETA_IDENTITY_CACHE_SECONDS} or {@code -Didentity.cacheSeconds}, default 60. */
  public static final String CACHE_SECONDS_VAR = "ZETA_IDENTITY_CACHE_SECONDS";
  public static final String CACHE_SECONDS_PROPERTY = "identity.cacheSeconds";

  private static final Map<String, GroupCache> CACHES = new ConcurrentHashMap<>();

  private ClusterAccess() {}

  /**
   * @param principal who acts; null for this process's own (the OS user, or the Kerberos
   *     principal when Hadoop security is on)
   * @param cacheSeconds the expiry setting as configured (null: the default)
   */
  public static Authorizer of(Cluster cluster, Principal principal, String cacheSeconds) {
    ClusterConfig config = cluster.config();
    Optional<DirectoryConfig> dc = config.directoryConfig();
    if (dc.isEmpty()) {
      return Authorizer.unenforced(principal != null ? principal : Principal.os(), config.adminUser());
    }
    Principal who = principal != null ? principal : Principal.current();
    LazyDirectory directory = new LazyDirectory(cluster);
    cluster.closing(directory);
    Duration expiry = expiry(cacheSeconds);
    GroupCache cache = CACHES.computeIfAbsent(dc.get().url() + "|" + dc.get().baseDn() + "|" + expiry.toSeconds(),
        k -> new GroupCache(u -> Set.of(), expiry)).using(directory::groupsOf);
    Authorizer.Policy policy = new Authorizer.Policy(Optional.ofNullable(dc.get().adminGroup()),
        Optional.ofNullable(dc.get().packagersGroup()), config.adminUser());
    return Authorizer.enforced(who, policy, cache,
        role -> Directory.ROLE_BASES.stream().map(b -> Directory.roleGroup(role, b)).toList());
  }

  /** Forgets the cached group answers of every directory (after Zeta itself changed memberships). */
  public static void forgetGroups() {
    CACHES.values().forEach(GroupCache::clear);
  }

  static Duration expiry(String setting) {
    String s = setting != null ? setting : System.getProperty(CACHE_SECONDS_PROPERTY);
    if (s == null || s.isBlank()) {
      return GroupCache.DEFAULT_EXPIRY;
    }
    try {
      long n = Long.parseLong(s.strip());
      if (n >= 0 && n <= 86_400) {
        return Duration.ofSeconds(n);
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new ZetaException("invalid identity.cacheSeconds '" + s + "': a number of seconds from 0 (no cache) to 86400",
        "fix " + CACHE_SECONDS_VAR + " or -D" + CACHE_SECONDS_PROPERTY, null);
  }

  /** The cluster's directory, connected when first asked. */
  private static final class LazyDirectory implements Closeable {
    private final Cluster cluster;
    private Directory directory;

    LazyDirectory(Cluster cluster) {
      this.cluster = cluster;
    }

    synchronized Set<String> groupsOf(String user) {
      try {
        if (directory == null) {
          directory = Directories.open(cluster.config(), cluster.storage()).orElseThrow();
        }
        return directory.groupsOf(user);
      } catch (IOException e) {
        throw new ZetaException("cannot look up the groups of " + user + " in the directory: " + io.zeta.Causes.describe(e),
            "check that the directory server is reachable (zeta cluster info shows it)", e);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (directory != null) {
        directory.close();
      }
    }
  }
}
