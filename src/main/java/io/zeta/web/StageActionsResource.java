package io.zeta.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpError;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.identity.AccessDeniedException;
import io.zeta.json.Json;
import io.zeta.lifecycle.ArtifactFetcher;
import io.zeta.lifecycle.Progress;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagePackage;
import io.zeta.lifecycle.UnstagePackage;
import io.zeta.server.Authentication;
import io.zeta.server.CosmosError;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The package page's Stage and Unstage: {@code POST /zeta/v1/stages/{pkg} {"version": V}} stages a
 * version from the repositories as {@code zeta package stage PKG@V} does; {@code DELETE
 * /zeta/v1/stages/{pkg}/{version}} unstages it (refused while an instance uses it). Both with the
 * request principal's rights (admins) and audited as {@code serve: package stage|unstage}.
 */
final class StageActionsResource implements Resource {
  private final Cluster cluster;
  private final Authentication auth;
  private final CatalogResource catalog;
  private final Function<Cluster, ArtifactFetcher> fetcher;

  StageActionsResource(Cluster cluster, Authentication auth, CatalogResource catalog,
      Function<Cluster, ArtifactFetcher> fetcher) {
    this.cluster = cluster;
    this.auth = auth;
    this.catalog = catalog;
    this.fetcher = fetcher;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/zeta/v1/stages/{pkg}", r -> {
      ObjectNode body = SessionResource.parse(r);
      String pkg = r.param("pkg");
      Optional<String> version = Optional.ofNullable(body.get("version")).map(v -> v.asText());
      PackageDefinition def = catalog.resolve(pkg, version);
      Cluster view = cluster.as(auth.of(r).access());
      String target = def.name() + "@" + def.version();
      StagePackage.Result result = audited(view, "serve: package stage", target, () ->
          new StagePackage(view, fetcher.apply(view), Progress.NONE).run(def, Optional.empty()));
      return Response.json(200, Json.object().put("package", def.name()).put("version", def.version())
          .put("result", result.created() ? "staged" : "already staged"));
    });
    routes.delete("/zeta/v1/stages/{pkg}/{version}", r -> {
      Cluster view = cluster.as(auth.of(r).access());
      String target = r.param("pkg") + "@" + r.param("version");
      StageManifest m = audited(view, "serve: package unstage", target, () ->
          new UnstagePackage(view).run(r.param("pkg"), Optional.of(r.param("version"))));
      return Response.json(200, Json.object().put("package", m.pkg()).put("version", m.version())
          .put("result", "unstaged"));
    });
  }

  @FunctionalInterface
  private interface Change<T> {
    T run() throws IOException;
  }

  private static <T> T audited(Cluster view, String action, String target, Change<T> change) throws IOException {
    try {
      T t = change.run();
      record(view, action, target, "ok");
      return t;
    } catch (AccessDeniedException e) {
      record(view, action, target, "denied: " + e.getMessage());
      throw CosmosError.of(403, "Forbidden", e.getMessage(), Json.object(), Map.of());
    } catch (ZetaException e) {
      record(view, action, target, "failed: " + e.getMessage());
      throw CosmosError.of(400, "ZetaError", e.getMessage() + (e.hint() == null ? "" : "; " + e.hint()), Json.object(),
          Map.of());
    } catch (HttpError e) {
      record(view, action, target, "failed: " + e.getMessage());
      throw e;
    }
  }

  private static void record(Cluster view, String action, String target, String result) {
    try {
      view.audit().record(action, target, result);
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(StageActionsResource.class).warn("could not write the audit log: {}",
          e.toString());
    }
  }
}
