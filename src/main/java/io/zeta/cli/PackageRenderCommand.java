package io.zeta.cli;

import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
    description = {"Print the Marathon app a package renders to, as DC/OS would install it.",
        "A multi-app package (zeta.json apps) prints every app, as the group an install writes: "
            + "{\"id\": \"/render/<package>\", \"apps\": [...]} (or --app-id /ROLE/ID).",
        "Options are validated against the package's config.json first."})
final class PackageRenderCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG[@VERSION]", description = "Package, optionally with a version; the newest release by default.")
  String pkg;

  @Option(names = "--app-id", paramLabel = "ID", description = "Use this Marathon app id (made absolute: web -> /web); for a multi-app package the group's, /ROLE/ID.")
  String appId;

  @Option(names = "--show-secrets", description = "Print secret options (format password) as given, not as ********.")
  boolean showSecrets;

  @Mixin
  OptionsInput options;

  @Mixin
  MarathonVersionOption marathonVersion;

  @Mixin
  RepoOptions repos;

  @Override
  int execute() {
    PackageDefinition def = Catalogs.open(env(), repos, root().cluster).resolve(PackageRef.parse(pkg));
    print(io.zeta.lifecycle.PreviewRenderer.render(def, options.read(env()), Optional.ofNullable(appId), showSecrets,
      marathonVersion.target(env(), root().cluster)));
    return 0;
  }
}
