package io.zeta.scheduler.embedded;

import java.util.List;

/** The processes this JVM started (the agent runs in it), found by a piece of their command line. */
public final class LocalProcesses {
  private LocalProcesses() {}

  public static List<ProcessHandle> withCommandLine(String marker) {
    return ProcessHandle.current().descendants()
        .filter(h -> h.info().commandLine().orElse("").contains(marker))
        .toList();
  }
}
