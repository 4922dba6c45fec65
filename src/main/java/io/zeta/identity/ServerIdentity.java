package io.zeta.identity;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterConfig;
import io.zeta.cluster.DirectoryConfig;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Identity for a long-running server ({@code zeta serve}): the cluster's directory opened once,
 * on first use, for every request (a CLI command opens one per process, see {@link ClusterAccess});
 * logins checked by binding as the user; an {@link Authorizer} per request's principal, whose groups
 * come from one {@link GroupCache} with the configured expiry. Without a directory nothing is
 * enforced and there is no login. Thread-safe.
 */
public final class ServerIdentity implements Closeable {
  private final ClusterConfig config;
  private final Optional<DirectoryConfig> directoryConfig;
  private final Cluster cluster;
  private final GroupCache groups;
  private Directory directory;

  private ServerIdentity(Cluster cluster, Duration expiry) {
    this.cluster = cluster;
    this.config = cluster.config();
    this.directoryConfig = config.directoryConfig();
    this.groups = new GroupCache(this::lookUpGroups, expiry);
  }

  /** @param cacheSeconds the group cache's expiry as configured (null: the default, see {@link ClusterAccess}) */
  public static ServerIdentity of(Cluster cluster, String cacheSeconds) {
    return new ServerIdentity(cluster, ClusterAccess.expiry(cacheSeconds));
  }

  /** Whether a directory is configured: logins possible, roles enforced. */
  public boolean hasDirectory() {
    return directoryConfig.isPresent();
  }

  /** The cluster's owner: who the server's local admin token acts as. */
  public Principal owner() {
    return Principal.of(config.adminUser(), "http");
  }

  /**
   * The principal whose password this is, by an LDAP bind as the user's entry; empty when the
   * directory refuses (unknown user, wrong or empty password). Only with a directory.
   */
  public Optional<Principal> login(String uid, String password) {
    if (!hasDirectory()) {
      throw new IllegalStateException("no directory configured");
    }
    try {
      return directory().authenticate(uid, password).map(u -> Principal.of(u.uid(), "http"));
    } catch (IOException e) {
      throw new ZetaException("cannot check the password in the directory: " + io.zeta.Causes.describe(e),
          "check that the directory server is reachable (zeta cluster info shows it)", e);
    }
  }

  /** What the principal may, as {@code cluster.Access} asks it. */
  public Authorizer authorizer(Principal principal) {
    if (!hasDirectory()) {
      return Authorizer.unenforced(principal, config.adminUser());
    }
    DirectoryConfig dc = directoryConfig.get();
    Authorizer.Policy policy = new Authorizer.Policy(Optional.ofNullable(dc.adminGroup()),
        Optional.ofNullable(dc.packagersGroup()), config.adminUser());
    return Authorizer.enforced(principal, policy, groups,
        role -> Directory.ROLE_BASES.stream().map(b -> Directory.roleGroup(role, b)).toList());
  }

  private Set<String> lookUpGroups(String user) {
    try {
      return directory().groupsOf(user);
    } catch (IOException e) {
      throw new ZetaException("cannot look up the groups of " + user + " in the directory: " + io.zeta.Causes.describe(e),
          "check that the directory server is reachable (zeta cluster info shows it)", e);
    }
  }

  private synchronized Directory directory() throws IOException {
    if (directory == null) {
      directory = Directories.open(config, cluster.storage()).orElseThrow();
    }
    return directory;
  }

  @Override
  public synchronized void close() throws IOException {
    if (directory != null) {
      directory.close();
      directory = null;
    }
  }
}
