package io.zeta.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.InvalidPackageException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageFiles;
import io.zeta.catalog.PackageListing;
import io.zeta.catalog.PackageRepository;
import io.zeta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads and validates every package version of a repository and renders each that has a
 * template with its default options: the same checks an install makes, for a whole repository.
 */
public final class RepositoryCheck {
  public enum Status {
    OK("ok"), FAILED("failed"), NO_TEMPLATE("no-template");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * One version's outcome. {@code apps} holds the rendered apps (several for a multi-app package);
   * {@code warnings} lists where the default options break config.json (options an install must
   * supply, such as a required licence key) without failing the check.
   */
  public record Result(String name, String version, Integer releaseVersion, Status status, String error,
      List<String> warnings, List<ObjectNode> apps) {}

  /** Renders the apps of one package with its default options. */
  @FunctionalInterface
  public interface AppRenderer {
    List<ObjectNode> render(PackageDefinition pkg, Options defaults);
  }

  private RepositoryCheck() {}

  /** Checks with Cosmos's renderer: the package's marathon.json.mustache and default options. */
  public static List<Result> run(PackageRepository repo) {
    return run(repo, (pkg, defaults) -> pkg.marathonTemplate().isPresent()
        ? List.of(MarathonRenderer.renderApp(pkg, pkg.marathonTemplate().get(), PackageFiles.MARATHON,
            MarathonRenderer.context(pkg, defaults, Json.object()), defaults.user(), Optional.empty()))
        : List.of());
  }

  public static List<Result> run(PackageRepository repo, AppRenderer renderer) {
    List<Result> results = new ArrayList<>();
    for (PackageListing l : repo.listing()) {
      if (!l.isValid()) {
        results.add(failed(l, String.join("; ", l.problems().stream().map(Object::toString).toList())));
        continue;
      }
      try {
        PackageDefinition pkg = repo.load(l.name(), l.releaseVersion());
        Options defaults = Options.merge(pkg, Json.object());
        List<String> warnings = defaults.violations(pkg).stream()
            .map(v -> "default options: " + v).toList();
        List<ObjectNode> apps = renderer.render(pkg, defaults);
        results.add(new Result(l.name(), l.version(), l.releaseVersion(),
            apps.isEmpty() ? Status.NO_TEMPLATE : Status.OK, null, warnings, apps));
      } catch (InvalidPackageException e) {
        results.add(failed(l, String.join("; ", e.problems().stream().map(Object::toString).toList())));
      } catch (ZetaException e) {
        results.add(failed(l, e.getMessage()));
      }
    }
    return results;
  }

  private static Result failed(PackageListing l, String error) {
    return new Result(l.name(), l.version(), l.releaseVersion(), Status.FAILED, error, List.of(), List.of());
  }
}
