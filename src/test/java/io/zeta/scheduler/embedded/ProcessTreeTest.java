package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {
  private static Process shell(String script) throws Exception {
    return new ProcessBuilder("/bin/sh", "-c", script).start();
  }

  private static List<ProcessHandle> treeWhenComplete(Process p, int size) {
    Poll.until(Duration.ofSeconds(5), size + " processes", () -> ProcessTree.snapshot(p.toHandle()).size() == size);
    return ProcessTree.snapshot(p.toHandle());
  }

  @Test
  void sigtermStopsTheShellAndItsChildren() throws Exception {
    Process p = shell("sleep 3911 & sleep 3912 & wait");
    List<ProcessHandle> tree = treeWhenComplete(p, 3);
    long start = System.nanoTime();
    ProcessTree.terminate(p.toHandle(), Duration.ofSeconds(10));
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void whatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    Process p = shell("trap '' TERM; sleep 3913 & wait; wait");
    List<ProcessHandle> tree = treeWhenComplete(p, 2);
    long start = System.nanoTime();
    ProcessTree.terminate(p.toHandle(), Duration.ofMillis(700));
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
  }
}
