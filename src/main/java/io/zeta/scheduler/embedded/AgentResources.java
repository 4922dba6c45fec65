package io.zeta.scheduler.embedded;

import io.zeta.ZetaException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the agent offers its tasks, as a Mesos agent's {@code --resources}: cpus, mem (MB), disk
 * (MB) and one range of host ports. Tasks are admitted against these, not against what the machine
 * happens to have free, so that a full agent makes tasks wait instead of overcommitting it.
 */
public record AgentResources(double cpus, double mem, double disk, int firstPort, int lastPort) {
  public static final String SYNTAX = "cpus:N;mem:MB;disk:MB;ports:[FIRST-LAST]";

  public AgentResources {
    if (firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
      throw new ZetaException("invalid port range [" + firstPort + "-" + lastPort + "]",
          "give ports as ports:[FIRST-LAST] with 1 <= FIRST <= LAST <= 65535", null);
    }
  }

  /** This machine's cores and memory, ports 31000-32000, and the free space where the work directory is. */
  public static AgentResources ofMachine(Path workDir) {
    double mem = 1024;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      mem = Math.floor(os.getTotalMemorySize() / (1024.0 * 1024.0));
    }
    return new AgentResources(Runtime.getRuntime().availableProcessors(), mem, freeDiskMb(workDir), 31000, 32000);
  }

  static double freeDiskMb(Path dir) {
    Path p = dir.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    try {
      return p == null ? 0 : Math.floor(Files.getFileStore(p).getUsableSpace() / (1024.0 * 1024.0));
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Mesos's syntax, {@code name:value} pairs separated by {@code ;}, scalars as numbers and ports
   * as {@code [a-b]}; what is not named keeps its value from {@code defaults}.
   */
  public static AgentResources parse(String text, AgentResources defaults) {
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int colon = part.indexOf(':');
      if (colon <= 0) {
        throw bad(text, "'" + part.strip() + "' is not name:value");
      }
      String name = part.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      if (parts.put(name, part.substring(colon + 1).strip()) != null) {
        throw bad(text, name + " is given twice");
      }
    }
    double cpus = defaults.cpus;
    double mem = defaults.mem;
    double disk = defaults.disk;
    int first = defaults.firstPort;
    int last = defaults.lastPort;
    for (Map.Entry<String, String> e : parts.entrySet()) {
      switch (e.getKey()) {
        case "cpus" -> cpus = scalar(text, e.getKey(), e.getValue());
        case "mem" -> mem = scalar(text, e.getKey(), e.getValue());
        case "disk" -> disk = scalar(text, e.getKey(), e.getValue());
        case "ports" -> {
          String v = e.getValue();
          if (!v.matches("\\[\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*]")) {
            throw bad(text, "ports must be one range [FIRST-LAST], not " + v);
          }
          String[] ends = v.substring(1, v.length() - 1).split("-");
          first = Integer.parseInt(ends[0].strip());
          last = Integer.parseInt(ends[1].strip());
        }
        default -> throw bad(text, "unknown resource '" + e.getKey() + "' (the agent offers cpus, mem, disk and ports)");
      }
    }
    return new AgentResources(cpus, mem, disk, first, last);
  }

  private static double scalar(String text, String name, String value) {
    try {
      double d = Double.parseDouble(value);
      if (d >= 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw bad(text, name + " must be a number >= 0, not '" + value + "'");
  }

  private static ZetaException bad(String text, String why) {
    return new ZetaException("invalid --resources '" + text + "': " + why, "write them as " + SYNTAX
        + ", e.g. 'cpus:2;mem:1024;ports:[31000-32000]'", null);
  }

  AgentResources withPorts(int first, int last) {
    return new AgentResources(cpus, mem, disk, first, last);
  }

  @Override
  public String toString() {
    return "cpus:" + cpus + ";mem:" + mem + ";disk:" + disk + ";ports:[" + firstPort + "-" + lastPort + "]";
  }
}
