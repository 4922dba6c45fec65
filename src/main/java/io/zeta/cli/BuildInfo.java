package io.zeta.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What {@code zeta version} and {@code --version} say: the version, git commit and build time
 * the build wrote into {@code io/zeta/build.properties} ("unknown" for what it could not learn,
 * e.g. a build without git).
 */
record BuildInfo(String version, String commit, String buildTime) {
  static final String RESOURCE = "/io/zeta/build.properties";

  static BuildInfo current() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // A damaged jar: say unknown rather than fail a version query.
    }
    return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("commit", "unknown"),
        p.getProperty("buildTime", "unknown"));
  }

  /** The commit's first 12 characters (as `git log --oneline` would show it), or unknown. */
  String shortCommit() {
    return commit.length() > 12 ? commit.substring(0, 12) : commit;
  }

  /** The line of {@code zeta --version}. */
  String line() {
    return "zeta " + version + " (commit " + shortCommit() + ", built " + buildTime + ", Java "
        + System.getProperty("java.version") + ")";
  }

  /** For picocli's {@code --version}. */
  static final class Provider implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {current().line()};
    }
  }
}
