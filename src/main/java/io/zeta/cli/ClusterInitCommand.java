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

  @Override
  int execute() throws Exception {
    URI uri = root == null ? Clusters.defaultLocalRoot(env()).toUri() : Clusters.toUri(env(), root);
    String clusterName = name != null ? name : defaultName(uri);
    if (!clusterName.matches("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")) {
      throw new ZetaException("invalid cluster name '" + clusterName + "': letters, digits, '.', '_' and '-'");
    }
    String admin = adminUser != null ? adminUser : System.getProperty("user.name", "zetaadm");
    String token = tokenFile == null ? null : SchedulerSettings.readToken(env(), tokenFile);
    ClusterInitializer.Result result;
    try (Storage storage = HadoopStorage.open(uri)) {
      result = ClusterInitializer.init(storage, clusterName, scheduler, admin, capabilities, mount, token);
      if (result.created()) {
        new io.zeta.cluster.AuditLog(storage, io.zeta.cluster.Actor.current()).record("cluster init", clusterName, "ok");
      }
    } catch (java.io.IOException e) {
      throw new ZetaException("cannot create the cluster at " + uri + ": " + io.zeta.Causes.describe(e),
          "check the URI and that its filesystem is reachable and writable", e);
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
    } else {
      out().println("Cluster " + c.name() + " already exists at " + c.root() + "; nothing was changed.");
    }
    out().println("It is now the current cluster" + before.map(b -> " (it was " + userConfig.describe(b) + ")").orElse("") + ".");
    return 0;
  }

  private static String defaultName(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? (uri.getHost() == null ? "zeta" : uri.getHost()) : last;
  }
}
