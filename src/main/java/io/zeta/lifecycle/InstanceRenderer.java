package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageFiles;
import io.zeta.catalog.ZetaExtension;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterLayout;
import io.zeta.json.Json;
import io.zeta.render.MarathonRenderer;
import io.zeta.render.Options;
import io.zeta.render.TemplateEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders everything an instance is made of, from a staged package and resolved options: its
 * Marathon app(s) with id {@code /<role>/<id>} and artifact URIs pointing at the staged copies,
 * its config files and its env exports. Every template sees the options, {@code resource} (with
 * staged URIs) and {@code zeta}: role, id, home, base dir, cluster, package, artifacts.
 */
final class InstanceRenderer {
  private static final int MAX_COPIES = 100;

  private InstanceRenderer() {}

  /** Where an instance goes. */
  record Placement(String role, String id, String baseDir) {
    String appId() {
      return "/" + role + "/" + id;
    }
  }

  /**
   * The cluster as templates see it. {@code uri} turns a cluster path into the URI executors
   * fetch; {@code mount} is the POSIX path of the root on every node, or empty.
   */
  /** @param serviceUsers whether the role's tasks run as its service user (a directory is configured) */
  record Site(String name, String rootUri, String mount, java.util.function.UnaryOperator<String> uri, boolean serviceUsers) {
    Site(String name, String rootUri, String mount, java.util.function.UnaryOperator<String> uri) {
      this(name, rootUri, mount, uri, false);
    }

    static Site of(Cluster cluster) {
      return new Site(cluster.name(), cluster.storage().rootUri(), cluster.mountPoint().orElse(""), cluster.storage()::uri,
          cluster.config().directoryConfig().isPresent());
    }
  }

  /** The rendered instance. {@code marathon} is the app, or a group of apps for a multi-app package. */
  record Rendered(List<ObjectNode> apps, ObjectNode marathon, Map<String, byte[]> configFiles, String env,
      ObjectNode context) {}

  static Rendered render(Cluster cluster, PackageDefinition pkg, StageManifest manifest, Options options, Placement at) {
    try {
      return render(Site.of(cluster), pkg, manifest, options, at);
    } catch (ZetaException e) {
      // An error in a config file, env value or copies template may quote what it rendered, secrets and all.
      throw io.zeta.render.Secrets.of(pkg).redact(e, options.resolved());
    }
  }

  static Rendered render(Site site, PackageDefinition pkg, StageManifest manifest, Options options, Placement at) {
    try (TemplateEngine.Bound bound = TemplateEngine.totalBudget()) {
      return renderAll(site, pkg, manifest, options, at);
    }
  }

  private static Rendered renderAll(Site site, PackageDefinition pkg, StageManifest manifest, Options options, Placement at) {
    ObjectNode zeta = zetaContext(site, pkg, manifest, at);
    ObjectNode extra = Json.object();
    extra.set("zeta", zeta);
    ObjectNode stagedUris = Json.object();
    zeta.get("artifacts").fields().forEachRemaining(e -> stagedUris.set(e.getKey(), e.getValue()));
    ObjectNode assets = extra.putObject("resource").putObject("assets");
    assets.set("uris", stagedUris);
    // Executors pull from the cluster registry: resource.json's images become their pinned copies.
    ObjectNode docker = Json.object();
    for (io.zeta.images.ImageStager.StagedImage i : manifest.stagedImages()) {
      if (i.origin().startsWith("resource:")) {
        docker.put(i.origin().substring("resource:".length()), i.reference());
      }
    }
    if (docker.size() > 0) {
      assets.putObject("container").set("docker", docker);
    }
    ObjectNode context = MarathonRenderer.context(pkg, options, extra);
    // Executors fetch from the cluster: an artifact's original URL in a template becomes its staged copy.
    Map<String, String> stagedByUrl = new LinkedHashMap<>();
    for (StageManifest.StagedArtifact a : manifest.artifacts()) {
      stagedByUrl.put(a.url(), zeta.get("artifacts").get(a.alias()).asText());
    }

    List<ObjectNode> apps = new ArrayList<>();
    ZetaExtension ext = pkg.zeta();
    if (ext.multiApp()) {
      for (ZetaExtension.App app : ext.apps()) {
        int copies = copies(pkg, app, context);
        for (int n = 1; n <= copies; n++) {
          String name = app.copies().isPresent() ? app.name() + n : app.name();
          String appId = at.appId() + "/" + name;
          ObjectNode appContext = context.deepCopy();
          ObjectNode z = (ObjectNode) appContext.get("zeta");
          ObjectNode a = z.putObject("app");
          a.put("name", name);
          a.put("index", n);
          a.put("id", appId);
          String template = pkg.files().text(app.template()).orElseThrow();
          apps.add(decorate(MarathonRenderer.renderApp(pkg, template, app.template(), appContext, options.user(),
              Optional.of(appId)), stagedByUrl, at, pkg, site));
        }
      }
    } else {
      String template = pkg.marathonTemplate().orElseThrow(() -> new ZetaException(pkg + " has no Marathon template: "
          + "there is nothing to run (it may be a CLI-only package)"));
      apps.add(decorate(MarathonRenderer.renderApp(pkg, template, PackageFiles.MARATHON, context, options.user(),
          Optional.of(at.appId())), stagedByUrl, at, pkg, site));
    }
    ObjectNode marathon;
    if (ext.multiApp()) {
      marathon = Json.object();
      marathon.put("id", at.appId());
      ArrayNode list = marathon.putArray("apps");
      apps.forEach(list::add);
    } else {
      marathon = apps.get(0);
    }

    Map<String, byte[]> configFiles = new LinkedHashMap<>();
    for (ZetaExtension.ConfigFile f : ext.configFiles()) {
      String template = f.template().map(t -> pkg.files().text(t).orElseThrow()).orElseGet(() -> f.content().orElseThrow());
      String text = TemplateEngine.render(template, pkg.name() + " " + f.target(), context, TemplateEngine.Strings.RAW);
      configFiles.put(f.target(), text.getBytes(StandardCharsets.UTF_8));
    }
    return new Rendered(apps, marathon, configFiles, envFile(pkg, context, at), context);
  }

