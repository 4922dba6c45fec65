package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.ZetaExtension;
import io.zeta.json.Json;
import io.zeta.render.Secrets;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "describe", mixinStandardHelpOptions = true,
    description = {"Show a package's full definition, its options schema (--config) or its rendered app (--render).",
        "With ROLE/ID, show an installed instance: its state (per app: running, deploying, degraded, failed, stopped, "
            + "not-started), tasks with host, ports and the URL of each HTTP port, health, the last task failure, the "
            + "deployments in progress, options (secrets masked), home and env file."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:described", "1:an error (no such package or instance...)", "2:bad usage",
        "3:ROLE/ID: its state is unknown, the scheduler could not be asked (the reason is printed)"})
final class PackageDescribeCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG[@VERSION]|ROLE/ID", description = "Package, optionally with a version "
      + "(the newest release by default), or an instance.")
  String pkg;

  @Option(names = "--config", description = "Print the options schema (config.json).")
  boolean config;

  @Option(names = "--render", description = "Print the Marathon app rendered with the given options.")
  boolean render;

  @Option(names = "--app-id", paramLabel = "ID", description = "With --render: use this app id.")
  String appId;


  @Option(names = "--show-secrets", description = "Show secret options (format password) and their defaults as they are, not as ********.")
  boolean showSecrets;

  @Mixin
  OptionsInput options;

  @Mixin
  MarathonVersionOption marathonVersion;

  @Mixin
  RepoOptions repos;

  @Override
  int execute() throws Exception {
    if (pkg.contains("/")) {
      if (config || render || appId != null || options.given()) {
        throw usage("--config, --render, --app-id, --options, --set and --set-file describe a package, not an "
            + "instance (" + pkg + ")");
      }
      return InstanceDescription.print(this, pkg, showSecrets);
    }
    PackageDefinition def = Catalogs.open(env(), repos, root().cluster).resolve(PackageRef.parse(pkg));
    Secrets secrets = showSecrets ? Secrets.ofPaths(java.util.List.of()) : Secrets.of(def);
    if (config) {
      print(secrets.maskSchema(def.config().orElseGet(Json::object)));
      return 0;
    }
    if (render) {
      print(io.zeta.lifecycle.PreviewRenderer.render(def, options.read(env()), Optional.ofNullable(appId), showSecrets,
        marathonVersion.target(env(), root().cluster)));
      return 0;
    }
    if (appId != null || options.given()) {
      throw new ZetaException("--app-id, --options, --set and --set-file only apply with --render");
    }
    if (structured()) {
      ObjectNode doc = Json.object();
      ObjectNode entry = def.toIndexEntry();
      if (entry.get("config") instanceof ObjectNode c) {
        entry.set("config", secrets.maskSchema(c));
      }
      doc.set("package", entry);
      print(doc);
      return 0;
    }
    print(out(), def);
    return 0;
  }

  private static void print(PrintWriter out, PackageDefinition def) {
    ObjectNode p = def.packageJson();
    line(out, "Name", def.name());
    line(out, "Version", def.version());
    line(out, "Release", String.valueOf(def.releaseVersion()));
    line(out, "Packaging", def.packagingVersion());
    line(out, "Maintainer", p.path("maintainer").asText(""));
    line(out, "Website", p.path("website").asText(p.path("scm").asText("")));
    line(out, "Tags", String.join(", ", def.tags()));
    line(out, "Selected", def.selected() ? "yes" : "no");
    line(out, "Framework", def.framework() ? "yes" : "no");
    line(out, "Repository", def.sourceUri());
    line(out, "Marathon app", def.marathonTemplate().isPresent() ? "yes" : "no");
    line(out, "Options", def.config().map(c -> c.path("properties").size() + " top-level").orElse("none"));
    if (def.hasZetaExtension()) {
      ZetaExtension z = def.zeta();
      line(out, "Requires", z.requires().isEmpty() ? "-" : String.join(", ", z.requires()));
      line(out, "Instances", z.instancePolicy().id());
      line(out, "Base dir", z.recommendedBaseDir());
      line(out, "Artifacts", z.artifacts().isEmpty() ? "-" : String.join(", ", z.artifacts().keySet()));
      if (z.multiApp()) {
        line(out, "Apps", String.join(", ", z.apps().stream().map(ZetaExtension.App::name).toList()));
      }
    }
    out.println();
    out.println(Output.safeText(def.description().strip()));
    for (String notes : new String[] {"preInstallNotes", "postInstallNotes", "postUninstallNotes"}) {
      if (p.hasNonNull(notes)) {
        out.println();
        out.println(notes + ": " + Output.safeText(p.get(notes).asText().strip()));
      }
    }
    out.flush();
  }

  private static void line(PrintWriter out, String key, String value) {
    if (value != null && !value.isEmpty()) {
      out.printf("%-13s %s%n", key + ":", Output.safe(value));
    }
  }
}
