package io.zeta.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.InstancePolicy;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageFiles;
import io.zeta.catalog.ZetaExtension;
import io.zeta.json.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Zeta package as plain Universe packages (packagingVersion 4.0, no zeta.json) that DC/OS's
 * Cosmos can install, plus the {@link Gap}s: what the export could only approximate. Pure: it
 * reads the definition and returns files; {@link ExportWriter} puts them on disk. The mapping is
 * documented in docs/PACKAGE-FORMAT.md ("Export to plain Universe").
 */
public final class UniverseExport {
  /** Where exported assets point by default: the stage URL {@code zeta serve} answers. */
  public static final String DEFAULT_ARTIFACT_BASE = "http://zeta-serve.marathon.l4lb.thisdcos.directory:7070/zeta/v1/stages";
  static final String PACKAGING_VERSION = "4.0";
  private static final Pattern SAFE_FILE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,254}$");
  private static final Pattern CMD = Pattern.compile("\"cmd\"\\s*:\\s*\"");
  private static final Pattern ENV = Pattern.compile("\"env\"\\s*:\\s*\\{");
  /** A fetch entry or uris element that reads the instance home or the role env file from shared storage. */
  private static final Pattern HOME_FETCH = Pattern.compile(
      "\\{\\s*\"uri\"\\s*:\\s*\"\\{\\{zeta\\.(?:homeUri|envFileUri)\\}\\}[^\"]*\"[^{}]*\\}\\s*,?|\"\\{\\{zeta\\.(?:homeUri|envFileUri)\\}\\}[^\"]*\"\\s*,?");
  private static final Pattern HOME_FETCH_TARGET = Pattern.compile("\\{\\{zeta\\.homeUri\\}\\}/([^\"]*)\"");

  /** One exported Universe package: its name and its files (package.json, config.json, resource.json, marathon.json.mustache). */
  public record Exported(String name, int releaseVersion, Map<String, byte[]> files) {}

  /** Everything an export of one package version gives. */
  public record Result(String name, String version, List<Exported> packages, List<Gap> gaps) {}

  private UniverseExport() {}

  public static Result export(PackageDefinition def, String artifactBase) {
    String base = artifactBase.endsWith("/") ? artifactBase.substring(0, artifactBase.length() - 1) : artifactBase;
    checkBase(base);
    ZetaExtension z = def.zeta();
    List<Gap> gaps = new ArrayList<>();
    ObjectNode resource = resource(def, base, gaps);
    ObjectNode config = config(def);
    List<AppSource> apps = apps(def, gaps);
    List<Exported> out = new ArrayList<>();
    boolean wroteFiles = !z.configFiles().isEmpty() || !z.directories().isEmpty() || !z.env().isEmpty();
    List<String> withoutCmd = new ArrayList<>();
    for (int i = 0; i < apps.size(); i++) {
      AppSource app = apps.get(i);
      String name = i == 0 ? def.name() : def.name() + "-" + app.name();
      String template = appTemplate(def, app, base, withoutCmd);
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put(PackageFiles.PACKAGE, Json.prettyBytes(packageJson(def, name, app, apps.size())));
      files.put(PackageFiles.CONFIG, Json.prettyBytes(config));
      if (resource != null) {
        files.put(PackageFiles.RESOURCE, Json.prettyBytes(resource));
      }
      files.put(PackageFiles.MARATHON, template.getBytes(StandardCharsets.UTF_8));
      out.add(new Exported(name, def.releaseVersion(), files));
    }
    gaps.addAll(0, featureGaps(def, apps, wroteFiles, withoutCmd));
    return new Result(def.name(), def.version(), List.copyOf(out), List.copyOf(gaps));
  }

  /** The gaps alone (what `zeta package gaps` prints). */
  public static List<Gap> gaps(PackageDefinition def) {
    return export(def, DEFAULT_ARTIFACT_BASE).gaps();
  }

  private static void checkBase(String base) {
    try {
      URI uri = new URI(base);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ZetaException("--artifact-base-url " + base + " is not an http(s) URL with a host",
            "give the URL DC/OS agents fetch the stage from, e.g. http://zeta.example.org:7070/zeta/v1/stages", null);
      }
    } catch (java.net.URISyntaxException e) {
      throw new ZetaException("--artifact-base-url " + base + " is not a URL: " + e.getReason(),
          "give the URL DC/OS agents fetch the stage from, e.g. http://zeta.example.org:7070/zeta/v1/stages", null);
    }
  }

  /** One Marathon app of the package: the single marathon.json.mustache, or one of zeta.json's apps. */
  record AppSource(String name, String templatePath, String template, int index, int copies, boolean copied) {}

  private static List<AppSource> apps(PackageDefinition def, List<Gap> gaps) {
    List<AppSource> apps = new ArrayList<>();
    if (!def.zeta().multiApp()) {
      def.marathonTemplate().ifPresent(t -> apps.add(new AppSource(null, PackageFiles.MARATHON, t, 1, 1, false)));
      return apps;
    }
    for (ZetaExtension.App a : def.zeta().apps()) {
      String text = def.files().text(a.template())
          .orElseThrow(() -> new ZetaException(def + ": app " + a.name() + " template " + a.template() + " is missing"));
      // A copied app (one per node) becomes its first copy; the export says so in the gaps.
      apps.add(new AppSource(a.copies().isPresent() ? a.name() + "1" : a.name(), a.template(), text, 1, 1,
          a.copies().isPresent()));
    }
    return apps;
  }

  /** package.json: Universe 4.0, the Zeta package's metadata, notes that point at the gaps. */
  private static ObjectNode packageJson(PackageDefinition def, String name, AppSource app, int appCount) {
    ObjectNode p = def.packageJson();
    p.put("packagingVersion", PACKAGING_VERSION);
    p.put("name", name);
    if (appCount > 1) {
      p.put("description", p.path("description").asText() + " (Exported from Zeta: app " + app.name() + " of " + appCount
          + "; install the packages " + def.name() + " and " + def.name() + "-<app> with the same options.)");
    }
    ArrayNode tags = p.withArray("tags");
    boolean has = false;
    for (var t : tags) {
      has |= t.asText().equals("zeta-export");
    }
    if (!has && tags.size() < 64) {
      tags.add("zeta-export");
    }
    String requires = String.join(", ", def.zeta().requires());
    String note = "Exported from the Zeta package " + def.name() + " " + def.version() + " (`zeta package gaps " + def.name()
        + "` lists what DC/OS cannot do as Zeta does)."
        + (requires.isEmpty() ? "" : " The cluster must provide: " + requires + ".");
    p.put("preInstallNotes", p.hasNonNull("preInstallNotes") ? p.get("preInstallNotes").asText() + "\n\n" + note : note);
    return p;
  }

  /**
   * config.json: the package's own, plus a {@code zeta} object whose properties stand for the
   * install context Cosmos does not have (role, id, envId, cluster). Cosmos has no computed
   * values, so each is an option with a default that the user sets consistently.
   */
  private static ObjectNode config(PackageDefinition def) {
    ObjectNode config = def.config().orElseGet(() -> {
      ObjectNode c = Json.object();
      c.put("type", "object");
      return c;
    });
    ObjectNode props = config.with("properties");
    if (props.has("zeta")) {
      throw new ZetaException(def + ": config.json already has a property 'zeta', which the export needs for the install context",
          "rename the property in the package", null);
    }
    String role = def.zeta().instancePolicy() == InstancePolicy.ONE_PER_CLUSTER ? "shared" : "zeta";
    ObjectNode zeta = props.putObject("zeta");
    zeta.put("type", "object");
    zeta.put("description", "What Zeta derives at install (role, instance id, cluster); on DC/OS set them here, consistently.");
    ObjectNode zp = zeta.putObject("properties");
    stringOption(zp, "role", "The role (the first segment of the app id /<role>/<id>).", role);
    stringOption(zp, "id", "The instance id (the second segment of the app id).", def.name());
    stringOption(zp, "envId", "The instance id with - written as _ (used in env names ZETA_<envId>_...).",
        def.name().replace('-', '_'));
    ObjectNode cluster = zp.putObject("cluster");
    cluster.put("type", "object");
    ObjectNode cp = cluster.putObject("properties");
    stringOption(cp, "name", "The cluster's name.", "dcos");
    stringOption(cp, "mount", "Where shared storage is mounted on every agent (Zeta's cluster mount, e.g. /mapr/prod).", "/mnt/zeta");
    return config;
  }

  private static void stringOption(ObjectNode props, String name, String description, String dflt) {
    ObjectNode o = props.putObject(name);
    o.put("type", "string");
    o.put("description", description);
    o.put("default", dflt);
  }

  /** resource.json: every artifact (zeta.json's and resource.json's) as assets.uris under the stage URL; images kept. */
  private static ObjectNode resource(PackageDefinition def, String base, List<Gap> gaps) {
    ObjectNode resource = def.resource().orElseGet(Json::object);
    ObjectNode uris = Json.object();
    resource.path("assets").path("uris").fields().forEachRemaining(e ->
        uris.put(e.getKey(), stageUrl(base, def, e.getKey(), e.getValue().asText())));
    def.zeta().artifacts().forEach((alias, a) -> uris.put(alias, stageUrl(base, def, alias, a.url())));
    if (!uris.isEmpty()) {
      resource.with("assets").set("uris", uris);
    }
    return resource.isEmpty() ? null : resource;
  }

  /** The stage's copy of an artifact as zeta serve serves it: .../stages/<pkg>/<version>/artifacts/<alias>/<file>. */
  static String stageUrl(String base, PackageDefinition def, String alias, String url) {
    String path = url;
    try {
      String raw = new URI(url).getRawPath();
      path = raw == null ? "" : raw;
    } catch (java.net.URISyntaxException ignored) {
      // a name the loader accepted but URI does not: the alias names the file
    }
    String last = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    String file = SAFE_FILE.matcher(last).matches() ? last : alias;
    return base + "/" + enc(def.name()) + "/" + enc(def.version()) + "/artifacts/" + enc(alias) + "/" + enc(file);
  }

  private static String enc(String segment) {
    return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The app template with the zeta context mapped, the fetches of the home dropped, a cmd prelude and env exports added. */
  private static String appTemplate(PackageDefinition def, AppSource app, String base, List<String> withoutCmd) {
    ZetaExtension z = def.zeta();
    String t = app.template();
    // Config files the template fetched from the home land in the sandbox under their last segment.
    List<String> fetchedNames = new ArrayList<>();
    Matcher fm = HOME_FETCH_TARGET.matcher(t);
    while (fm.find()) {
      String target = fm.group(1);
      fetchedNames.add(target);
    }
    boolean fetchesEnvFile = t.contains("{{zeta.envFileUri}}");
    t = HOME_FETCH.matcher(t).replaceAll("");
    t = t.replaceAll(",(\\s*)]", "$1]");
    Templates.Mapping mapping = mapping(def, app, base);
    t = Templates.mapZeta(t, mapping);
    String prelude = prelude(def, app, mapping, fetchedNames, fetchesEnvFile);
    if (!prelude.isEmpty()) {
      Matcher cmd = CMD.matcher(t);
      if (cmd.find() && !cmd.find()) {
        cmd.reset();
        cmd.find();
        t = t.substring(0, cmd.end()) + Templates.inJsonString(prelude) + t.substring(cmd.end());
      } else {
        withoutCmd.add(app.name() == null ? def.name() : app.name());
      }
    }
    if (!z.env().isEmpty()) {
      t = addEnv(t, def, mapping);
    }
    return t;
  }

  /** Adds the env exports to the app's own env object (or a new one at the top of the app). */
  private static String addEnv(String t, PackageDefinition def, Templates.Mapping mapping) {
    StringBuilder entries = new StringBuilder();
    for (Map.Entry<String, String> e : exports(def).entrySet()) {
      if (entries.length() > 0) {
        entries.append(", ");
      }
      entries.append('"').append(Templates.inJsonString(Templates.mapZeta(e.getKey(), mapping))).append("\": \"")
          .append(Templates.inJsonString(Templates.mapZeta(e.getValue(), mapping))).append('"');
    }
    Matcher env = ENV.matcher(t);
    if (env.find()) {
      int at = env.end();
      String rest = t.substring(at);
      boolean empty = rest.stripLeading().startsWith("}");
      return t.substring(0, at) + entries + (empty ? "" : ", ") + rest;
    }
    int open = t.indexOf('{');
    return t.substring(0, open + 1) + "\n  \"env\": {" + entries + "}," + t.substring(open + 1);
  }

  /** The env exports as Zeta names them: ownEnv as is, ZETA_... rendered, other keys ZETA_<envId>_KEY. */
  static Map<String, String> exports(PackageDefinition def) {
    Map<String, String> out = new LinkedHashMap<>();
    def.zeta().env().forEach((k, v) -> {
      String name = def.zeta().ownEnv().contains(k) || k.startsWith("ZETA_") ? k : "ZETA_{{zeta.envId}}_" + k;
      out.put(name, v);
    });
    return out;
  }

  /**
   * The shell lines run before the app's own cmd: directories (mkdir -p, chmod), config files
   * written from quoted here-documents (Cosmos renders the options into them; a quoted delimiter
   * means the shell expands nothing in them), each also under its last segment where the app
   * fetched it from the home, and the env file where the app fetched the role env file.
   */
  private static String prelude(PackageDefinition def, AppSource app, Templates.Mapping mapping, List<String> fetched,
      boolean fetchesEnvFile) {
    ZetaExtension z = def.zeta();
    StringBuilder sb = new StringBuilder();
    for (ZetaExtension.Directory d : z.directories()) {
      sb.append("mkdir -p ").append(shellWord(d.path())).append(" && chmod ").append(String.format("%04o", d.mode()))
          .append(' ').append(shellWord(d.path())).append(" && ");
    }
    int n = 0;
    for (ZetaExtension.ConfigFile f : z.configFiles()) {
      String body = f.content().orElseGet(() -> def.files().text(f.template().orElseThrow()).orElseThrow(
          () -> new ZetaException(def + ": config file template " + f.template().orElseThrow() + " is missing")));
      boolean sandboxPaths = Templates.uses(body, "home") || Templates.uses(body, "homePath");
      body = Templates.mapZeta(body, mapping);
      String delimiter = "ZETA_EOF_" + (++n);
      if (body.lines().anyMatch(l -> l.startsWith("ZETA_EOF_"))) {
        throw new ZetaException(def + ": config file " + f.target() + " has a line starting ZETA_EOF_, the export's here-document end");
      }
      int slash = f.target().lastIndexOf('/');
      if (slash > 0) {
        sb.append("mkdir -p ").append(shellWord(f.target().substring(0, slash))).append(" && ");
      }
      String target = shellWord(f.target());
      sb.append("cat > ").append(target).append(" <<'").append(delimiter).append("'\n").append(body);
      if (!body.endsWith("\n")) {
        sb.append('\n');
      }
      sb.append(delimiter).append('\n');
      if (sandboxPaths) {
        // The file names the home; in the export the home is the sandbox, known only when the task runs.
        sb.append("sed -i \"s#\\$MESOS_SANDBOX#$MESOS_SANDBOX#g\" ").append(target).append(" && ");
      }
      sb.append("chmod ").append(String.format("%04o", f.mode())).append(' ').append(target);
      if (fetched.contains(f.target()) && slash >= 0) {
        sb.append(" && cp ").append(target).append(' ').append(shellWord(f.target().substring(slash + 1)));
      }
      sb.append(" && ");
    }
    if (fetchesEnvFile && !z.env().isEmpty()) {
      String file = def.name() + "_{{zeta.id}}.sh";
      sb.append("cat > ").append(file).append(" <<'ZETA_ENV_EOF'\n#!/bin/bash\n");
      exports(def).forEach((k, v) -> sb.append("export ").append(Templates.mapZeta(k, mapping)).append("=\"")
          .append(Templates.mapZeta(v, mapping)).append("\"\n"));
      sb.append("ZETA_ENV_EOF\n");
    }
    String s = sb.toString();
    if (s.endsWith(" && ")) {
      s = s.substring(0, s.length() - 4) + "\n";
    }
    return s;
  }

  /** A path of the package (already checked by the loader: letters, digits, . _ - + @ = , ~ and /) as one shell word. */
  private static String shellWord(String path) {
    return "'" + path.replace("'", "'\\''") + "'";
  }

  /** The zeta.* install context in Cosmos terms, for one app. */
  private static Templates.Mapping mapping(PackageDefinition def, AppSource app, String base) {
    String stage = base + "/" + enc(def.name()) + "/" + enc(def.version());
    return key -> switch (key) {
      case "role", "id", "envId", "cluster.name", "cluster.mount" -> null; // options of the export's config.json
      case "appId" -> "/{{zeta.role}}/{{zeta.id}}";
      case "app.id" -> app.name() == null ? "/{{zeta.role}}/{{zeta.id}}" : "/{{zeta.role}}/{{zeta.id}}/" + app.name();
      case "app.name" -> app.name() == null ? def.name() : app.name();
      case "app.index" -> Integer.toString(app.index());
      case "baseDir" -> def.zeta().recommendedBaseDir();
      case "home", "homePath" -> "$MESOS_SANDBOX";
      case "homeUri" -> "file://$MESOS_SANDBOX";
      case "envFile" -> "$MESOS_SANDBOX/" + def.name() + "_{{zeta.id}}.sh";
      case "envFileUri" -> "file://$MESOS_SANDBOX/" + def.name() + "_{{zeta.id}}.sh";
      case "cluster.root" -> "{{zeta.cluster.mount}}";
      case "package.name" -> def.name();
      case "package.version" -> def.version();
      case "stage", "stageUri" -> stage;
      default -> key.startsWith("artifacts.") ? "{{resource.assets.uris." + key.substring("artifacts.".length()) + "}}" : null;
    };
  }

  /** The rows of `zeta package gaps`: each Zeta feature the package uses, computed from its definition. */
  private static List<Gap> featureGaps(PackageDefinition def, List<AppSource> apps, boolean writesFiles, List<String> withoutCmd) {
    ZetaExtension z = def.zeta();
    List<Gap> gaps = new ArrayList<>();
    List<String> staged = new ArrayList<>(z.artifacts().keySet());
    def.resource().ifPresent(r -> r.path("assets").path("uris").fieldNames().forEachRemaining(staged::add));
    if (!staged.isEmpty()) {
      boolean checksums = z.artifacts().values().stream().anyMatch(a -> a.sha256().isPresent() || a.size().isPresent());
      gaps.add(new Gap("staging", "Staging on shared storage", String.join(", ", staged),
          "resource.json assets.uris point at the stage zeta serve publishes over HTTP; every agent downloads them for each task",
          "one copy per cluster on shared storage, fetched by path; stage before install"
              + (checksums ? "; the sha256/size checks (Mesos's fetcher checks neither)" : "")));
    }
    List<String> images = new ArrayList<>();
    def.resource().ifPresent(r -> r.path("assets").path("container").path("docker").fields()
        .forEachRemaining(e -> images.add(e.getKey() + "=" + e.getValue().asText())));
    List<String> docker = new ArrayList<>();
    for (AppSource a : apps) {
      if (a.template().contains("\"DOCKER\"") || a.template().contains("\"docker\"")) {
        docker.add(a.name() == null ? def.name() : a.name());
      }
    }
    if (images.isEmpty() && !docker.isEmpty()) {
      gaps.add(new Gap("images", "Docker images", "app(s) " + String.join(", ", docker),
          "the image the template names, pulled by each agent from the registry",
          "the image is not recorded with the stage (resource.json assets.container.docker), so what runs may change"));
    }
    if (!images.isEmpty()) {
      gaps.add(new Gap("images", "Staged images", String.join(", ", images),
          "kept in resource.json assets.container.docker; each agent pulls them from the registry",
          "recording the image with the stage (what was staged is what runs)"));
    }
    if (!z.directories().isEmpty()) {
      List<String> dirs = z.directories().stream().map(d -> d.path() + " " + String.format("%04o", d.mode())).toList();
      gaps.add(new Gap("directories", "Role directories with owners and modes", String.join(", ", dirs),
          withoutCmd.isEmpty() ? "mkdir -p and chmod in the task's sandbox, before the app's cmd" : "not created: app(s) "
              + String.join(", ", withoutCmd) + " have no cmd to prefix",
          "the instance home /<base>/<role>/<pkg>/<id> on shared storage, owned by the role's group, the same for every task and node"));
    }
    List<String> persistent = z.directories().stream().filter(ZetaExtension.Directory::persistent).map(ZetaExtension.Directory::path).toList();
    if (!persistent.isEmpty()) {
      gaps.add(new Gap("persistent-data", "Persistent data kept across uninstall", String.join(", ", persistent),
          "a directory in the sandbox (nothing persists: a restarted task starts empty)",
          "data kept by uninstall and reused by a reinstall of the same role/id; removed only by --purge"));
    }
    if (!z.configFiles().isEmpty()) {
      List<String> files = z.configFiles().stream().map(ZetaExtension.ConfigFile::target).toList();
      gaps.add(new Gap("config-files", "Config files rendered into the home", String.join(", ", files),
          withoutCmd.isEmpty() ? "written by a cmd prelude from here-documents Cosmos renders with the options"
              : "not written: app(s) " + String.join(", ", withoutCmd) + " have no cmd to prefix",
          "one rendered copy on shared storage that operators read and edit, with its mode; files too large for a Marathon app"));
    }
    List<String> mounted = new ArrayList<>();
    for (AppSource a : apps) {
      if (Templates.uses(a.template(), "homePath") || Templates.uses(a.template(), "home")
          || Templates.uses(a.template(), "cluster.mount") || Templates.uses(a.template(), "cluster.root")) {
        mounted.add(a.name() == null ? def.name() : a.name());
      }
    }
    if (!mounted.isEmpty() || z.requires().contains("posix-mount")) {
      gaps.add(new Gap("shared-paths", "Paths on the shared filesystem's mount",
          mounted.isEmpty() ? "requires posix-mount" : "app(s) " + String.join(", ", mounted),
          "the home becomes $MESOS_SANDBOX (expanded in cmd only); the cluster mount becomes the option zeta.cluster.mount",
          "the same POSIX path on every node; $MESOS_SANDBOX is not expanded in Docker volumes, env or args"));
    }
    if (!z.requires().isEmpty()) {
      gaps.add(new Gap("capabilities", "Capabilities required", String.join(", ", z.requires()),
          "named in preInstallNotes",
          "the check: Zeta refuses stage and install on a cluster without them; Cosmos installs anyway"));
    }
    if (z.instancePolicy() != InstancePolicy.MANY_PER_ROLE || def.hasZetaExtension()) {
      gaps.add(new Gap("instances", "Instance policy and naming /<role>/<id>", z.instancePolicy().id(),
          "options zeta.role and zeta.id make the app id /<role>/<id>",
          "the policy (" + z.instancePolicy().id() + ") is not enforced; roles, their directories and permissions do not exist"));
    }
    if (z.multiApp()) {
      List<String> names = z.apps().stream().map(a -> a.copies().isPresent() ? a.name() + " x " + a.copies().get() : a.name()).toList();
      gaps.add(new Gap("multi-app", "Several apps in one instance", String.join(", ", names),
          apps.size() == 1 ? "one package with the first app" : "one package per app: " + def.name() + " (" + apps.get(0).name()
              + ") and " + String.join(", ", apps.subList(1, apps.size()).stream().map(a -> def.name() + "-" + a.name()).toList()),
          "one install, start order, stop in reverse, status of the whole"
              + (z.apps().stream().anyMatch(a -> a.copies().isPresent()) ? "; copies: only the first copy is exported" : "")));
    }
    if (!z.env().isEmpty()) {
      gaps.add(new Gap("env-exports", "Env exports for discovery", String.join(", ", exports(def).keySet()),
          "set in the app's own env (and its env file in the sandbox)",
          "the role env file other instances and users source to find this one"));
    }
    if (!z.secrets().isEmpty() || hasPasswordOption(def.config().orElse(null))) {
      gaps.add(new Gap("secrets", "Secret options kept apart", z.secrets().isEmpty() ? "format: password" : String.join(", ", z.secrets()),
          "none: Cosmos puts every option in the DCOS_PACKAGE_OPTIONS label",
          "values kept out of labels and output, in an owner-only secrets.json"));
    }
    return gaps;
  }

  private static boolean hasPasswordOption(com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null) {
      return false;
    }
    if ("password".equals(node.path("format").asText())) {
      return true;
    }
    for (var child : node.path("properties")) {
      if (hasPasswordOption(child)) {
        return true;
      }
    }
    return false;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
