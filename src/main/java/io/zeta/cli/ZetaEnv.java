package io.zeta.cli;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything a command reads from its surroundings: environment variables, the user's Zeta
 * directory, the working directory, the output streams and whether they are a terminal. Tests
 * run the CLI in-process with their own.
 *
 * @param home the user's Zeta directory ({@code ZETA_HOME}, else {@code $HOME/.zeta}, else the account's home)
 * @param installDir where Zeta is installed (holds {@code packages/} and {@code bin/})
 * @param in standard input ({@code --options -})
 */
public record ZetaEnv(Map<String, String> vars, Path home, Path cwd, Path installDir, PrintWriter out, PrintWriter err,
    boolean terminal, java.io.InputStream in) {

  /** Without a standard input of its own: reading it gives nothing. */
  public ZetaEnv(Map<String, String> vars, Path home, Path cwd, Path installDir, PrintWriter out, PrintWriter err,
      boolean terminal) {
    this(vars, home, cwd, installDir, out, err, terminal, java.io.InputStream.nullInputStream());
  }

  public static ZetaEnv system() {
    Map<String, String> vars = System.getenv();
    return new ZetaEnv(vars, zetaHome(vars, System.getProperty("user.home")).toAbsolutePath(),
        Path.of("").toAbsolutePath(), detectInstallDir(),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null, System.in);
  }

  /**
   * {@code $ZETA_HOME}, else {@code $HOME/.zeta}, else the account's home's {@code .zeta}: as the
   * shell and other tools do, HOME wins over the password database (Java's user.home), so two
   * users (or one sudo -H) with different HOMEs never share one directory.
   */
  static Path zetaHome(Map<String, String> vars, String accountHome) {
    String zetaHome = vars.get("ZETA_HOME");
    if (zetaHome != null && !zetaHome.isBlank()) {
      return Path.of(zetaHome);
    }
    String home = vars.get("HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, ".zeta");
    }
    return Path.of(accountHome, ".zeta");
  }

  public String var(String name) {
    return vars.get(name);
  }

  public Path cacheDir() {
    return home.resolve("cache");
  }

  /** Resolves a path the user typed against the working directory. */
  public Path path(String text) {
    return cwd.resolve(text).normalize();
  }

  /** bin/zeta passes it; otherwise it is the directory above target/zeta.jar. */
  static Path detectInstallDir() {
    String prop = System.getProperty("zeta.install.dir");
    if (prop != null) {
      return Path.of(prop).toAbsolutePath();
    }
    try {
      Path jar = Path.of(ZetaEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = jar.getParent();
      while (dir != null && !Files.isDirectory(dir.resolve("packages"))) {
        dir = dir.getParent();
      }
      return dir == null ? Path.of("").toAbsolutePath() : dir;
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("").toAbsolutePath();
    }
  }
}
