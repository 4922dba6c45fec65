package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.export.ExportWriter;
import io.zeta.export.Gap;
import io.zeta.export.UniverseExport;
import io.zeta.json.Json;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a package as plain Universe packages (packagingVersion 4.0, no zeta.json) that DC/OS can install, "
        + "in Universe's layout DIR/<L>/<name>/<releaseVersion>/.",
        "A multi-app package becomes one package per app (<name>, <name>-<app>). `zeta package gaps PKG` lists what the "
            + "export approximates and what DC/OS cannot do. Nothing is written when the export is refused."})
final class PackageExportCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG[@VERSION]", description = "Package, optionally with a version; the newest release by default.")
  String pkg;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "The Universe directory to write into (created if missing; not a symbolic link).")
  String to;

  @Option(names = "--artifact-base-url", paramLabel = "URL",
      description = "Where DC/OS agents fetch the staged artifacts: URL/<pkg>/<version>/artifacts/<alias>/<file>. "
          + "Default: " + UniverseExport.DEFAULT_ARTIFACT_BASE + " (zeta serve's stage URL).")
  String artifactBase = UniverseExport.DEFAULT_ARTIFACT_BASE;

  @Option(names = "--force", description = "Replace an export of the same release already in DIR.")
  boolean force;

  @Mixin
  RepoOptions repos;

  @Override
  int execute() throws Exception {
    PackageDefinition def = Catalogs.open(env(), repos, root().cluster).resolve(PackageRef.parse(pkg));
    UniverseExport.Result result = UniverseExport.export(def, artifactBase);
    List<Path> written = ExportWriter.write(env().path(to), result.packages(), force);
    if (structured()) {
      ObjectNode o = Json.object();
      o.put("package", result.name());
      o.put("version", result.version());
      ArrayNode targets = o.putArray("target");
      written.forEach(p -> targets.add(p.toString()));
      PackageGapsCommand.gapsJson(o.putArray("gaps"), result.gaps());
      print(o);
    } else {
      for (Path p : written) {
        out().println(Output.safe("wrote " + p));
      }
      List<Gap> gaps = result.gaps();
      out().println(Output.safe(gaps.isEmpty() ? "nothing lost: a plain Universe package"
          : gaps.size() + " Zeta features approximated (see `zeta package gaps " + result.name() + "`)"));
    }
    return 0;
  }
}
