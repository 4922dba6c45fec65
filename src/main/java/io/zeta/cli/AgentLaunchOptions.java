package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.scheduler.embedded.AgentConfig;
import io.zeta.scheduler.embedded.AgentResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** What `agent run` and `agent start` both take to configure the agent they run. */
final class AgentLaunchOptions {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|secs?|m|mins?|h|hrs?|d|days?|w|weeks?)");

  @Option(names = "--resources", paramLabel = "RESOURCES",
      description = {"What the agent offers its tasks, in Mesos's syntax: " + AgentResources.SYNTAX
          + ", e.g. 'cpus:2;mem:1024'. Unnamed ones keep their default: this machine's cores and memory, the free "
          + "space of the work directory, ports [31000-32000].",
          "A task that does not fit waits in /v2/queue until others end."})
  String resources;

  @Option(names = "--gc-delay", paramLabel = "DURATION",
      description = "How long the sandboxes of ended tasks are kept, e.g. 30s, 2h, 7d (default: 1w, as Mesos's "
          + "--gc_delay); shorter when the disk fills up.")
  String gcDelay;

  @Option(names = "--allow-privileged", description = "Accept Docker apps with docker.privileged: true (root on "
      + "this host: only for trusted packages). Refused by default.")
  boolean allowPrivileged;

  @Option(names = "--no-containers", description = "Refuse Docker apps without probing the container runtime.")
  boolean noContainers;

  @Option(names = "--shared-path", paramLabel = "DIR", description = "A host directory every container sees at the "
      + "same path (the cluster's shared storage); repeatable. `agent start` adds the current local cluster's root.")
  List<String> sharedPaths = new ArrayList<>();

  AgentConfig apply(AgentConfig config, Path workDir) {
    AgentConfig out = config;
    out = out.withContainers(out.containers().withAllowPrivileged(allowPrivileged).withEnabled(!noContainers)
        .withSharedPaths(sharedPaths.stream().map(p -> {
          Path path = Path.of(p);
          if (!path.isAbsolute()) {
            throw new ZetaException("--shared-path " + p + " is not an absolute path", "give the directory's absolute "
                + "path, e.g. /mapr/cluster1", null);
          }
          return path.normalize();
        }).toList()));
    if (resources != null) {
      out = out.withResources(AgentResources.parse(resources, AgentResources.ofMachine(workDir)));
    }
    if (gcDelay != null) {
      out = out.withSandboxPolicy(out.sandboxPolicy().withGcDelay(duration("--gc-delay", gcDelay)));
    }
    return out;
  }

  /** Checks the values before a background agent is started with them. */
  void validate(Path workDir) {
    apply(AgentConfig.defaults(workDir), workDir);
  }

  /** The same options for the command line of a background agent. */
  List<String> arguments() {
    List<String> out = new ArrayList<>();
    if (resources != null) {
      out.addAll(List.of("--resources", resources));
    }
    if (gcDelay != null) {
      out.addAll(List.of("--gc-delay", gcDelay));
    }
    if (allowPrivileged) {
      out.add("--allow-privileged");
    }
    if (noContainers) {
      out.add("--no-containers");
    }
    sharedPaths.forEach(p -> out.addAll(List.of("--shared-path", p)));
    return out;
  }

  static Duration duration(String option, String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ZetaException("invalid " + option + " '" + text + "'",
          "give a number and a unit: ms, s, m, h, d or w (e.g. 30s, 7d)", null);
    }
    double n = Double.parseDouble(m.group(1));
    double millis = switch (m.group(2).charAt(0)) {
      case 's' -> n * 1000;
      case 'm' -> m.group(2).equals("ms") ? n : n * 60_000;
      case 'h' -> n * 3_600_000;
      case 'd' -> n * 86_400_000;
      default -> n * 7 * 86_400_000;
    };
    return Duration.ofMillis((long) millis);
  }
}
