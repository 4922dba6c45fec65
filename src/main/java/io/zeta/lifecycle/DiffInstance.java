package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.ZetaExtension;
import io.zeta.cluster.Capabilities;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.render.Options;
import io.zeta.render.Secrets;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code zeta package diff}: what an upgrade of an instance to a version and options would
 * change, as a {@link Plan} of action {@code upgrade}: its Marathon apps created, updated or
 * destroyed, and its rendered files (marathon.json, env.sh, the config files, the role env file)
 * replaced, created or deleted, each with the unified diff between what the instance has now
 * (its files on storage) and a fresh render. Secret values are masked on both sides alike; a
 * secret option whose value changes is named, never shown. Reads only. An upgrade's dry run
 * starts from the same plan.
 */
public final class DiffInstance {
  private final Cluster cluster;

  public DiffInstance(Cluster cluster) {
    this.cluster = cluster;
  }

  /**
   * @param toVersion the proposed version (staged), or empty for the instance's own
   * @param userOptions the options given (--set, --options)
   * @param resetOptions start from the package's defaults instead of the instance's options
   */
  public record Request(String role, String id, Optional<String> toVersion, ObjectNode userOptions, boolean resetOptions) {}

  public Plan run(Request req) throws IOException {
    String role = Names.role(req.role());
    String id = Names.instanceId(req.id());
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list --role " + role + "`", null));
    if (entry.state() != StoredState.INSTALLED) {
      throw new ZetaException(role + "/" + id + " is removed: there is nothing to compare (its data is kept in " + entry.home() + ")",
          "install it again with `zeta package install " + entry.pkg() + " --role " + role + " --id " + id + "`", null);
    }
    InstanceRecord record = UninstallInstance.readRecord(cluster.storage(), entry.home()).orElseThrow(() ->
        new ZetaException(entry.home() + "/" + InstanceRecord.FILE + " is missing", "run `zeta cluster doctor`", null));
    String version = req.toVersion().map(Names::version).orElse(record.version());
    StagedPackages staged = new StagedPackages(cluster.storage());
    StageManifest manifest = staged.manifest(record.pkg(), version).orElseThrow(() -> new ZetaException(
        record.pkg() + "@" + version + " is not staged", "stage it first with `zeta package stage " + record.pkg() + "@" + version
            + "`", null));
    PackageDefinition pkg = staged.load(manifest);
    Capabilities.require(pkg.zeta().requires(), cluster.capabilities(), pkg.name() + "@" + pkg.version(), cluster.name());

    ObjectNode current = InstanceSecrets.userOptions(cluster.storage(), record);
    ObjectNode user = req.resetOptions() ? req.userOptions() : Json.deepMerge(current, req.userOptions());
    Options options = Options.resolve(pkg, user);
    InstanceRenderer.Placement at = new InstanceRenderer.Placement(role, id, record.baseDir());
    InstanceRenderer.Rendered rendered = InstanceRenderer.render(cluster, pkg, manifest, options, at);

    // Both sides are masked with the secret values of both: a value masked on one side is masked on the other.
    ObjectNode currentResolved = InstanceSecrets.resolvedOptions(cluster, role, id, true);
    Secrets before = Secrets.ofPaths(record.secretOptions());
    Secrets after = Secrets.of(pkg);
    Masks masks = new Masks(before, currentResolved, after, options.resolved());

    Plan plan = new Plan("upgrade", role + "/" + id).fact("role", role).fact("id", id).fact("package", record.pkg())
        .fact("version", record.version()).fact("toVersion", pkg.version()).fact("home", record.home());
    String home = record.home();
    Map<String, byte[]> proposed = new LinkedHashMap<>();
    proposed.put(InstanceRecord.MARATHON, Json.prettyBytes(rendered.marathon()));
    proposed.put(InstanceRecord.ENV, rendered.env().getBytes(StandardCharsets.UTF_8));
    Map<String, Integer> modes = new LinkedHashMap<>();
    modes.put(InstanceRecord.MARATHON, ClusterLayout.INSTANCE_FILE_MODE);
    modes.put(InstanceRecord.ENV, ClusterLayout.INSTANCE_FILE_MODE);
    for (ZetaExtension.ConfigFile f : pkg.zeta().configFiles()) {
      proposed.put(f.target(), rendered.configFiles().get(f.target()));
      modes.put(f.target(), f.mode());
    }

    compareApps(plan, read(home + "/" + InstanceRecord.MARATHON), rendered, masks);
    Set<String> files = new LinkedHashSet<>(proposed.keySet());
    files.addAll(record.configFiles());
    for (String rel : files) {
      compareFile(plan, home + "/" + rel, read(home + "/" + rel), proposed.get(rel), modes.getOrDefault(rel, -1),
          rel.equals(InstanceRecord.MARATHON) || rel.endsWith(".json"), masks);
    }
    String envFile = ClusterLayout.envFile(role, record.pkg(), id);
    compareFile(plan, envFile, read(envFile), proposed.get(InstanceRecord.ENV), ClusterLayout.INSTANCE_FILE_MODE, false, masks);

    for (String path : union(before.paths(), after.paths())) {
      JsonNode was = at(currentResolved, path);
      JsonNode will = at(options.resolved(), path);
      if (!Objects.equals(was, will)) {
        plan.secretChange(path);
      }
    }
    if (!record.version().equals(pkg.version())) {
      plan.note(record.pkg() + " " + record.version() + " -> " + pkg.version());
    }
    return plan;
  }

  /** The secret values of the two sides. */
  private record Masks(Secrets before, ObjectNode beforeOptions, Secrets after, ObjectNode afterOptions) {
    String mask(byte[] content, boolean json) {
      if (content == null) {
        return null;
      }
      String once = before.maskContent(content, json, beforeOptions);
      return after.maskContent(once.getBytes(StandardCharsets.UTF_8), json, afterOptions);
    }
  }

  private Optional<byte[]> read(String path) throws IOException {
    try {
      return Optional.of(cluster.storage().read(path));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  private static void compareFile(Plan plan, String path, Optional<byte[]> now, byte[] next, int mode, boolean json, Masks masks) {
    String was = now.map(b -> masks.mask(normal(b, json), json)).orElse(null);
    String will = next == null ? null : masks.mask(normal(next, json), json);
    String diff = UnifiedDiff.of(path, was, will);
    if (diff.isEmpty()) {
      return;
    }
    Plan.Action action = was == null ? Plan.Action.CREATE : will == null ? Plan.Action.DELETE : Plan.Action.REPLACE;
    plan.change(action, path, will == null ? -1 : mode, next, will, diff);
  }

  /** JSON files compared as Zeta prints them, whatever wrote them. */
  private static byte[] normal(byte[] content, boolean json) {
    if (!json) {
      return content;
    }
    try {
      return Json.prettyBytes(Json.MAPPER.readTree(content));
    } catch (IOException | RuntimeException e) {
      return content;
    }
  }

  private static void compareApps(Plan plan, Optional<byte[]> now, InstanceRenderer.Rendered rendered, Masks masks) {
    Map<String, String> was = new LinkedHashMap<>();
    if (now.isPresent()) {
      try {
        for (JsonNode app : apps(Json.MAPPER.readTree(now.get()))) {
          was.put(app.path("id").asText(), masks.mask(Json.prettyBytes(app), true));
        }
      } catch (IOException | RuntimeException e) {
        plan.note("the current marathon.json cannot be read as JSON: its apps are not compared");
      }
    }
    Map<String, String> will = new LinkedHashMap<>();
    for (ObjectNode app : rendered.apps()) {
      will.put(app.path("id").asText(), masks.mask(Json.prettyBytes(app), true));
    }
    for (Map.Entry<String, String> e : will.entrySet()) {
      String old = was.get(e.getKey());
      if (old == null) {
        plan.app(Plan.Action.CREATE, e.getKey(), null);
      } else if (!old.equals(e.getValue())) {
        plan.app(Plan.Action.UPDATE, e.getKey(), null);
      }
    }
    for (String id : was.keySet()) {
      if (!will.containsKey(id)) {
        plan.app(Plan.Action.DESTROY, id, null);
      }
    }
  }

  private static List<JsonNode> apps(JsonNode marathon) {
    List<JsonNode> out = new ArrayList<>();
    if (marathon.has("apps") && marathon.get("apps").isArray()) {
      marathon.get("apps").forEach(out::add);
    } else {
      out.add(marathon);
    }
    return out;
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return List.copyOf(out);
  }

  private static JsonNode at(ObjectNode options, String dotted) {
    JsonNode cursor = options;
    for (String segment : dotted.split("\\.", -1)) {
      cursor = cursor == null ? null : cursor.get(segment);
    }
    return cursor == null || cursor.isNull() ? null : cursor;
  }
}
