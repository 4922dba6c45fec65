package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.InstanceRecord;
import io.zeta.lifecycle.StatusQuery;
import io.zeta.lifecycle.UninstallInstance;

/**
 * {@code GET /zeta/v1/instances} (the instances of the roles the principal may read, with their
 * states: installed, deploying, running, degraded, failed, unknown with its reason, removed) and
 * {@code /zeta/v1/instances/<role>/<id>} (one, with its apps and options; 403 outside the
 * principal's roles), as {@code zeta package status --json} and {@code package list} say them.
 */
final class ZetaInstancesResource implements Resource {
  private final ServedInstances instances;

  ZetaInstancesResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/instances", request -> {
      Cluster view = instances.forRequest(request);
      StatusQuery.Report report = new StatusQuery(view, instances.runtime()).report();
      ObjectNode doc = Json.object();
      ArrayNode out = doc.putArray("instances");
      report.instances().forEach(i -> out.add(json(i)));
      report.schedulerError().ifPresent(e -> doc.putObject("scheduler").put("reachable", false).put("message", e));
      return Response.json(200, doc);
    });
    routes.get("/zeta/v1/instances/{role}/{id}", request -> {
      Cluster view = instances.forRequest(request);
      String target = request.param("role") + "/" + request.param("id");
      ObjectNode doc = instances.reading(view, "package status", target, () -> {
        String role = Names.role(request.param("role"));
        String id = Names.instanceId(request.param("id"));
        StatusQuery.Report report = new StatusQuery(view, instances.runtime()).report(role);
        StatusQuery.InstanceStatus status = report.instances().stream()
            .filter(i -> i.role().equals(role) && i.id().equals(id)).findFirst()
            .orElseThrow(() -> CosmosError.of(404, "NotFound", "no instance " + target + " (see /zeta/v1/instances)"));
        ObjectNode o = json(status);
        InstanceRecord record = UninstallInstance.readRecord(view.storage(), status.home()).orElse(null);
        if (record != null) {
          o.set("apps", Json.tree(record.appIds()));
          o.put("releaseVersion", record.releaseVersion());
          o.set("options", record.resolvedOptions() == null ? Json.object() : record.resolvedOptions().deepCopy());
          o.set("userOptions", record.userOptions() == null ? Json.object() : record.userOptions().deepCopy());
          o.set("secretOptions", Json.tree(record.secretOptions()));
          o.put("installedAt", record.installedAt());
          o.put("installedBy", record.installedBy());
        }
        return o;
      });
      return Response.json(200, doc);
    });
  }

  static ObjectNode json(StatusQuery.InstanceStatus i) {
    ObjectNode o = Json.object();
    o.put("role", i.role());
    o.put("id", i.id());
    o.put("package", i.pkg());
    o.put("version", i.version());
    o.put("baseDir", i.dir());
    o.put("home", i.home());
    o.put("state", i.state());
    if (i.reason() != null) {
      o.put("reason", i.reason());
    }
    return o;
  }
}