  private static ObjectNode zetaContext(Site site, PackageDefinition pkg, StageManifest manifest, Placement at) {
    String home = ClusterLayout.instanceHome(at.baseDir(), at.role(), pkg.name(), at.id());
    ObjectNode z = Json.object();
    z.put("role", at.role());
    z.put("id", at.id());
    z.put("envId", at.id().replace('-', '_'));
    z.put("baseDir", at.baseDir());
    z.put("appId", at.appId());
    z.put("home", home);
    z.put("homeUri", site.uri().apply(home));
    String mount = site.mount();
    z.put("homePath", mount.isEmpty() ? "" : mount + home);
    String envFile = ClusterLayout.envFile(at.role(), pkg.name(), at.id());
    z.put("envFile", envFile);
    z.put("envFileUri", site.uri().apply(envFile));
    ObjectNode c = z.putObject("cluster");
    c.put("name", site.name());
    c.put("root", site.rootUri());
    c.put("mount", mount);
    ObjectNode p = z.putObject("package");
    p.put("name", pkg.name());
    p.put("version", pkg.version());
    String stage = ClusterLayout.stageDir(manifest.pkg(), manifest.version());
    z.put("stage", stage);
    z.put("stageUri", site.uri().apply(stage));
    ObjectNode artifacts = z.putObject("artifacts");
    for (StageManifest.StagedArtifact a : manifest.artifacts()) {
      artifacts.put(a.alias(), site.uri().apply(StagedPackages.artifactPath(manifest, a)));
    }
    // Every staged image by its registry name (resource.json keys lower-cased), pinned by digest.
    ObjectNode images = z.putObject("images");
    for (io.zeta.images.ImageStager.StagedImage i : manifest.stagedImages()) {
      images.put(i.name(), i.reference());
    }
    return z;
  }

  private static int copies(PackageDefinition pkg, ZetaExtension.App app, ObjectNode context) {
    if (app.copies().isEmpty()) {
      return 1;
    }
    String text = TemplateEngine.render(app.copies().get(), pkg.name() + " apps." + app.name() + ".copies", context,
        TemplateEngine.Strings.RAW).strip();
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_COPIES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ZetaException(pkg + ": app " + app.name() + " copies must be a whole number from 1 to " + MAX_COPIES
        + ", got '" + text + "'");
  }

  /** Points artifact URIs at the staged copies and labels the app with its role and instance. */
  private static ObjectNode decorate(ObjectNode app, Map<String, String> stagedByUrl, Placement at, PackageDefinition pkg,
      Site site) {
    rewrite(app.get("uris"), stagedByUrl, true);
    rewrite(app.get("fetch"), stagedByUrl, false);
    for (JsonNode u : app.path("uris")) {
      checkFetched(pkg, app, u.asText(), site);
    }
    for (JsonNode f : app.path("fetch")) {
      checkFetched(pkg, app, f.path("uri").asText(), site);
    }
    ObjectNode labels = (ObjectNode) app.get("labels");
    labels.put("ZETA_ROLE", at.role());
    labels.put("ZETA_INSTANCE", at.id());
    if (site.serviceUsers()) {
      // A role's tasks run as its service user, whatever the package asks: a package cannot pick root.
      app.put("user", io.zeta.identity.Directory.serviceUser(at.role()));
    }
    return app;
  }

