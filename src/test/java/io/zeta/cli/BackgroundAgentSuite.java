package io.zeta.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared by the tests that start a real background agent (`zeta agent start`) in a fresh Zeta
 * home: its work directory, and a clean-up that leaves no agent or task running if a test fails.
 */
abstract class BackgroundAgentSuite {
  @TempDir
  Path home;

  /** The background agent's work directory (the default one under the Zeta home). */
  Path workDir() {
    return home.resolve("agent");
  }

  @AfterEach
  void cleanUp() {
    AgentProcesses.cleanUp(workDir());
  }
}
