package io.zeta.cluster;

/**
 * Where everything lives on shared storage, as cluster paths:
 * <pre>
 * /{apps,data,etl,zeta}/&lt;role&gt;/&lt;pkg&gt;/&lt;id&gt;/   instance homes
 * /zeta/shared/&lt;pkg&gt;/stage/&lt;version&gt;/          staged packages
 * /zeta/kstore/cluster.json                    cluster configuration (no secrets; 0644)
 * /zeta/kstore/secrets/scheduler-token         the scheduler's token (dir 0700, file 0600)
 * /zeta/kstore/secrets/ldap-bind-password      the directory's bind password (0600)
 * /zeta/kstore/secrets/registry-password       the external registry's password (0600)
 * /zeta/kstore/registry/                       the embedded registry's config.yml, registry.json, registry.log
 * /zeta/shared/registry/docker/registry/v2/    the embedded registry's blobs and manifests
 * /zeta/kstore/repositories.json               repository list
 * /zeta/kstore/env/env_&lt;role&gt;/&lt;pkg&gt;_&lt;id&gt;.sh     env exports
 * /zeta/kstore/roles/&lt;role&gt;.json              role records
 * /zeta/kstore/index/{instances,stages}/       the status index (entry names only)
 * /zeta/kstore/locks/                          operations in progress
 * /zeta/kstore/audit/audit.log                 audit log
 * </pre>
 * Temporary directories sit beside their final place (same directory, same volume), so
 * publishing is one rename even where volumes are separate, as on MapR.
 */
public final class ClusterLayout {
  public static final String KSTORE = "/zeta/kstore";
  public static final String CLUSTER_CONFIG = KSTORE + "/cluster.json";
  /** Credentials of the cluster itself, owner-only; see {@link SchedulerToken}. */
  public static final String SECRETS = KSTORE + "/secrets";
  public static final String SCHEDULER_TOKEN = SECRETS + "/scheduler-token";
  /** The password Zeta binds to the directory with ({@code identity.BindPassword}); 0600 like the token. */
  public static final String LDAP_BIND_PASSWORD = SECRETS + "/ldap-bind-password";
  /** The key that signs zeta serve's login tokens (HMAC-SHA256); generated once per cluster. */
  public static final String SERVE_TOKEN_KEY = SECRETS + "/serve-token-key";
  public static final int SECRETS_DIR_MODE = 0700;
  /** The external registry's basic-auth password ({@code images.RegistryPassword}); 0600 like the token. */
  public static final String REGISTRY_PASSWORD = SECRETS + "/registry-password";
  /**
   * The embedded registry's blob storage (docker-registry's rootdirectory; it keeps
   * {@code docker/registry/v2/} under it), on the cluster's POSIX mount so every node sees it.
   */
  public static final String REGISTRY_ROOT = "/zeta/shared/registry";
  /** The embedded registry's config.yml, its record (host, pid, port) and its log. */
  public static final String REGISTRY_STATE = KSTORE + "/registry";
  /**
   * cluster.json: every user of the cluster (tenants of roles included) must read it to run any
   * command, and it holds no secret, so 0644. Not 0640: tenants are in their role's group, not
   * necessarily in the group of /zeta/kstore.
   */
  public static final int CONFIG_MODE = 0644;
  public static final String REPOSITORIES = KSTORE + "/repositories.json";
  /** What the cluster knows of its scheduler, as observed (its Marathon version); see {@link SchedulerInfo}. */
  public static final String SCHEDULER_INFO = KSTORE + "/scheduler-info.json";
  public static final String ENV = KSTORE + "/env";
  public static final String ROLES = KSTORE + "/roles";
  public static final String INDEX_INSTANCES = KSTORE + "/index/instances";
  public static final String INDEX_STAGES = KSTORE + "/index/stages";
  public static final String LOCKS = KSTORE + "/locks";
  public static final String AUDIT_DIR = KSTORE + "/audit";
  public static final String AUDIT_LOG = AUDIT_DIR + "/audit.log";
  public static final String SHARED = "/zeta/shared";
  /**
   * Files holding credentials (the scheduler token, an instance's secrets.json): the owner only.
   */
  public static final int PRIVATE_MODE = 0600;
  /**
   * Files holding option values (instance.json, marathon.json, env.sh, the role env files): the
   * owner, and the group the file gets from its directory (the role's group), read only. Never others.
   */
  public static final int INSTANCE_FILE_MODE = 0640;
  /** Prefix of directories being built aside; never part of the published tree. */
  public static final String TMP_PREFIX = ".zeta-tmp-";

  private ClusterLayout() {}

  public static String baseDir(String base) {
    return "/" + base;
  }

  public static String roleDir(String base, String role) {
    return "/" + base + "/" + role;
  }

  public static String packageDir(String base, String role, String pkg) {
    return roleDir(base, role) + "/" + pkg;
  }

  public static String instanceHome(String base, String role, String pkg, String id) {
    return packageDir(base, role, pkg) + "/" + id;
  }

  public static String instanceTmp(String base, String role, String pkg, String id, String nonce) {
    return packageDir(base, role, pkg) + "/" + TMP_PREFIX + id + "-" + nonce;
  }

  public static String envDir(String role) {
    return ENV + "/env_" + role;
  }

  public static String envFile(String role, String pkg, String id) {
    return envDir(role) + "/" + pkg + "_" + id + ".sh";
  }

  public static String roleRecord(String role) {
    return ROLES + "/" + role + ".json";
  }

  public static String stageRoot(String pkg) {
    return SHARED + "/" + pkg + "/stage";
  }

  public static String stageDir(String pkg, String version) {
    return stageRoot(pkg) + "/" + version;
  }

  public static String stageTmp(String pkg, String version, String nonce) {
    return stageRoot(pkg) + "/" + TMP_PREFIX + version + "-" + nonce;
  }
}
