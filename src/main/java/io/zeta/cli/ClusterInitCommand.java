package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.ClusterConfig;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.cluster.storage.Storage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
    description = {"Create a cluster: base dirs apps, data, etl, zeta; zeta/shared; zeta/kstore; role shared.",
        "Records it as the current cluster in ~/.zeta/config.json. On an existing cluster it changes nothing."})
final class ClusterInitCommand extends Subcommand {
  @Option(names = "--root", paramLabel = "URI",
      description = "Cluster root on a Hadoop filesystem: file:///dir, hdfs://namenode:8020/path, maprfs:///... "
          + "(default: ~/.zeta/cluster, the embedded local cluster).")
  String root;

  @Option(names = "--name", description = "Cluster name (default: the last segment of the root).")
  String name;

  @Option(names = "--scheduler", paramLabel = "local|URL", defaultValue = "local",
      description = "'local' for the embedded scheduler, or Marathon's URL (default: ${DEFAULT-VALUE}).")
  String scheduler;

  @Option(names = "--admin-user", paramLabel = "USER", description = "Owner of role directories (default: the current OS user).")
  String adminUser;

  @Option(names = "--capability", paramLabel = "NAME", description = "Declare a capability the cluster offers (docker, gpu...). Repeatable.")
  List<String> capabilities = new ArrayList<>();

  @Option(names = "--mount", paramLabel = "PATH",
      description = "Where every node mounts the cluster root (e.g. /mapr/mycluster), so tasks can use POSIX paths.")
  String mount;

  @Option(names = "--scheduler-token-file", paramLabel = "FILE",
      description = "A file holding Marathon's DC/OS token (not on the command line, where `ps` shows it; '-' for stdin). "
          + "Kept in /zeta/kstore/secrets/scheduler-token, mode 0600; ZETA_MARATHON_TOKEN overrides it.")
  String tokenFile;

  @Option(names = io.zeta.lifecycle.TargetMarathon.FLAG, paramLabel = "MAJOR.MINOR",
      description = "The Marathon release the scheduler runs (apps are checked for it); default: what Marathon's "
          + "/v2/info says, else 1.7 until the first start reads it.")
  String marathonVersion;

  @Mixin
  DirectoryOptions directoryOptions;

  @Mixin
  RegistryOptions registryOptions;

