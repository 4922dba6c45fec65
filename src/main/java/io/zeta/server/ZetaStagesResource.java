package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagedPackages;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /zeta/v1/stages} (every staged version), {@code /zeta/v1/stages/<pkg>/<version>} (one
 * stage's manifest) and {@code /zeta/v1/stages/<pkg>/<version>/<file>}: a staged artifact, the URL
 * {@code zeta package export} writes into {@code resource.json} by default. Only a file the stage
 * manifest lists is sent ({@code artifacts/<alias>/<name>}, matched exactly: no other path, so no
 * {@code ..}), read-only, and never through a symbolic link anywhere on its path (a link a tenant
 * planted in the stage is refused, not followed). Stages are cluster-wide: every principal may read them.
 */
final class ZetaStagesResource implements Resource {
  /** Answers are built in memory: larger artifacts are refused (fetch them from the cluster filesystem). */
  static final long MAX_BYTES = 256L << 20;
  private final ServedInstances instances;

  ZetaStagesResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/stages", request -> {
      Cluster view = instances.forRequest(request);
      StagedPackages staged = new StagedPackages(view.storage());
      ObjectNode doc = Json.object();
      ArrayNode out = doc.putArray("stages");
      for (ClusterIndex.StageEntry s : view.index().stages()) {
        staged.manifest(s.pkg(), s.version()).ifPresent(m -> out.add(json(m)));
      }
      return Response.json(200, doc);
    });
    routes.get("/zeta/v1/stages/{pkg}/{version}", request -> {
      Cluster view = instances.forRequest(request);
      return Response.json(200, json(manifest(view, request.param("pkg"), request.param("version"))));
    });
    routes.get("/zeta/v1/stages/{pkg}/{version}/{path*}", request -> {
      Cluster view = instances.forRequest(request);
      StageManifest m = manifest(view, request.param("pkg"), request.param("version"));
      String file = request.param("path");
      StageManifest.StagedArtifact artifact = m.artifacts().stream().filter(a -> a.file().equals(file)).findFirst()
          .orElseThrow(() -> notFound(m.pkg() + " " + m.version() + " has no staged file " + file
              + " (its manifest lists " + m.artifacts().stream().map(StageManifest.StagedArtifact::file).toList() + ")"));
      Storage storage = view.storage();
      String path = StagedPackages.artifactPath(m, artifact);
      Optional<Storage.Link> link = storage.firstLink(path);
      if (link.isPresent()) {
        throw CosmosError.of(403, "Forbidden", link.get().path() + " is a symbolic link (to " + link.get().target()
            + "); staged files are served only where no link is on their path");
      }
      FileInfo info = storage.info(path).orElseThrow(() -> notFound(path + " is listed in the stage manifest but "
          + "missing; stage " + m.pkg() + "@" + m.version() + " again"));
      if (info.directory()) {
        throw notFound(path + " is a directory");
      }
      if (info.length() > MAX_BYTES) {
        throw CosmosError.of(413, "ResourceTooLarge", path + " is " + info.length() + " bytes, more than the " + MAX_BYTES
            + " this server sends; read it from the cluster filesystem");
      }
      byte[] bytes;
      try (InputStream in = storage.open(path)) {
        bytes = in.readNBytes((int) MAX_BYTES + 1);
      }
      String name = file.substring(file.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
      return new Response(200, Map.of("Content-Disposition", "attachment; filename=\"" + name + "\"",
          "X-Content-SHA256", artifact.sha256() == null ? "" : artifact.sha256()), "application/octet-stream", bytes);
    });
  }

  private static StageManifest manifest(Cluster view, String pkg, String version) throws IOException {
    try {
      Names.version(version);
      if (!pkg.matches("^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$")) {
        throw notFound("no package " + pkg + " is staged");
      }
      return new StagedPackages(view.storage()).manifest(pkg, version)
          .orElseThrow(() -> notFound(pkg + " " + version + " is not staged on this cluster"));
    } catch (ZetaException e) {
      throw notFound(e.getMessage());
    }
  }

  private static CosmosError notFound(String message) {
    return CosmosError.of(404, "NotFound", message);
  }

  static ObjectNode json(StageManifest m) {
    ObjectNode o = Json.object();
    o.put("package", m.pkg());
    o.put("version", m.version());
    o.put("releaseVersion", m.releaseVersion());
    o.put("packagingVersion", m.packagingVersion());
    o.put("source", m.source());
    o.put("stagedAt", m.stagedAt());
    o.put("stagedBy", m.stagedBy());
    ArrayNode artifacts = o.putArray("artifacts");
    for (StageManifest.StagedArtifact a : m.artifacts()) {
      ObjectNode x = artifacts.addObject();
      x.put("alias", a.alias());
      x.put("origin", a.origin());
      x.put("url", a.url());
      x.put("path", a.file());
      x.put("sha256", a.sha256());
      x.put("size", a.size());
    }
    return o;
  }
}
