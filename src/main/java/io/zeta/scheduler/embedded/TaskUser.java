package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Marathon's {@code user}: the task runs as that user, as the Mesos agent does with
 * {@code --switch_user}. An agent running as root switches with util-linux's {@code setpriv}
 * (uid, gid and the supplementary groups of the user database, by initgroups) after handing the
 * sandbox to the user; any other agent can run tasks only as itself. What cannot be done is
 * refused when the app is created, not when a task fails later.
 */
final class TaskUser {
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** A user of the user database (NSS: files, LDAP...). */
  record Account(String name, int uid, int gid, String home) {}

  private TaskUser() {}

  /** Why tasks cannot run as this user (a 422 of {@link DefinitionCheck}); empty when they can. */
  static Optional<String> refusal(String name) {
    Optional<Account> account = lookup(name);
    if (account.isEmpty()) {
      return Optional.of("user '" + name + "' does not exist on this machine: create it (e.g. useradd " + name
          + ") or remove \"user\" from the app");
    }
    String self = agentUser();
    if (!isRoot()) {
      return name.equals(self) ? Optional.empty() : Optional.of("the agent runs as '" + self + "', not as root, so "
          + "it cannot run tasks as '" + name + "': run the agent as root, or remove \"user\" from the app");
    }
    if (account.get().uid() != 0 && !Files.isExecutable(SETPRIV)) {
      return Optional.of("the agent needs " + SETPRIV + " (util-linux) to run tasks as '" + name + "'");
    }
    return Optional.empty();
  }

  /** The account a task of this app switches to; empty when it runs as the agent's own user. */
  static Optional<Account> switchTo(String name) {
    if (name == null || !isRoot()) {
      return Optional.empty();
    }
    return lookup(name).filter(a -> a.uid() != 0);
  }

  /** The command line that runs {@code command} as the account. */
  static List<String> wrap(Account a, List<String> command) {
    List<String> out = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + a.uid(), "--regid=" + a.gid(),
        "--init-groups", "--"));
    out.addAll(command);
    return out;
  }

  /** Hands the sandbox (fetched files, stdout, stderr) to the account, so the task can write there. */
  static void chown(Path sandbox, Account a) throws IOException {
    try (Stream<Path> all = Files.walk(sandbox)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.setAttribute(p, "unix:uid", a.uid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", a.gid(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
      }
    }
  }

  static Optional<Account> lookup(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*\\$?") || name.length() > 64) {
      return Optional.empty();
    }
    try {
      Process p = new ProcessBuilder("getent", "passwd", name).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return Optional.empty();
      }
      String[] f = out.split("\n")[0].split(":", -1);
      return f.length < 7 ? Optional.empty()
          : Optional.of(new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  static boolean isRoot() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  static String agentUser() {
    return new com.sun.security.auth.module.UnixSystem().getUsername();
  }
}
