package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.json.Json;
import io.zeta.render.RepositoryCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Validate every package version of one repository and render each that has a template "
        + "with its default options (the checks an install makes), and checks each app for the target Marathon "
        + "release (--marathon-version).", "Exits with status 1 if any version failed."})
final class RepoCheckCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "URI", description = "The repository: a directory, an index file or an http(s) index.")
  String uri;


  @Option(names = "--render-dir", paramLabel = "DIR", description = "Write each rendered app to DIR/<name>/<releaseVersion>.json.")
  String renderDir;

  @picocli.CommandLine.Mixin
  MarathonVersionOption marathonVersion;

  @Override
  int execute() throws IOException {
    PackageRepository repo = Repositories.open(new RepositoryRef("checked", uri), env().cacheDir());
    List<RepositoryCheck.Result> results = new ArrayList<>(RepositoryCheck.run(repo, new io.zeta.lifecycle.CheckRenderer(marathonVersion.target(env(), root().cluster))));
    results.sort(Comparator.comparing((RepositoryCheck.Result r) -> String.valueOf(r.name()))
        .thenComparing(r -> r.releaseVersion() == null ? -1 : r.releaseVersion()));
    if (renderDir != null) {
      writeRendered(env().path(renderDir), results);
    }
    long failed = results.stream().filter(r -> r.status() == RepositoryCheck.Status.FAILED).count();
    if (structured()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (RepositoryCheck.Result r : results) {
        ObjectNode o = array.addObject();
        o.put("package", r.name());
        o.put("version", r.version());
        if (r.releaseVersion() == null) {
          o.putNull("releaseVersion");
        } else {
          o.put("releaseVersion", r.releaseVersion());
        }
        o.put("result", r.status().id());
        if (r.error() != null) {
          o.put("error", r.error());
        }
        if (!r.warnings().isEmpty()) {
          r.warnings().forEach(o.putArray("warnings")::add);
        }
      }
      print(array);
    } else {
      for (RepositoryCheck.Result r : results) {
        if (r.status() == RepositoryCheck.Status.FAILED) {
          out().println(Output.safe("FAILED " + r.name() + "@" + r.version() + " (release " + r.releaseVersion() + "): "
              + r.error()));
        }
      }
      long ok = results.stream().filter(r -> r.status() == RepositoryCheck.Status.OK).count();
      long noTemplate = results.stream().filter(r -> r.status() == RepositoryCheck.Status.NO_TEMPLATE).count();
      out().println(results.size() + " package versions: " + ok + " rendered, " + noTemplate + " without a template, "
          + failed + " failed.");
    }
    return failed == 0 ? 0 : Main.EXIT_ERROR;
  }

  private static void writeRendered(Path dir, List<RepositoryCheck.Result> results) throws IOException {
    for (RepositoryCheck.Result r : results) {
      if (r.apps().isEmpty() || r.name() == null) {
        continue;
      }
      Path pkgDir = dir.resolve(r.name());
      Files.createDirectories(pkgDir);
      Object doc = r.apps().size() == 1 ? r.apps().get(0) : r.apps();
      Files.write(pkgDir.resolve(r.releaseVersion() + ".json"), Json.prettyBytes(doc));
    }
    if (!Files.isDirectory(dir)) {
      throw new ZetaException("--render-dir " + dir + " was not created");
    }
  }
}
