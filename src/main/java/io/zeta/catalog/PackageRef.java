package io.zeta.catalog;

import io.zeta.ZetaException;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code name} or {@code name@version}, as typed on the command line. */
public record PackageRef(String name, Optional<String> version) {
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$");
  private static final Pattern VERSION = Pattern.compile("^[a-zA-Z0-9][-a-zA-Z0-9.]{0,127}$");

  public static PackageRef parse(String text) {
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    Optional<String> version = at < 0 ? Optional.empty() : Optional.of(text.substring(at + 1));
    if (!NAME.matcher(name).matches()) {
      throw new ZetaException("invalid package name '" + name + "': lowercase letters, digits and '-', starting with a letter");
    }
    if (version.isPresent() && !VERSION.matcher(version.get()).matches()) {
      throw new ZetaException("invalid package version '" + version.get() + "': letters, digits, '.' and '-', "
          + "starting with a letter or digit");
    }
    return new PackageRef(name, version);
  }

  @Override
  public String toString() {
    return version.map(v -> name + "@" + v).orElse(name);
  }
}
