package io.zeta.scheduler.embedded;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The filters of {@code GET /v2/apps}, as Marathon's AppsResource applies them: {@code cmd} and
 * {@code id} are case-insensitive substrings (of the command and of the app id), {@code label} a
 * {@link LabelSelector}; all given must hold. Null means not given.
 */
record AppFilter(String cmd, String id, LabelSelector label) implements Predicate<ManagedApp> {
  static final AppFilter ALL = new AppFilter(null, null, null);

  @Override
  public boolean test(ManagedApp app) {
    if (cmd != null && (app.spec.cmd() == null || !contains(app.spec.cmd(), cmd))) {
      return false;
    }
    if (id != null && !contains(app.id.toString(), id)) {
      return false;
    }
    return label == null || label.test(app.spec.labels());
  }

  private static boolean contains(String text, String part) {
    return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
  }
}
