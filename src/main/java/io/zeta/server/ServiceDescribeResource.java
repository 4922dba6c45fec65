package io.zeta.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.PackageSummary;
import io.zeta.catalog.UpgradePath;
import io.zeta.cluster.Access.Action;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.http.Resource;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.InstanceRecord;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagedPackages;
import io.zeta.lifecycle.UninstallInstance;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /service/describe} (and {@code /cosmos/service/describe}, its AdminRouter path): an
 * instance's package, its stored and resolved options, and the versions it may move to by the
 * packages' {@code upgradesFrom}/{@code downgradesTo}, among the staged ones and the repositories'.
 * 403 {@code Forbidden} for a principal that may not read the role; {@code MarathonAppNotFound}
 * for an app id that is no installed instance.
 */
final class ServiceDescribeResource implements Resource {
  private static final Rpc RPC = Rpc.of("service.describe", "ServiceDescribeRequest-schema.json", 1);
  private final Packages packages;
  private final ServedInstances instances;

  ServiceDescribeResource(Packages packages, ServedInstances instances) {
    this.packages = packages;
    this.instances = instances;
  }

  /** An installed instance with its record and staged definition, or MarathonAppNotFound. */
  record Installed(InstanceEntry entry, InstanceRecord record, PackageDefinition pkg) {}

  static Installed installed(Cluster view, InstanceAppId at) throws IOException {
    InstanceEntry entry = view.index().instance(at.role(), at.id()).filter(e -> e.state() == StoredState.INSTALLED)
        .orElseThrow(at::notFound);
    InstanceRecord record = UninstallInstance.readRecord(view.storage(), entry.home()).orElseThrow(at::notFound);
    StagedPackages staged = new StagedPackages(view.storage());
    StageManifest manifest = staged.manifest(entry.pkg(), entry.version()).orElseThrow(() -> new ZetaException(
        entry.pkg() + " " + entry.version() + " of " + at.target() + " is not staged any more",
        "stage it again: zeta package stage " + entry.pkg() + "@" + entry.version(), null));
    return new Installed(entry, record, staged.load(manifest));
  }

  @Override
  public void register(Routes routes) {
    for (String path : new String[] {"/service/describe", "/cosmos/service/describe"}) {
      routes.post(path, request -> {
        int v = RPC.negotiate(request);
        ObjectNode body = RPC.body(request);
        InstanceAppId at = InstanceAppId.parse(body.get("appId").asText());
        Cluster view = instances.forRequest(request);
        Installed it = instances.reading(view, "service describe", at.target(), () -> {
          view.access().require(Action.STATUS, at.role());
          return installed(view, at);
        });
        ObjectNode doc = Json.object();
        doc.set("package", PackageForms.service(it.pkg()));
        ArrayNode up = doc.putArray("upgradesTo");
        ArrayNode down = doc.putArray("downgradesTo");
        for (PackageDefinition other : otherVersions(view, it.pkg())) {
          if (UpgradePath.refusal(it.pkg(), other).isEmpty()) {
            (other.releaseVersion() > it.pkg().releaseVersion() ? up : down).add(other.version());
          }
        }
        doc.set("resolvedOptions", it.record().resolvedOptions() == null ? Json.object()
            : it.record().resolvedOptions().deepCopy());
        doc.set("userProvidedOptions", it.record().userOptions() == null ? Json.object()
            : it.record().userOptions().deepCopy());
        return RPC.ok(v, doc);
      });
    }
  }

  /** The package's other versions, staged or in the repositories, by release. */
  private java.util.List<PackageDefinition> otherVersions(Cluster view, PackageDefinition current) throws IOException {
    Map<String, PackageDefinition> byVersion = new LinkedHashMap<>();
    StagedPackages staged = new StagedPackages(view.storage());
    for (StageManifest m : staged.versions(current.name())) {
      if (!m.version().equals(current.version())) {
        byVersion.put(m.version(), staged.load(m));
      }
    }
    try {
      for (PackageSummary s : packages.catalog().versions(current.name())) {
        if (!s.version().equals(current.version()) && !byVersion.containsKey(s.version())) {
          byVersion.put(s.version(), packages.catalog().resolve(new PackageRef(s.name(), Optional.of(s.version()))));
        }
      }
    } catch (ZetaException unreadable) {
      // A repository that cannot be read right now hides its versions, not the service.
    }
    return byVersion.values().stream().sorted(Comparator.comparingInt(PackageDefinition::releaseVersion)).toList();
  }
}
