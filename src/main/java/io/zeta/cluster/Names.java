package io.zeta.cluster;

import io.zeta.ZetaException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names that become paths and scheduler ids: roles, instance ids, base dirs, package
 * versions. Each is checked before anything is written, so no name can traverse out of its
 * directory or break a Marathon id.
 */
public final class Names {
  public static final List<String> BASE_DIRS = List.of("apps", "data", "etl", "zeta");
  public static final String SHARED_ROLE = "shared";

  private static final Pattern ROLE = Pattern.compile("^[a-z][a-z0-9]*$");
  private static final Pattern ID = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
  /** A version names a stage directory: a leading dot would make it hidden, or one of Zeta's .zeta-tmp- entries. */
  private static final Pattern VERSION = Pattern.compile("^[a-zA-Z0-9][-a-zA-Z0-9.]*$");
  /**
   * Marathon reserves restart, tasks and versions as the last segment of an app id; "stage" is
   * Zeta's: role shared's instances in base dir zeta sit beside /zeta/shared/&lt;pkg&gt;/stage.
   */
  private static final Set<String> RESERVED_IDS = Set.of("restart", "tasks", "versions", "stage");

  private Names() {}

  public static String role(String role) {
    if (role == null || !ROLE.matcher(role).matches() || role.length() > 32) {
      throw new ZetaException("invalid role '" + role + "': lowercase letters and digits, starting with a letter "
          + "(^[a-z][a-z0-9]*$, at most 32)");
    }
    return role;
  }

  public static String instanceId(String id) {
    if (id == null || !ID.matcher(id).matches() || id.length() > 63) {
      throw new ZetaException("invalid instance id '" + id + "': one Marathon path segment of lowercase letters, "
          + "digits and '-', starting and ending with a letter or digit (at most 63)");
    }
    if (RESERVED_IDS.contains(id)) {
      throw new ZetaException("invalid instance id '" + id + "': reserved (" + String.join(", ", new java.util.TreeSet<>(RESERVED_IDS)) + ")");
    }
    return id;
  }

  public static String baseDir(String dir) {
    if (!BASE_DIRS.contains(dir)) {
      throw new ZetaException("unknown base dir '" + dir + "': use one of " + String.join(", ", BASE_DIRS));
    }
    return dir;
  }

  /** A package version used as a directory name. */
  public static String version(String version) {
    if (version == null || !VERSION.matcher(version).matches() || version.length() > 128) {
      throw new ZetaException("invalid package version '" + version + "': letters, digits, '.' and '-', starting with "
          + "a letter or digit (at most 128), as it names the stage directory");
    }
    return version;
  }

  /** {@code ROLE/ID} as typed on the command line. */
  public static String[] roleAndId(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
      throw new ZetaException("expected ROLE/ID (for example team1/web1), got '" + text + "'");
    }
    return new String[] {role(text.substring(0, slash)), instanceId(text.substring(slash + 1))};
  }
}
