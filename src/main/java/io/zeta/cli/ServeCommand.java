package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.UserRepositoryStore;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.Tokens;
import io.zeta.server.CosmosServer;
import io.zeta.server.Packages;
import io.zeta.server.ServedCluster;
import io.zeta.web.WebConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve Cosmos's package API (what the DC/OS CLI speaks) for the cluster's repositories, until "
        + "stopped (Ctrl-C, SIGTERM).",
        "Plain HTTP on 127.0.0.1 only. Every request needs the token written (mode 0600, new at every start) to the "
            + "token file, as 'Authorization: token=<t>'. Point the DC/OS CLI at it with "
            + "`dcos config set core.dcos_url http://127.0.0.1:PORT` and "
            + "`dcos config set core.dcos_acs_token $(cat TOKEN_FILE)`. See docs/SERVE.md for what is served."})
final class ServeCommand extends Subcommand {
  static final String TOKEN_FILE = "serve.token";

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "The port on 127.0.0.1; 0 (the default) picks a free one (printed).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on: 127.0.0.1 only for now (plain HTTP, no TLS yet).")
  String bind;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "Where to write the API token (default: serve.token in the Zeta directory).")
  Path tokenFile;

  @Option(names = "--fetch-icons",
      description = "Let the web console's server fetch packages' remote icons (http/https, bounded) to show them; "
          + "without it remote icons are drawn as placeholders (the page never loads anything from another host).")
  boolean fetchIcons;

  @Override
  int execute() throws Exception {
    if (!bind.equals("127.0.0.1") && !bind.equals("localhost")) {
      throw usage("--bind " + bind + ": zeta serve listens on 127.0.0.1 only (plain HTTP without TLS must not "
          + "leave the machine); use --bind 127.0.0.1");
    }
    if (port < 0 || port > 65535) {
      throw usage("--port " + port + " is not a port: use 0 to 65535");
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
    Tokens.writeOwnerOnly(file, token);
    HttpServerConfig http = HttpServerConfig.loopback(port).withToken(token).withRealm("zeta-serve");
    CosmosServer server;
    try {
      Packages packages = new Packages(list, env().cacheDir(), Duration.ofMinutes(1));
      WebConsole console = new WebConsole(packages, cluster, Optional.of(token), false, fetchIcons);
      server = CosmosServer.start(http, packages, env().cacheDir(), served, cluster.map(Cluster::audit),
          io.zeta.http.RequestLog.NONE, console.resources(), console.authenticator(Optional.empty()));
    } catch (java.io.IOException e) {
      throw new ZetaException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(),
          "choose another --port, or 0 for a free one", e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        .orElse("the repositories of " + env().home()) + "; token in " + file);
    out().println("  web console: " + server.url() + "/ (log in with the token)");
    out().println("  dcos config set core.dcos_url " + server.url());
    out().println("  dcos config set core.dcos_acs_token \"$(cat " + file + ")\"");
    out().flush();
    stopped.await();
    return 0;
  }
}
