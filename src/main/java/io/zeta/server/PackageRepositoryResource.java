package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /package/repository/list|add|delete} on the cluster's repository list (the one
 * {@code zeta package repo} changes). As in Cosmos, add takes http(s) URIs only and opens the
 * repository before storing it. A local repository (a file: URI, which Cosmos's schema cannot
 * carry) is listed through this server's resource proxy, {@code http://<Host>/package/resource?url=<uri>}.
 */
final class PackageRepositoryResource implements Resource {
  private static final Rpc LIST = Rpc.of("package.repository.list", "PackageRepositoryListRequest-schema.json", 1);
  private static final Rpc ADD = Rpc.of("package.repository.add", "PackageRepositoryAddRequest-schema.json", 1);
  private static final Rpc DELETE = Rpc.of("package.repository.delete", "PackageRepositoryDeleteRequest-schema.json",
      1);
  private final Packages packages;
  private final Path cacheDir;
  private final Changes changes;

  /** Runs a change of the list, audited by the caller's means (the cluster's audit log). */
  interface Changes {
    /** @param who the request's principal, already allowed to change the list (packagers or admins) */
    List<RepositoryRef> run(RequestPrincipal who, String command, String target,
        java.util.function.Supplier<List<RepositoryRef>> change);

    /** Records a refused change. */
    void denied(RequestPrincipal who, String command, String target, String why);
  }

  private final Authentication auth;

  PackageRepositoryResource(Packages packages, Path cacheDir, Authentication auth, Changes changes) {
    this.packages = packages;
    this.cacheDir = cacheDir;
    this.auth = auth;
    this.changes = changes;
  }

  /** Only packagers and admins change the list, as `zeta package repo add|remove` (403 otherwise, audited). */
  private RequestPrincipal mayChange(Request request, String command, String target) {
    RequestPrincipal who = auth.of(request);
    try {
      who.require(io.zeta.cluster.Access.Action.REPOSITORIES, null);
    } catch (CosmosError e) {
      changes.denied(who, command, target, e.getMessage());
      throw e;
    }
    return who;
  }

  @Override
  public void register(Routes routes) {
    routes.post("/package/repository/list", request -> {
      int v = LIST.negotiate(request);
      LIST.body(request);
      return LIST.ok(v, listing(request, packages.list().list()));
    });
    routes.post("/package/repository/add", request -> {
      int v = ADD.negotiate(request);
      ObjectNode body = ADD.body(request);
      String name = body.get("name").asText();
      String uri = body.get("uri").asText();
      RequestPrincipal who = mayChange(request, "package repo add", name);
      Integer index = body.has("index") ? body.get("index").asInt() : null;
      List<RepositoryRef> current = packages.list().list();
      for (RepositoryRef r : current) {
        if (r.name().equals(name) || r.uri().equals(uri)) {
          ObjectNode data = Json.object();
          data.put("name", name);
          data.put("uri", uri);
          throw CosmosError.of(409, "RepositoryAlreadyPresent", "Repository " + (r.name().equals(name)
              ? "name [" + name + "]" : "URI [" + uri + "]") + " is already present in the list", data, Map.of());
        }
      }
      if (index != null && index > current.size()) {
        ObjectNode data = Json.object();
        data.put("attempted", index);
        data.put("max", current.size());
        throw CosmosError.of(400, "RepositoryAddIndexOutOfBounds", "Index (" + index + ") is out of range. Index value "
            + "must be between 0 and " + current.size() + " inclusive.", data, Map.of());
      }
      RepositoryRef ref = new RepositoryRef(name, uri);
      try {
        Repositories.open(ref, cacheDir);
      } catch (ZetaException e) {
        ObjectNode data = Json.object();
        data.put("uri", uri);
        throw CosmosError.of(400, "RepositoryUriConnection", "Could not read repository [" + name + "] at [" + uri
            + "]: " + e.getMessage(), data, Map.of());
      }
      List<RepositoryRef> next = change(who, "package repo add", name, () -> packages.list().add(ref, index));
      return ADD.ok(v, listing(request, next));
    });
    routes.post("/package/repository/delete", request -> {
      int v = DELETE.negotiate(request);
      ObjectNode body = DELETE.body(request);
      Optional<String> name = Optional.ofNullable(body.get("name")).map(n -> n.asText());
      Optional<String> uri = Optional.ofNullable(body.get("uri")).map(n -> n.asText());
      if (name.isEmpty() && uri.isEmpty()) {
        throw Rpc.mismatch("name or uri must be given to delete a repository", List.of());
      }
      RequestPrincipal who = mayChange(request, "package repo remove", name.orElse(uri.orElse("")));
      Optional<RepositoryRef> found = packages.list().list().stream()
          .filter(r -> name.map(r.name()::equals).orElse(true) && uri.map(r.uri()::equals).orElse(true)).findFirst();
      if (found.isEmpty()) {
        ObjectNode data = Json.object();
        name.ifPresent(n -> data.put("name", n));
        uri.ifPresent(u -> data.put("uri", u));
        throw CosmosError.of(400, "RepositoryNotPresent", "Neither repository name [" + name.orElse("") + "] nor URI ["
            + uri.orElse("") + "] are present in the list", data, Map.of());
      }
      List<RepositoryRef> next = change(who, "package repo remove", found.get().name(),
          () -> packages.list().remove(found.get().name()));
      return DELETE.ok(v, listing(request, next));
    });
  }

  private List<RepositoryRef> change(RequestPrincipal who, String command, String target,
      java.util.function.Supplier<List<RepositoryRef>> c) {
    try {
      return changes.run(who, command, target, c);
    } finally {
      packages.invalidate();
    }
  }

  private static ObjectNode listing(Request request, List<RepositoryRef> refs) {
    ObjectNode doc = Json.object();
    ArrayNode out = doc.putArray("repositories");
    for (RepositoryRef r : refs) {
      String uri = r.uri();
      if (!uri.regionMatches(true, 0, "http://", 0, 7) && !uri.regionMatches(true, 0, "https://", 0, 8)) {
        uri = "http://" + request.header("host").orElse("127.0.0.1") + "/package/resource?url="
            + URLEncoder.encode(uri, StandardCharsets.UTF_8);
      }
      out.addObject().put("name", r.name()).put("uri", uri);
    }
    return doc;
  }
}
