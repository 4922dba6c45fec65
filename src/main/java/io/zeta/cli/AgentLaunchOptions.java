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

  AgentConfig apply(AgentConfig config, Path workDir) {
    AgentConfig out = config;
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
