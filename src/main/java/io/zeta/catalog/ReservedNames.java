package io.zeta.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The names Zeta keeps for itself in an instance home, which a package's {@code configFiles[].target}
 * and {@code directories[].path} may not use (a package that renders {@code marathon.json} could
 * deploy over another role's app). Listed in docs/PACKAGE-FORMAT.md. Compared without case, so
 * that a case-insensitive filesystem cannot alias them.
 */
public final class ReservedNames {
  public static final String INSTANCE = "instance.json";
  public static final String MARATHON = "marathon.json";
  public static final String ENV = "env.sh";
  public static final String SCHEDULER = "scheduler.json";
  public static final String SECRETS = "secrets.json";
  /** The directory of an instance's numbered revisions (install, upgrade, rollback). */
  public static final String REVISIONS = "revisions";
  /** Top-level files Zeta writes in every home. */
  public static final List<String> HOME_FILES = List.of(INSTANCE, MARATHON, ENV, SCHEDULER, SECRETS, REVISIONS);
  /** Any path segment starting with this is Zeta's: its temporary files, and files it may write later. */
  public static final String PREFIX = ".zeta";

  /**
   * Environment variables no package may export: they change how a shell, the dynamic linker or
   * a JVM behaves for whoever sources the env file. Also every name starting with LD_, DYLD_ or
   * BASH_FUNC_. The same list is in zeta-schema.json ({@code ownEnv}).
   */
  public static final List<String> ENV_NAMES = List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "IFS", "ENV",
      "BASH_ENV", "PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND", "CDPATH", "SHELLOPTS", "BASHOPTS", "GLOBIGNORE",
      "TMPDIR", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "PYTHONPATH", "PYTHONSTARTUP", "PERL5LIB",
      "PERL5OPT", "RUBYOPT", "NODE_OPTIONS", "HOSTALIASES", "LOCALDOMAIN", "RESOLV_HOST_CONF");
  public static final List<String> ENV_PREFIXES = List.of("LD_", "DYLD_", "BASH_FUNC_");

  private ReservedNames() {}

  /** Whether an environment variable is one no package may export. */
  public static boolean dangerousEnv(String name) {
    return ENV_NAMES.contains(name) || ENV_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /** Why a path relative to an instance home is reserved, or empty if a package may use it. */
  public static Optional<String> reason(String path) {
    String[] segments = path.toLowerCase(Locale.ROOT).split("/");
    String first = segments[0];
    if (HOME_FILES.contains(first)) {
      return Optional.of("'" + segments[0] + "' is reserved: Zeta writes it in every instance home");
    }
    // Atomic writes of those files go through ".<name>.<random>.tmp" beside them.
    for (String f : HOME_FILES) {
      if (first.startsWith("." + f + ".")) {
        return Optional.of("'" + first + "' is reserved: Zeta's temporary copy of " + f);
      }
    }
    for (String s : segments) {
      if (s.startsWith(PREFIX)) {
        return Optional.of("'" + s + "' is reserved: names starting with " + PREFIX + " are Zeta's");
      }
    }
    return Optional.empty();
  }
}