  /**
   * What an executor fetches for the app comes from the package, so it is held to the artifact
   * rules: http(s), or a file of the cluster (under its root URI or its POSIX mount), never a file
   * of the node such as file:///etc/shadow.
   */
  private static void checkFetched(PackageDefinition pkg, JsonNode app, String uri, Site site) {
    java.net.URI parsed;
    try {
      parsed = new java.net.URI(uri).normalize();
    } catch (java.net.URISyntaxException e) {
      throw new ZetaException(pkg + ": app " + app.path("id").asText() + " fetches '" + uri + "', not a valid URI");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    boolean escapes = path.startsWith("/..") || path.contains("/../");
    if ((scheme.equals("http") || scheme.equals("https")) && parsed.getHost() != null) {
      return;
    }
    String root = site.rootUri().replaceAll("/+$", "");
    String text = parsed.toString();
    boolean inCluster = text.startsWith(root + "/") || (text.startsWith("file:") && !site.mount().isEmpty()
        && (path + "/").startsWith(site.mount().replaceAll("/+$", "") + "/"));
    if (!inCluster || escapes) {
      throw new ZetaException(pkg + ": app " + app.path("id").asText() + " fetches '" + uri + "': an app may fetch only "
          + "http(s) URLs and files of the cluster (its staged artifacts, its home)");
    }
  }

  private static void rewrite(JsonNode list, Map<String, String> stagedByUrl, boolean plain) {
    if (list == null || !list.isArray()) {
      return;
    }
    ArrayNode array = (ArrayNode) list;
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      String staged = stagedByUrl.get(plain ? item.asText() : item.path("uri").asText());
      if (staged != null) {
        if (plain) {
          array.set(i, Json.MAPPER.getNodeFactory().textNode(staged));
        } else {
          ((ObjectNode) item).put("uri", staged);
        }
      }
    }
  }

  /**
   * The role env file: {@code #!/bin/bash} and one {@code export NAME="value"} per zeta.json env
   * entry. A key its package lists in {@code ownEnv} is exported as it is; another key NAME as
   * {@code ZETA_<envId>_NAME}; a key starting with ZETA_ is rendered into the whole name. An
   * instance may export only its own names: {@code ZETA_<envId>_...}, {@code ZETA_<pkg>_<envId>_...}
   * (the form of the original packages) and the {@code ownEnv} ones; never a name that changes
   * how a shell or program runs (PATH, LD_*...).
   */
  private static String envFile(PackageDefinition pkg, ObjectNode context, Placement at) {
    String envId = at.id().replace('-', '_');
    String own = "ZETA_" + envId + "_";
    String ownWithPackage = ("ZETA_" + pkg.name().replaceAll("[^A-Za-z0-9]", "_") + "_" + envId + "_")
        .toLowerCase(java.util.Locale.ROOT);
    Map<String, String> exports = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : pkg.zeta().env().entrySet()) {
      String name = pkg.zeta().ownEnv().contains(e.getKey()) ? e.getKey()
          : e.getKey().startsWith("ZETA_")
              ? TemplateEngine.render(e.getKey(), pkg.name() + " env name", context, TemplateEngine.Strings.RAW)
              : own + e.getKey();
      if (!EnvFile.NAME.matcher(name).matches()) {
        throw new ZetaException(pkg + ": env export '" + e.getKey() + "' renders to '" + name + "', not a shell variable name");
      }
      if (io.zeta.catalog.ReservedNames.dangerousEnv(name)) {
        throw new ZetaException(pkg + ": env export " + name + " is refused: it would change how shells and programs "
            + "run for whoever sources the env file");
      }
      boolean mine = (name.startsWith(own) && name.length() > own.length())
          || (name.toLowerCase(java.util.Locale.ROOT).startsWith(ownWithPackage) && name.length() > ownWithPackage.length())
          || pkg.zeta().ownEnv().contains(name);
      if (!mine) {
        throw new ZetaException(pkg + ": env export " + name + " is not this instance's: an instance exports only "
            + own + "..., and names its package lists in zeta.json ownEnv", "the package must name it " + own + "<NAME>",
            null);
      }
      if (exports.containsKey(name)) {
        throw new ZetaException(pkg + ": env export " + name + " is defined twice");
      }
      String value = TemplateEngine.render(e.getValue(), pkg.name() + " env " + e.getKey(), context, TemplateEngine.Strings.RAW);
      exports.put(name, value);
    }
    return EnvFile.render(exports);
  }
}
