package io.zeta.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures (real Universe, Cosmos and Marathon data), found as the build found them. */
public final class Fixtures {
  private Fixtures() {}

  public static Path root() {
    String prop = System.getProperty("zeta.fixtures");
    for (String candidate : new String[] {prop, "../shared/fixtures", "/work/shared/fixtures"}) {
      if (candidate != null && Files.isDirectory(Path.of(candidate, "universe"))) {
        return Path.of(candidate).toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("shared fixtures not found; run the tests with -Dfixtures.dir=...");
  }

  public static Path universePackages() {
    return root().resolve("universe/packages");
  }

  public static Path cosmos(String relative) {
    return root().resolve("cosmos").resolve(relative);
  }

  /** The project's own package repository. */
  public static Path projectPackages() {
    return Path.of("packages").toAbsolutePath();
  }
}
