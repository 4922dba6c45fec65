package io.zeta.cli;

import io.zeta.ZetaException;

/** Login names Zeta creates: POSIX-portable, and not a role's service user. */
final class UserNames {
  private UserNames() {}

  static String check(String uid) {
    if (uid == null || !uid.matches("^[a-z_][a-z0-9_-]{0,31}$")) {
      throw new ZetaException("invalid user name '" + Output.safe(String.valueOf(uid)) + "'",
          "use lowercase letters, digits, '_' and '-', starting with a letter or '_', at most 32", null);
    }
    if (uid.startsWith("zetasvc")) {
      throw new ZetaException("user names starting with zetasvc are the roles' service users", "pick another name", null);
    }
    return uid;
  }
}
