package io.zeta.identity;

import io.zeta.ZetaException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is acting. For the CLI the OS user ({@code user.name}); when Hadoop security is on
 * ({@code hadoop.security.authentication=kerberos}), the short name of the Kerberos principal
 * ({@code UserGroupInformation.getCurrentUser()}, mapped by {@code auth_to_local}), which is also
 * who the shared storage sees. For the HTTP API, the user who logged in.
 *
 * @param name whose rights apply
 * @param actor who authenticated, when an admin acts as {@code name} ({@code --as}); empty otherwise
 * @param source how {@code name} was established: {@code os}, {@code kerberos}, {@code http}
 */
public record Principal(String name, Optional<String> actor, String source) {
  /** User names as POSIX and LDAP uids allow them: nothing a log line or a filter could be confused by. */
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$");

  public Principal {
    actor = actor == null ? Optional.empty() : actor;
  }

  public static Principal of(String name, String source) {
    return new Principal(checkName(name), Optional.empty(), source);
  }

  /** The OS user of this process. */
  public static Principal os() {
    return of(System.getProperty("user.name", "unknown"), "os");
  }

  /**
   * The OS user of this process, or the Kerberos principal when Hadoop security is on (this reads
   * Hadoop's configuration, so it is asked only where roles are enforced).
   */
  public static Principal current() {
    Optional<String> kerberos = Kerberos.currentUser();
    return kerberos.map(k -> of(k, "kerberos")).orElseGet(Principal::os);
  }

  /** This principal acting as {@code user}; whether it may is the {@link Authorizer}'s question. */
  public Principal as(String user) {
    return new Principal(checkName(user), Optional.of(actor.orElse(name)), source);
  }

  /** Who authenticated: the impersonator, or the principal itself. */
  public String authenticated() {
    return actor.orElse(name);
  }

  /** As the audit log records it: {@code alice}, or {@code root as alice}. */
  public String display() {
    return actor.map(a -> a + " as " + name).orElse(name);
  }

  /** Refuses names with characters no directory user has (spaces, controls, slashes...). */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ZetaException("invalid user name '" + name + "': letters, digits, '_', '.', '@' and '-' (at most 64)");
    }
    return name;
  }

  @Override
  public String toString() {
    return display();
  }

  /** Hadoop's login user, only when Hadoop security is on (no Hadoop class is loaded otherwise). */
  private static final class Kerberos {
    static Optional<String> currentUser() {
      if (!"kerberos".equalsIgnoreCase(System.getProperty("zeta.hadoop.authentication", hadoopSetting()))) {
        return Optional.empty();
      }
      try {
        org.apache.hadoop.security.UserGroupInformation ugi = org.apache.hadoop.security.UserGroupInformation.getCurrentUser();
        return ugi.hasKerberosCredentials() || org.apache.hadoop.security.UserGroupInformation.isSecurityEnabled()
            ? Optional.of(ugi.getShortUserName()) : Optional.empty();
      } catch (java.io.IOException e) {
        throw new ZetaException("Hadoop security is on but the Kerberos login failed: " + e.getMessage(),
            "run kinit (or check the keytab), then try again", e);
      }
    }

    /** {@code hadoop.security.authentication} of the Hadoop configuration on the class path (core-site.xml). */
    private static String hadoopSetting() {
      return new org.apache.hadoop.conf.Configuration().get("hadoop.security.authentication", "simple");
    }
  }
}
