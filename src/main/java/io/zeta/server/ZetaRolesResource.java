package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleQuotas;
import io.zeta.cluster.RoleRecord;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;

/** {@code GET /zeta/v1/roles}: the roles the principal may read (all of them for an admin), as {@code zeta role list --json}:
 * each directory with its group, owner, mode, quotas and usage (null where this server may not measure it). */
final class ZetaRolesResource implements Resource {
  private final ServedInstances instances;

  ZetaRolesResource(ServedInstances instances) {
    this.instances = instances;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/roles", request -> {
      Cluster view = instances.forRequest(request);
      ObjectNode doc = Json.object();
      ArrayNode roles = doc.putArray("roles");
      RoleQuotas quotas = view.roles().quotas();
      for (RoleRecord r : view.roles().list()) {
        if (view.access().mayRead(r.name())) {
          ObjectNode role = json(r);
          ArrayNode dirs = (ArrayNode) role.get("dirs");
          for (int i = 0; i < r.dirs().size(); i++) {
            RoleQuotas.usageJson((ObjectNode) dirs.get(i), quotas.readableUsage(r.name(), r.dirs().get(i).base()));
          }
          roles.add(role);
        }
      }
      doc.set("quotas", quotas.supportJson());
      doc.put("enforced", view.access().enforced());
      return Response.json(200, doc);
    });
  }

  static ObjectNode json(RoleRecord r) {
    ObjectNode o = Json.object();
    o.put("role", r.name());
    o.put("createdAt", r.createdAt());
    o.put("createdBy", r.createdBy());
    if (r.uidStart() != null) {
      o.put("uidStart", r.uidStart());
    }
    ArrayNode dirs = o.putArray("dirs");
    for (RoleRecord.RoleDir d : r.dirs()) {
      ObjectNode dir = dirs.addObject();
      dir.put("baseDir", d.base());
      dir.put("path", d.path());
      dir.put("owner", d.owner());
      dir.put("group", d.group());
      dir.put("mode", d.mode());
      dir.put("applied", d.applied());
      if (d.note() != null) {
        dir.put("note", d.note());
      }
    }
    return o;
  }
}
