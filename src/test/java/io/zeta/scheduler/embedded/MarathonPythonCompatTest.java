package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.TestAgents;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent driven by an independent Marathon client: marathon-python 0.13 (Debian's
 * python3-marathon), through the script {@code marathon_python_suite.py}, one area of endpoints
 * per test, with the agent's token. The script asserts inside Python; this test shows its output
 * and needs exit 0.
 * marathon-python builds its model objects strictly from the keys it gets, so a key the agent
 * adds that Marathon does not have fails here.
 */
class MarathonPythonCompatTest {
  /** Debian's python, where python3-marathon installs (a pyenv python may come first on PATH). */
  private static final String PYTHON = "/usr/bin/python3";
  @TempDir
  static Path work;
  static EmbeddedScheduler agent;
  static Path script;

  @BeforeAll
  static void startAgent() throws Exception {
    boolean importable = probe();
    if (!importable && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(PYTHON + " cannot import marathon, but CI must run this suite: bin/test installs "
          + "python3-marathon");
    }
    Assumptions.assumeTrue(importable, "skipped: " + PYTHON + " cannot import marathon on this machine "
        + "(apt-get install python3-marathon)");
    script = resource("marathon_python_suite.py");
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withResources(TestAgents.AMPLE).withKillGracePeriod(Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stopAgent() {
    if (agent != null) {
      agent.close();
    }
  }

  private static boolean probe() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import marathon").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(MarathonPythonCompatTest.class.getResource(name).toURI());
  }

  private static void run(String area) throws Exception {
    // marathon-python sends its auth_token as DC/OS does: Authorization: token=<t>.
    List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), agent.url().toString(), area,
        agent.token().orElseThrow()));
    Path log = Files.createTempFile(work, area, ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(180, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("---- marathon-python, " + area + " ----\n" + output);
    assertThat(ended).as("the " + area + " script ended within 180 s:\n" + output).isTrue();
    assertThat(p.exitValue()).as("marathon-python " + area + " checks:\n" + output).isZero();
  }

  @Test
  void pingInfoAndLeader() throws Exception {
    run("system");
  }

  @Test
  void appsWithEmbedsFiltersScaleRestartVersionsAndLocks() throws Exception {
    run("apps");
  }

  @Test
  void tasksListedAndKilledWithAndWithoutScale() throws Exception {
    run("tasks");
  }

  @Test
  void deploymentsListedRolledBackAndStopped() throws Exception {
    run("deployments");
  }

  @Test
  void groupsReadCreatedUpdatedScaledAndDeleted() throws Exception {
    run("groups");
  }

  @Test
  void eventStreamWithItsFilter() throws Exception {
    run("events");
  }
}
