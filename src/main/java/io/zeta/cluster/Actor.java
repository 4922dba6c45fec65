package io.zeta.cluster;

import java.net.InetAddress;

/** Who is acting: OS user, host and process, as recorded in locks and the audit log. */
public record Actor(String user, String host, long pid) {
  public static Actor current() {
    return new Actor(System.getProperty("user.name", "unknown"), hostName(), ProcessHandle.current().pid());
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }

  /** True when this actor is a process on this host that no longer runs. */
  public boolean isDeadHere() {
    return host.equals(current().host()) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  @Override
  public String toString() {
    return user + "@" + host + " (pid " + pid + ")";
  }
}
