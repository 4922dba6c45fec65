package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.UserRepositoryStore;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Durations;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.TlsIdentity;
import io.zeta.http.Tokens;
import io.zeta.identity.ClusterAccess;
import io.zeta.identity.ServerIdentity;
import io.zeta.scheduler.embedded.AgentLocator;
import io.zeta.scheduler.embedded.AgentRecord;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosServer;
import io.zeta.server.MarathonProxy;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.server.ServedInstances;
import io.zeta.server.ServerAudit;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import io.zeta.web.WebConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve Cosmos's package API, DC/OS's login and Marathon (/service/marathon) for the cluster, "
        + "until stopped (Ctrl-C, SIGTERM).",
        "Plain HTTP on 127.0.0.1 only; any other address needs TLS (--tls-cert and --tls-key, or --tls-keystore). "
            + "Requests need a login token (POST /acs/api/v1/auth/login, checked against the cluster's directory) or "
            + "the local admin token written (mode 0600, new at every start) to the token file. Point the DC/OS CLI "
            + "at it with `dcos config set core.dcos_url URL` and `dcos auth login`. See docs/SERVE.md."})
final class ServeCommand extends Subcommand {
  static final String TOKEN_FILE = "serve.token";

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "The port; 0 (the default) picks a free one (printed).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default 127.0.0.1). Anything but loopback needs TLS.")
  String bind;

  @Option(names = "--host-name", paramLabel = "NAME",
      description = "A name clients address the server by (its Host header), besides the bind address; repeatable.")
  List<String> hostNames = new ArrayList<>();

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Where to write the local admin token (default: serve.token in the Zeta directory).")
  Path tokenFile;

  @picocli.CommandLine.Mixin
  ArtifactOptions artifacts;

  @Option(names = "--token-expiry", paramLabel = "DURATION", defaultValue = "8h",
      description = "How long a login token is valid (default ${DEFAULT-VALUE}; at most 30 days).")
  String tokenExpiry;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "The server's certificate (chain), PEM.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "Its private key: PEM, unencrypted PKCS#8 (BEGIN PRIVATE KEY).")
  Path tlsKey;

  @Option(names = "--tls-keystore", paramLabel = "P12", description = "Instead of PEM files: a PKCS#12 key store.")
  Path tlsKeystore;

  @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
      description = "The key store's password, first line of FILE (never on the command line).")
  Path tlsKeystorePasswordFile;

  @Option(names = "--fetch-icons",
      description = "Let the web console's server fetch packages' remote icons (http/https, bounded) to show them; "
          + "without it remote icons are drawn as placeholders (the page never loads anything from another host).")
  boolean fetchIcons;

  @Option(names = "--record", paramLabel = "FILE", hidden = true,
      description = "Where to write pid and URL once listening (quickstart's background server; removed at stop).")
  Path record;

  @Override
  int execute() throws Exception {
    if (port < 0 || port > 65535) {
      throw usage("--port " + port + " is not a port: use 0 to 65535");
    }
    Duration expiry = Durations.parse(tokenExpiry, "--token-expiry");
    if (expiry.isZero() || expiry.compareTo(Duration.ofDays(30)) > 0) {
      throw usage("--token-expiry " + tokenExpiry + ": give a duration from 1s to 30 days (720h)");
    }
    Optional<TlsIdentity> tls = tls();
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw usage("--bind " + bind + ": not an address of this machine");
    }
    if (!address.isLoopbackAddress() && tls.isEmpty()) {
      throw usage("--bind " + bind + ": plain HTTP is served on 127.0.0.1 only (tokens and passwords must not cross "
          + "the network in clear); give --tls-cert PEM --tls-key PEM (or --tls-keystore), or use --bind 127.0.0.1");
    }
    Path file = tokenFile != null ? env().path(tokenFile.toString()) : env().home().resolve(TOKEN_FILE);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Optional<Cluster> cluster = Clusters.configured(env(), root().cluster).isPresent()
        ? Optional.of(Clusters.open(env(), root().cluster)) : Optional.empty();
    RepositoryList list = cluster.map(Cluster::repositories)
        .orElseGet(() -> new RepositoryList(new UserRepositoryStore(env().home())));
    ServedCluster served = cluster.map(c -> ServedCluster.of(c.name(), c.config().root()))
        .orElseGet(() -> ServedCluster.of("local", env().home().toAbsolutePath().toString()));
    String token = Tokens.generate();
    Authentication auth;
    Optional<ServerIdentity> identity = Optional.empty();
    if (cluster.isPresent()) {
      Cluster c = cluster.get();
      // The server's own access: the process's user (the owner, who may read the secrets).
      c.grant(ClusterAccess.of(c, null, env().var(ClusterAccess.CACHE_SECONDS_VAR)));
      identity = Optional.of(ServerIdentity.of(c, env().var(ClusterAccess.CACHE_SECONDS_VAR)));
      c.closing(identity.get());
      byte[] key = identity.get().hasDirectory() ? Authentication.signingKey(c.storage()) : new byte[32];
      auth = Authentication.forCluster(token, identity.get(), key, served.id(), expiry);
    } else {
      auth = Authentication.localOnly(token);
    }
    Tokens.writeOwnerOnly(file, token);
    List<String> names = new ArrayList<>();
    names.add(address.isLoopbackAddress() ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind);
    if (address.isLoopbackAddress()) {
      names.addAll(List.of("localhost", "[::1]"));
    }
    names.addAll(hostNames);
    HttpServerConfig http = HttpServerConfig.loopback(port).withBind(address, names).withToken(token)
        .withRealm("zeta-serve");
    if (tls.isPresent()) {
      http = http.withTls(tls.get());
    }
    CosmosServer server;
    try {
      Packages packages = new Packages(list, env().cacheDir(), Duration.ofMinutes(1));
      WebConsole console = new WebConsole(packages, cluster, auth, tls.isPresent(), fetchIcons, cluster.map(c ->
          new WebConsole.Services(() -> Runtimes.of(c, env()), f -> artifacts.fetcher(env(), f),
              c.config().localScheduler() ? Optional.of(LocalAgents.workDir(env(), c)) : Optional.empty())));
      server = CosmosServer.start(http, packages, env().cacheDir(), served, cluster.map(Cluster::audit), auth,
          ServerAudit.of(cluster), cluster.map(this::scheduler), cluster.map(c -> instances(c, auth)),
          io.zeta.http.RequestLog.NONE, console.resources(), console::authenticator);
    } catch (java.io.IOException e) {
      throw new ZetaException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(),
          "choose another --port, or 0 for a free one", e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (record != null) {
        ServeDaemon.remove(record);
      }
      server.close();
      cluster.ifPresent(c -> {
        try {
          c.close();
        } catch (java.io.IOException e) {
          // Stopping anyway; the cluster holds no lock for serve.
        }
      });
      stopped.countDown();
    }, "zeta-serve-shutdown"));
    out().println("zeta serve: Cosmos API at " + server.url() + " for " + cluster.map(c -> "cluster " + c.name())
        .orElse("the repositories of " + env().home()) + "; local admin token in " + file);
    out().println("  web console: " + server.url() + "/ (log in with the local admin token"
        + (auth.loginAvailable() ? " or a directory user)" : ")"));
    out().println("  dcos config set core.dcos_url " + server.url());
    if (auth.loginAvailable()) {
      out().println("  dcos auth login --username UID   (the directory's password; tokens valid " + Durations.format(expiry)
          + ")");
    } else {
      out().println("  dcos config set core.dcos_acs_token \"$(cat " + file + ")\"   (no directory: no logins)");
    }
    out().flush();
    if (record != null) {
      ServeDaemon.write(record, server.url().toString(), file);
    }
    stopped.await();
    return 0;
  }

  /**
   * The cluster as the instance endpoints act on it: each request with its principal's rights
   * (the login's user, the cluster's owner for the local admin token); the scheduler is looked up
   * per request (a local agent may be started after serve).
   */
  private ServedInstances instances(Cluster cluster, Authentication auth) {
    return new ServedInstances(cluster, request -> auth.of(request).access(), () -> Runtimes.of(cluster, env()),
        c -> artifacts.fetcher(env(), c));
  }

  private Optional<TlsIdentity> tls() {
    if (tlsKeystore != null) {
      if (tlsCert != null || tlsKey != null) {
        throw usage("give either --tls-keystore or --tls-cert with --tls-key, not both");
      }
      if (tlsKeystorePasswordFile == null) {
        throw usage("--tls-keystore needs --tls-keystore-password-file FILE");
      }
      String pw = io.zeta.identity.BindPassword.fromFile(env().path(tlsKeystorePasswordFile.toString()).toString(),
          env().cwd(), env().in());
      return Optional.of(checked(() -> TlsIdentity.fromPkcs12(env().path(tlsKeystore.toString()), pw)));
    }
    if (tlsCert == null && tlsKey == null) {
      return Optional.empty();
    }
    if (tlsCert == null || tlsKey == null) {
      throw usage("--tls-cert and --tls-key go together: give both PEM files");
    }
    return Optional.of(checked(() -> TlsIdentity.fromPem(env().path(tlsCert.toString()), env().path(tlsKey.toString()))));
  }

  private static TlsIdentity checked(java.util.function.Supplier<TlsIdentity> load) {
    try {
      return load.get();
    } catch (IllegalArgumentException e) {
      throw new ZetaException("TLS: " + e.getMessage(), "give the server's certificate and key (see docs/SERVE.md, TLS)", null);
    }
  }

  /** The cluster's scheduler, looked up at each request: the local agent (its URL and token) or Marathon. */
  private MarathonProxy.Upstream scheduler(Cluster cluster) {
    if (cluster.config().localScheduler()) {
      Path workDir = LocalAgents.workDir(env(), cluster);
      return () -> {
        Optional<AgentRecord> agent = AgentLocator.read(workDir).filter(r -> AgentLocator.process(r).isPresent());
        AgentRecord a = agent.orElseThrow(() -> new ZetaException("the local scheduler of cluster " + cluster.name()
            + " is not running; start it with `zeta agent start`"));
        return new MarathonProxy.Target(URI.create(a.url()), AgentLocator.token(workDir));
      };
    }
    String fromEnv = env().var("ZETA_MARATHON_TOKEN");
    return () -> {
      Optional<String> token;
      try {
        token = fromEnv != null && !fromEnv.isBlank() ? Optional.of(fromEnv) : cluster.schedulerToken();
      } catch (java.io.IOException e) {
        throw new ZetaException("cannot read the scheduler token: " + io.zeta.Causes.describe(e));
      }
      return new MarathonProxy.Target(URI.create(cluster.config().scheduler()), token);
    };
  }
}