  @Override
  int execute() throws Exception {
    URI uri = root == null ? Clusters.defaultLocalRoot(env()).toUri() : Clusters.toUri(env(), root);
    String clusterName = name != null ? name : defaultName(uri);
    if (!clusterName.matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")) {
      throw new ZetaException("invalid cluster name '" + clusterName + "': letters, digits, '.', '_' and '-'");
    }
    String admin = adminUser != null ? adminUser : System.getProperty("user.name", "zetaadm");
    String token = tokenFile == null ? null : SchedulerSettings.readToken(env(), tokenFile);
    if (marathonVersion != null) {
      io.zeta.scheduler.MarathonVersion.parse(marathonVersion, io.zeta.lifecycle.TargetMarathon.FLAG);
    }
    ClusterInitializer.Result result;
    String marathonNote = null;
    io.zeta.cluster.RegistryConfig registry = null;
    if (registryOptions.given()) {
      registryOptions.validate(env());
      registry = registryOptions.merge(io.zeta.cluster.RegistryConfig.EMBEDDED, env());
    }
    // A directory is checked (bound to) before anything is created, and the shared role's accounts
    // made there first: a refusal leaves no cluster behind.
    ClusterSetup.Directory directory = directoryOptions.given() ? ClusterSetup.check(directoryOptions, null, env()) : null;
    try (Storage storage = HadoopStorage.open(uri)) {
      if (directory != null && storage.exists(io.zeta.cluster.ClusterLayout.CLUSTER_CONFIG)) {
        throw new ZetaException("a cluster already exists at " + uri + "; nothing was changed",
            "configure its directory with `zeta cluster set --ldap ...`", null);
      }
      io.zeta.identity.RoleAccounts shared = directory == null ? null
          : directory.directory().ensureRole(io.zeta.cluster.Names.SHARED_ROLE, io.zeta.identity.Directory.SHARED_UID_START);
      try {
        result = ClusterInitializer.init(storage, clusterName, scheduler, admin, capabilities, mount, token);
      } catch (RuntimeException | java.io.IOException e) {
        if (shared != null && !shared.created().isEmpty()) {
          directory.directory().removeRole(io.zeta.cluster.Names.SHARED_ROLE);
        }
        throw e;
      }
      if (result.created() && directory != null) {
        io.zeta.cluster.Cluster cluster = ClusterSetup.save(io.zeta.cluster.Cluster.open(storage), directory);
        cluster.roles().recordUidStart(io.zeta.cluster.Names.SHARED_ROLE, shared.uidStart());
        result = new ClusterInitializer.Result(true, cluster.config());
      }
      if (result.created() && registry != null) {
        io.zeta.cluster.Cluster cluster = registryOptions.apply(io.zeta.cluster.Cluster.open(storage), env());
        result = new ClusterInitializer.Result(true, cluster.config());
      }
      if (result.created()) {
        new io.zeta.cluster.AuditLog(storage, io.zeta.cluster.Actor.current()).record("cluster init", clusterName, "ok");
        marathonNote = recordMarathonVersion(storage, token);
      }
    } catch (java.io.IOException e) {
      throw new ZetaException("cannot create the cluster at " + uri + ": " + io.zeta.Causes.describe(e),
          "check the URI and that its filesystem is reachable and writable", e);
    } finally {
      if (directory != null) {
        ClusterDirectory.closeQuietly(directory.directory());
      }
    }
    ClusterConfig c = result.config();
    UserConfig userConfig = new UserConfig(env().home());
    java.util.Optional<String> before = userConfig.use(c.name(), c.root());
    if (structured()) {
      var doc = result(c.name()).put("cluster", c.name()).put("root", c.root()).put("scheduler", c.scheduler())
          .put("created", result.created()).put("current", true);
      before.ifPresent(b -> doc.put("switchedFrom", b));
      print(doc);
      return 0;
    }
    if (result.created()) {
      out().println("Created cluster " + c.name() + " at " + c.root() + " (scheduler: " + c.scheduler() + ").");
      if (c.directory() != null) {
        out().println("Directory: " + c.directory().url() + " (" + c.directory().layout() + " layout, base " + c.directory().baseDn()
            + "); role shared has its accounts there.");
      }
    } else {
      out().println("Cluster " + c.name() + " already exists at " + c.root() + "; nothing was changed.");
    }
    if (marathonNote != null) {
      out().println(marathonNote);
    }
    out().println("It is now the current cluster" + before.map(b -> " (it was " + userConfig.describe(b) + ")").orElse("") + ".");
    return 0;
  }

  /**
   * Records the scheduler's Marathon release (what apps are checked for): --marathon-version, else
   * what Marathon's /v2/info says. The local scheduler's own is recorded at its first start.
   */
  private String recordMarathonVersion(Storage storage, String token) throws java.io.IOException {
    if (marathonVersion != null) {
      io.zeta.cluster.SchedulerInfo.write(storage, marathonVersion, io.zeta.lifecycle.TargetMarathon.FLAG);
      return "Apps are checked for Marathon " + io.zeta.scheduler.MarathonVersion.parse(marathonVersion,
          io.zeta.lifecycle.TargetMarathon.FLAG) + " (" + io.zeta.lifecycle.TargetMarathon.FLAG + ").";
    }
    if (ClusterConfig.LOCAL_SCHEDULER.equals(scheduler)) {
      return null;
    }
    io.zeta.scheduler.ClientSettings settings = io.zeta.scheduler.ClientSettings.defaults();
    String t = env().var("ZETA_MARATHON_TOKEN") != null ? env().var("ZETA_MARATHON_TOKEN") : token;
    if (t != null && !t.isBlank()) {
      settings = settings.withToken(t);
    }
    try {
      String reported = io.zeta.scheduler.MarathonClient.of(scheduler, settings).info().path("version").asText(null);
      java.util.Optional<io.zeta.scheduler.MarathonVersion> v = io.zeta.scheduler.MarathonVersion.fromInfo(reported);
      if (v.isPresent()) {
        io.zeta.cluster.SchedulerInfo.write(storage, reported, "/v2/info of " + scheduler);
        return "Marathon " + v.get() + " (from its /v2/info): apps are checked for it.";
      }
    } catch (RuntimeException unreachable) {
      // Said below; the first start asks again.
    }
    return "Could not read Marathon's version from " + scheduler + "/v2/info: apps are checked for Marathon "
        + io.zeta.scheduler.MarathonVersion.BASELINE + " until a start reads it (or give " + io.zeta.lifecycle.TargetMarathon.FLAG + ").";
  }

  private static String defaultName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? (uri.getHost() == null ? "zeta" : uri.getHost()) : last;
  }
}
