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

  private final Optional<ZetaEventsResource> events;

  private CosmosServer(WebServer server, Authentication auth, Routes routes, Optional<ZetaEventsResource> events) {
    this.server = server;
    this.auth = auth;
    this.routes = routes;
    this.events = events;
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
    return start(http, packages, cacheDir, cluster, audit, auth, ServerAudit.none(), Optional.empty(), Optional.empty(),
        log);
  }

  /** The local admin token only, with the instance endpoints on a cluster (tests of those endpoints). */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Optional<ServedInstances> instances, RequestLog log) throws IOException {
    Authentication auth = Authentication.localOnly(http.token().orElseThrow(
        () -> new IllegalArgumentException("zeta serve needs a token")));
    return start(http, packages, cacheDir, cluster, audit, auth, ServerAudit.none(), Optional.empty(), instances, log);
  }

  /**
   * The whole server: who sent each request is {@code auth}'s answer (login tokens, the local
   * admin token), {@code /service/marathon} goes to {@code scheduler} when given.
   *
   * @param serverAudit where logins and scheduler changes are recorded with the request's principal
   * @param instances the cluster the instance endpoints (install, uninstall, list, service
   *     describe and update, /zeta/v1) act on; empty before a cluster exists (they answer 501)
   */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Authentication auth, ServerAudit serverAudit, Optional<MarathonProxy.Upstream> scheduler,
      Optional<ServedInstances> instances, RequestLog log) throws IOException {
    return start(http, packages, cacheDir, cluster, audit, auth, serverAudit, scheduler, instances, log, List.of(),
        java.util.function.UnaryOperator.identity());
  }

  /**
   * All of it, with more resources beside Cosmos's (the web console's) and a front authenticator
   * around {@code auth} ({@code front}: the console's files and session cookie first).
   */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Authentication auth, ServerAudit serverAudit, Optional<MarathonProxy.Upstream> scheduler,
      Optional<ServedInstances> instances, RequestLog log, List<Resource> more,
      java.util.function.UnaryOperator<Authenticator> front) throws IOException {
    Routes routes = new Routes();
    for (Resource r : resources(packages, cacheDir, cluster, auth, serverAudit == ServerAudit.NONE
        ? ServerAudit.ofLog(audit) : serverAudit, instances)) {
      routes.add(r);
    }
    routes.add(new AuthResource(auth, serverAudit));
    routes.add(new MarathonProxy(auth, serverAudit, scheduler));
    more.forEach(routes::add);
    Authenticator authenticator = front.apply(auth);
    Optional<ZetaEventsResource> events = instances.map(i -> new ZetaEventsResource(auth, authenticator, scheduler));
    events.ifPresent(routes::add);
    RequestLog logged = events.map(e -> log.andThen(e.changes())).orElse(log);
    try {
      return new CosmosServer(WebServer.start(http, routes, logged, CosmosError::from, authenticator), auth, routes,
          events);
    } catch (IOException | RuntimeException e) {
      events.ifPresent(ZetaEventsResource::close);
      throw e;
    }
  }

  /** As above, without the instance endpoints. */
  public static CosmosServer start(HttpServerConfig http, Packages packages, Path cacheDir, ServedCluster cluster,
      Optional<AuditLog> audit, Authentication auth, ServerAudit serverAudit, Optional<MarathonProxy.Upstream> scheduler,
      RequestLog log) throws IOException {
    return start(http, packages, cacheDir, cluster, audit, auth, serverAudit, scheduler, Optional.empty(), log);
  }

  /** Who sends requests: the API other endpoints ask ({@link Authentication#of}) and extend ({@link Authentication#accept}). */
  public Authentication authentication() {
    return auth;
  }

  private static List<Resource> resources(Packages packages, Path cacheDir, ServedCluster cluster, Authentication auth,
      ServerAudit audit, Optional<ServedInstances> instances) {
    List<Resource> all = new java.util.ArrayList<>(List.of(
        new CapabilitiesResource(),
        new PackageSearchResource(packages),
        new PackageDescribeResource(packages),
        new PackageListVersionsResource(packages),
        new PackageRenderResource(packages),
        new PackageRepositoryResource(packages, cacheDir, auth, audited(audit)),
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

  private static PackageRepositoryResource.Changes audited(ServerAudit audit) {
    return new PackageRepositoryResource.Changes() {
      @Override
      public List<RepositoryRef> run(RequestPrincipal who, String command, String target,
          java.util.function.Supplier<List<RepositoryRef>> change) {
        List<RepositoryRef> result;
        try {
          result = change.get();
        } catch (RuntimeException e) {
          audit.record(who.principal().display(), "serve: " + command, target, null, "failed: " + e.getMessage());
          throw e;
        }
        audit.record(who.principal().display(), "serve: " + command, target, null, "ok");
        return result;
      }

      @Override
      public void denied(RequestPrincipal who, String command, String target, String why) {
        audit.record(who.principal().display(), "serve: " + command, target, null, "denied: " + why);
      }
    };
  }

  public int port() {
    return server.port();
  }

  public URI url() {
    return server.url();
  }

  @Override
  public void close() {
    events.ifPresent(ZetaEventsResource::close);
    server.close();
  }
}
