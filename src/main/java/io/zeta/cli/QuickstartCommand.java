package io.zeta.cli;

import io.zeta.catalog.PackageRef;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.ClusterInitializer;
import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.lifecycle.InstallInstance;
import io.zeta.lifecycle.StartInstance;
import io.zeta.lifecycle.StatusQuery;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.TaskStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = {"Zeta's main job on one machine, in one command: create (or reuse) the local cluster ~/.zeta/cluster,",
        "start its embedded scheduler in the background, add the bundled packages/ repository, then stage, install and",
        "start the hello package as demo/hello, wait until it runs, and print its status and URL; it also starts",
        "`zeta serve` (the DC/OS API) in the background and prints its URL. `zeta agent stop` stops what it started. Running it",
        "again reuses everything."})
final class QuickstartCommand extends Subcommand {
  static final String ROLE = "demo";
  static final String ID = "hello";

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120",
      description = "How long to wait for hello to run (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  int execute() throws Exception {
    URI root = Clusters.defaultLocalRoot(env()).toUri();
    String clusterName;
    try (Storage storage = HadoopStorage.open(root)) {
      ClusterInitializer.Result init = ClusterInitializer.init(storage, "local", "local",
          System.getProperty("user.name", "zetaadm"), List.of(), null);
      if (init.created()) {
        new AuditLog(storage, io.zeta.cluster.Actor.current()).record("cluster init", "local", "ok");
      }
      clusterName = init.config().name();
      say((init.created() ? "created" : "reusing") + " cluster " + init.config().name() + " at " + init.config().root());
    }
    String current = root.toString().replaceAll("/+$", "");
    UserConfig userConfig = new UserConfig(env().home());
    Optional<String> switchedFrom = userConfig.use(clusterName, current);
    switchedFrom.ifPresent(before -> say("switched the current cluster from " + userConfig.describe(before) + " to "
        + clusterName + " (" + current + "); `zeta cluster use " + before + "` switches back"));
    try (Cluster cluster = Cluster.open(root)) {
      cluster.grant(io.zeta.identity.ClusterAccess.of(cluster, null, env().var(io.zeta.identity.ClusterAccess.CACHE_SECONDS_VAR)));
      AgentStartCommand.Started agent = AgentStartCommand.start(env(), LocalAgents.workDir(env(), cluster), 0, 60);
      say((agent.already() ? "reusing" : "started") + " the embedded scheduler at " + agent.record().url()
          + " (pid " + agent.record().pid() + ")");
      // Both on free ports (0): the API server never takes the agent's.
      ServeDaemon.Started serve = ServeDaemon.start(env(), LocalAgents.workDir(env(), cluster), current, 60);
      say((serve.already() ? "reusing" : "started") + " zeta serve (the DC/OS API) at " + serve.record().url()
          + " (pid " + serve.record().pid() + "; its local admin token is in " + serve.record().tokenFile() + ")");

      String registryAddress = startRegistry(cluster);

      RepositoryList repos = cluster.repositories();
      String packages = env().installDir().resolve("packages").toUri().toString();
      if (repos.list().stream().noneMatch(r -> r.uri().equals(packages))) {
        String name = repos.list().stream().anyMatch(r -> r.name().equals("zeta")) ? "zeta-bundled" : "zeta";
        audited(cluster, name, () -> repos.add(new RepositoryRef(name, packages), 0));
        say("added repository " + name + " (" + packages + ")");
      }

      if (!cluster.roles().exists(ROLE)) {
        audited(cluster, ROLE, () -> cluster.roles().add(ROLE));
        say("added role " + ROLE);
      }
      Optional<ClusterIndex.InstanceEntry> existing = cluster.index().instance(ROLE, ID);
      if (existing.isEmpty() || existing.get().state() == ClusterIndex.StoredState.REMOVED) {
        audited(cluster, ROLE + "/" + ID, () -> new InstallInstance(cluster,
            () -> Catalogs.open(env(), new RepoOptions(), root().cluster), new ArtifactFetcher(Hadoop.configuration(cluster)),
            new TerminalProgress(err(), env().terminal()))
            .run(new InstallInstance.Request(PackageRef.parse("hello"), ROLE, ID, Optional.empty(), Json.object(), true,
                Optional.empty())));
        say("staged and installed hello as " + ROLE + "/" + ID);
      } else {
        say("reusing the installed instance " + ROLE + "/" + ID);
      }

      AppRuntime runtime = Runtimes.of(cluster, env());
      List<AppStatus> started = audited(cluster, ROLE + "/" + ID, () -> new StartInstance(cluster, runtime)
          .run(ROLE, ID, true, Duration.ofSeconds(timeoutSeconds)));
      Optional<Integer> port = started.stream().flatMap(a -> a.tasks().stream()).filter(TaskStatus::isRunning)
          .flatMap(t -> t.ports().stream()).findFirst();
      if (structured()) {
        StatusQuery.InstanceStatus status = new StatusQuery(cluster, runtime).report().instance(ROLE, ID);
        var doc = PackageStatusCommand.instanceJson(status);
        doc.put("cluster", cluster.name());
        switchedFrom.ifPresent(before -> doc.put("switchedFrom", before));
        doc.put("url", port.map(p -> "http://127.0.0.1:" + p + "/").orElse(null));
        doc.put("schedulerUrl", agent.record().url());
        doc.put("serveUrl", serve.record().url());
        if (registryAddress != null) {
          doc.put("registryAddress", registryAddress);
        }
        print(result(ROLE + "/" + ID).setAll(doc));
        return 0;
      }
      out().println();
      StatusQuery.Report report = new StatusQuery(cluster, runtime).report();
      PackageListCommand.table(out(), List.of(report.instance(ROLE, ID)));
      out().println();
      out().println("hello is running; open it at:");
      out().println(port.map(p -> "http://127.0.0.1:" + p + "/").orElse("(no port)"));
      out().println();
      out().println("The DC/OS API (zeta serve) is at " + serve.record().url() + ": `dcos config set core.dcos_url "
          + serve.record().url() + "`, `dcos config set core.dcos_acs_token \"$(cat " + serve.record().tokenFile() + ")\"`.");
      out().println();
      out().println("Next: `bin/zeta package status`, `bin/zeta package logs " + ROLE + "/" + ID + "`, "
          + "`bin/zeta agent stop` and `bin/zeta registry stop` to stop everything.");
      return 0;
    }
  }

  /**
   * The embedded image registry, so packages with images stage them; where docker-registry is
   * missing (or the cluster names an external registry) a note says so and the rest goes on.
   */
  private String startRegistry(Cluster cluster) throws Exception {
    if (!cluster.config().registryConfig().embedded()) {
      return null;
    }
    if (!io.zeta.images.EmbeddedRegistry.installed()) {
      say("note: no image registry: docker-registry is not installed (apt-get install docker-registry); "
          + "packages with images stage without copying them");
      return null;
    }
    try {
      io.zeta.images.EmbeddedRegistry.Started r = audited(cluster, cluster.name(),
          () -> new io.zeta.images.EmbeddedRegistry(cluster, env().home().resolve("logs")).start());
      String address = r.status().address().orElse(null);
      say((r.started() ? "started" : "reusing") + " the image registry at " + address);
      return address;
    } catch (io.zeta.ZetaException e) {
      say("note: the image registry did not start (" + e.getMessage() + "); packages with images stage without copying them");
      return null;
    }
  }

  /** A step: on stdout for people, on stderr under -o json|yaml (stdout holds only the document). */
  private void say(String message) {
    java.io.PrintWriter to = structured() ? err() : out();
    to.println("quickstart: " + message);
    to.flush();
  }

}
