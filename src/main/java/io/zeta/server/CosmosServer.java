package io.zeta.server;

import io.zeta.catalog.RepositoryRef;
import io.zeta.cluster.AuditLog;
import io.zeta.http.Authenticator;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.http.WebServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;


/**
 * {@code zeta serve}: Cosmos's package API (and the DC/OS endpoints its CLI reads first) on Zeta's
 * {@link WebServer}, one {@link Resource} per Cosmos resource. Every refusal, the HTTP layer's
 * included (401, 404, 413...), is answered in Cosmos's error shape; a 401 carries
 * {@code WWW-Authenticate: acsjwt}, the challenge the DC/OS CLI understands.
 */
public final class CosmosServer implements AutoCloseable {
  private final WebServer server;
  private final Authentication auth;
  private final Routes routes;

  private CosmosServer(WebServer server, Authentication auth, Routes routes) {
    this.server = server;
    this.auth = auth;
    this.routes = routes;
  }

  /** The routes served (for the test that compares /zeta/v1's with its OpenAPI document). */
  public List<Routes.Route> routes() {
    return routes.all();
  }

  /**
   * Without a cluster: only the configured token ({@code http.token()}), acting as this process's user.
   *
   * @param audit where changes (repository add and delete) are recorded; empty for none
   */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, RequestLog log) throws IOException {
    Authentication auth = Authentication.localOnly(http.token().orElseThrow(
        () -> new IllegalArgumentException("zeta serve needs a token")));
    return start(http, packages, cacheDir, cluster, audit, auth, ServerAudit.none(), Optional.empty(), log);
  }

  /**
   * @param instances the cluster the instance endpoints (install, uninstall, list, service
   *     describe and update, /zeta/v1) act on; empty before a cluster exists (they answer 501)
   */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Optional<ServedInstances> instances, RequestLog log) throws IOException {
    Authentication auth = Authentication.localOnly(http.token().orElseThrow(
        () -> new IllegalArgumentException("zeta serve needs a token")));
    return start(http, packages, cacheDir, cluster, audit, instances, auth, ServerAudit.none(), Optional.empty(), log,
        List.of(), java.util.function.UnaryOperator.identity());
  }

  /**
   * The whole server: who sent each request is {@code auth}'s answer (login tokens, the local
   * admin token), {@code /service/marathon} goes to {@code scheduler} when given.
   *
   * @param serverAudit where logins and scheduler changes are recorded with the request's principal
   */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Authentication auth, ServerAudit serverAudit, Optional<MarathonProxy.Upstream> scheduler,
      RequestLog log) throws IOException {
    return start(http, packages, cacheDir, cluster, audit, Optional.empty(), auth, serverAudit, scheduler, log,
        List.of(), java.util.function.UnaryOperator.identity());
  }

  /**
   * All of it: the instance endpoints on {@code instances}, more resources beside Cosmos's (the web
   * console's), and a front authenticator around {@code auth} ({@code front}: the console's files
   * and session cookie first).
   */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Optional<ServedInstances> instances, Authentication auth, ServerAudit serverAudit,
      Optional<MarathonProxy.Upstream> scheduler, RequestLog log, List<Resource> more,
      java.util.function.UnaryOperator<Authenticator> front) throws IOException {
    Routes routes = new Routes();
    for (Resource r : resources(packages, cacheDir, cluster, audit, instances)) {
      routes.add(r);
    }
    routes.add(new AuthResource(auth, serverAudit));
    routes.add(new MarathonProxy(auth, serverAudit, scheduler));
    more.forEach(routes::add);
    return new CosmosServer(WebServer.start(http, routes, log, CosmosError::from, front.apply(auth)), auth, routes);
  }

  /** Who sends requests: the API other endpoints ask ({@link Authentication#of}) and extend ({@link Authentication#accept}). */
  public Authentication authentication() {
    return auth;
  }

  private static List<Resource> resources(Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Optional<ServedInstances> instances) {
    List<Resource> all = new java.util.ArrayList<>(List.of(
        new CapabilitiesResource(),
        new PackageSearchResource(packages),
        new PackageDescribeResource(packages),
        new PackageListVersionsResource(packages),
        new PackageRenderResource(packages),
        new PackageRepositoryResource(packages, cacheDir, audited(audit)),
        new PackageResourceProxy(packages),
        new MetadataResource(cluster)));
    if (instances.isPresent()) {
      ServedInstances i = instances.get();
      all.addAll(List.of(
          new PackageInstallResource(packages, i),
          new PackageUninstallResource(i),
          new PackageListResource(i),
          new ServiceDescribeResource(packages, i),
          new ServiceUpdateResource(packages, i),
          new ZetaRolesResource(i),
          new ZetaStagesResource(i),
          new ZetaInstancesResource(i),
          new ZetaCapabilitiesResource(i),
          new ZetaAuditResource(i),
          new ZetaOpenApiResource()));
    } else {
      all.add(new NotServedResource());
    }
    return all;
  }

  private static PackageRepositoryResource.Changes audited(Optional<AuditLog> audit) {
    return (command, target, change) -> {
      List<RepositoryRef> result;
      try {
        result = change.get();
      } catch (RuntimeException e) {
        record(audit, command, target, "failed: " + e.getMessage());
        throw e;
      }
      record(audit, command, target, "ok");
      return result;
    };
  }

  private static void record(Optional<AuditLog> audit, String command, String target, String result) {
    if (audit.isPresent()) {
      try {
        audit.get().record("serve: " + command, target, result);
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(CosmosServer.class).warn("could not write the audit log: {}", e.toString());
      }
    }
  }

  public int port() {
    return server.port();
  }

  public URI url() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }
}
