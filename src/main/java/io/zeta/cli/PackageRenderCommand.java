package io.zeta.cli;

import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.render.MarathonRenderer;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
    description = {"Print the Marathon app a package renders to, as DC/OS would install it.",
        "Options are validated against the package's config.json first."})
final class PackageRenderCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "PKG[@VERSION]", description = "Package, optionally with a version; the newest release by default.")
  String pkg;

  @Option(names = "--app-id", paramLabel = "ID", description = "Use this Marathon app id (made absolute: web -> /web).")
  String appId;

  @Option(names = "--show-secrets", description = "Print secret options (format password) as given, not as ********.")
  boolean showSecrets;

  @Mixin
  OptionsInput options;

  @Mixin
  RepoOptions repos;

  @Override
  int execute() {
    PackageDefinition def = Catalogs.open(env(), repos, root().cluster).resolve(PackageRef.parse(pkg));
    print(MarathonRenderer.renderForDisplay(def, options.read(env()), Optional.ofNullable(appId), showSecrets));
    return 0;
  }
}
