package io.zeta.cli;

import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.StagePackage;
import io.zeta.lifecycle.UnstagePackage;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stage", mixinStandardHelpOptions = true,
    description = {"Stage a package version on the cluster: its whole definition and every artifact "
        + "(resource.json assets.uris, zeta.json artifacts) into /zeta/shared/<pkg>/stage/<version>/; every image "
        + "(resource.json assets.container.docker, zeta.json images) copied or built into the cluster registry as "
        + "<pkg>/<name>, pinned by digest in stage.json.",
        "sha256 and size are checked where the package gives them; a download cut short fails (after retries, resumed with HTTP Range). "
            + "Artifact URLs must be http(s) or inside the package. Atomic and idempotent."})
final class PackageStageCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG[@VERSION]", description = "Package; the newest release by default.")
  String pkg;

  @Option(names = "--mirror", paramLabel = "DIR|URL",
      description = "Fetch artifacts by file name from this directory or base URL instead of their own URLs (air-gapped clusters).")
  String mirror;

  @Option(names = "--allow-build-network", description = "Let the RUN steps of builds that ask for it (zeta.json "
      + "images.<name>.build.network: host) use this host's network, as root: they can reach its 127.0.0.1 services. "
      + "Without it such a stage is refused; other builds run without a network.")
  boolean allowBuildNetwork;

  @Option(names = "--image-mirror", paramLabel = "REGISTRY=URL",
      description = "Copy the images of REGISTRY (docker.io) from URL instead (http://127.0.0.1:5000, https://mirror, "
          + "host:port/prefix), over the cluster's own mirrors (`zeta cluster set --image-mirror`). Repeatable.")
  java.util.List<String> imageMirrors = new java.util.ArrayList<>();

  @Mixin
  ArtifactOptions artifacts;

  @Mixin
  RepoOptions repos;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      StagePackage.Result result = audited(cluster, pkg, () -> {
        java.util.Map<String, String> mirrors = new java.util.TreeMap<>();
        for (String m : imageMirrors) {
          java.util.Map.Entry<String, String> e = io.zeta.images.ClusterRegistry.mirror(m);
          mirrors.put(e.getKey(), e.getValue());
        }
        PackageDefinition def = Catalogs.open(env(), repos, root().cluster).resolve(PackageRef.parse(pkg));
        return new StagePackage(cluster, artifacts.fetcher(env(), cluster),
            new TerminalProgress(err(), env().terminal()))
            .withImages(new StagePackage.Images(mirrors, java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
                env().home().resolve("logs"), allowBuildNetwork))
            .run(def, Optional.ofNullable(mirror));
      });
      StageManifestView m = new StageManifestView(result.manifest().pkg(), result.manifest().version());
      if (structured()) {
        print(result(pkg).put("package", m.pkg()).put("version", m.version()).put("created", result.created())
            .put("artifacts", result.manifest().artifacts().size())
            .put("images", result.manifest().stagedImages().size())
            .put("path", io.zeta.cluster.ClusterLayout.stageDir(m.pkg(), m.version())));
        return 0;
      }
      out().println((result.created() ? "Staged " : "Already staged: ") + m.pkg() + " " + m.version()
          + " (" + result.manifest().artifacts().size() + " artifacts"
          + (result.manifest().stagedImages().isEmpty() ? "" : ", " + result.manifest().stagedImages().size()
              + " images in the cluster registry") + ") in "
          + io.zeta.cluster.ClusterLayout.stageDir(m.pkg(), m.version()) + ".");
      return 0;
    }
  }

  @Command(name = "unstage", mixinStandardHelpOptions = true,
      description = {"Remove a staged version; refused while an installed instance uses it.",
          "When uninstalled instances with kept data still name it (a reinstall needs it staged), asks first; -y confirms."})
  static final class Unstage extends Subcommand {
    @Parameters(index = "0", paramLabel = "PKG[@VERSION]", description = "Package; the version may be left out when only one is staged.")
    String pkg;

    @Option(names = "--dry-run", description = "Check everything and print what unstage would delete; change nothing. "
        + "Not audited.")
    boolean dryRun;

    @Mixin
    YesOption yes;

    @Mixin
    WaitOption waitOption;

    @Override
    int execute() throws Exception {
      PackageRef ref = PackageRef.parse(pkg);
      try (Cluster cluster = cluster()) {
        if (dryRun) {
          PlanOutput.print(this, new UnstagePackage(cluster).dryRun(ref.name(), ref.version()));
          return 0;
        }
        java.util.List<String> kept = cluster.index().instances().stream()
            .filter(e -> e.pkg().equals(ref.name()) && ref.version().map(e.version()::equals).orElse(true)
                && e.state() == io.zeta.cluster.ClusterIndex.StoredState.REMOVED)
            .map(e -> e.role() + "/" + e.id() + " (" + e.version() + ")").toList();
        if (!kept.isEmpty()) {
          reading(cluster, pkg, () -> {
            cluster.access().require(io.zeta.cluster.Access.Action.UNSTAGE, null);
            return null;
          });
          confirm("Uninstalled instances keep data for " + pkg + ": " + String.join(", ", kept)
              + "; reinstalling them needs it staged again. Unstage " + pkg + "?", yes.yes);
        }
        UnstagePackage unstage = new UnstagePackage(cluster);
        var manifest = audited(cluster, pkg, () -> unstage.run(ref.name(), ref.version()));
        unstage.notes().forEach(n -> err().println("zeta: note: " + Output.safe(n)));
        if (structured()) {
          var doc = result(pkg).put("package", manifest.pkg()).put("version", manifest.version());
          manifest.stagedImages().forEach(i -> doc.withArray("images").add(i.reference()));
          print(doc);
          return 0;
        }
        out().println("Unstaged " + manifest.pkg() + " " + manifest.version() + ".");
        return 0;
      }
    }
  }

  private record StageManifestView(String pkg, String version) {}
}
