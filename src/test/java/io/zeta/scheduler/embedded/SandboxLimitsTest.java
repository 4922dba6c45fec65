package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.json.Json;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.TaskFailure;
import io.zeta.testing.TestAgents;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive bombs fail their task instead of filling the disk; sandboxes of ended tasks are collected. */
class SandboxLimitsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long MB = 1024 * 1024;
  @TempDir
  Path work;
  @TempDir
  Path files;
  private EmbeddedScheduler agent;
  private MarathonClient client;

  @BeforeEach
  void start() {
    // The ratio guard's floor is lowered from 1 GiB to 1 MB so that a 20 MB bomb proves it quickly.
    agent = EmbeddedScheduler.start(AgentConfig.defaults(work).withKillGracePeriod(Duration.ofSeconds(1))
        .withSandboxPolicy(SandboxPolicy.defaults().withGcDelay(Duration.ofSeconds(2)).withExtractLimits(10 * 1024,
            100, MB)));
    client = TestAgents.client(agent);
  }

  @AfterEach
  void stop() {
    agent.close();
  }

  private Path zipOfZeros(String name, long bytes) throws Exception {
    Path zip = files.resolve(name);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("zeros.bin"));
      writeZeros(out, bytes);
      out.closeEntry();
    }
    return zip;
  }

  private static void writeZeros(OutputStream out, long bytes) throws Exception {
    byte[] block = new byte[64 * 1024];
    for (long left = bytes; left > 0; left -= block.length) {
      out.write(block, 0, (int) Math.min(block.length, left));
    }
  }

  private TaskFailure failureOf(String appId) {
    return Poll.await(WAIT, "a task failure of " + appId, () -> client.app(appId).orElseThrow().lastTaskFailure());
  }

  private List<Path> sandboxes() throws Exception {
    Path dir = work.resolve("sandboxes");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  private static long bytesUnder(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  void aZipBombFailsItsTaskWithTheReason() throws Exception {
    Path bomb = zipOfZeros("bomb.zip", 20 * MB);
    assertThat(Files.size(bomb)).isLessThan(MB / 10);
    client.createApp(Json.parseObject("{\"id\":\"/bomb/zip\",\"cmd\":\"exec sleep 3981\",\"cpus\":0.1,\"mem\":16,"
        + "\"fetch\":[{\"uri\":\"" + bomb.toUri() + "\"}]}", "app"));
    TaskFailure failure = failureOf("/bomb/zip");
    assertThat(failure.state()).isEqualTo("TASK_FAILED");
    assertThat(failure.message()).startsWith("refused to extract bomb.zip: it expands more than 100 times its size (")
        .contains("archive bombs");
    assertThat(LocalProcesses.withCommandLine("sleep 3981")).isEmpty();
    for (Path s : sandboxes()) {
      assertThat(bytesUnder(s)).as("what was extracted of the bomb is gone").isLessThan(2 * MB);
    }
    client.destroyApp("/bomb/zip");
  }

  @Test
  void extractionStopsAtTheAppsDisk() throws Exception {
    // 5 MB of incompressible-looking text: not a bomb by ratio, but more than the app's 2 MB of disk.
    Path tgz = files.resolve("big.tar.gz");
    byte[] data = new byte[(int) (5 * MB)];
    new java.util.Random(7).nextBytes(data);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tgz)))) {
      TarArchiveEntry e = new TarArchiveEntry("big.bin");
      e.setSize(data.length);
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    client.createApp(Json.parseObject("{\"id\":\"/bomb/disk\",\"cmd\":\"exec sleep 3982\",\"cpus\":0.1,\"mem\":16,"
        + "\"disk\":2,\"fetch\":[{\"uri\":\"" + tgz.toUri() + "\"}]}", "app"));
    TaskFailure failure = failureOf("/bomb/disk");
    assertThat(failure.message()).isEqualTo("refused to extract big.tar.gz: it expands beyond the task's limit of "
        + "2 MB (the app's disk; give the app more disk if the archive is genuine)");
    client.destroyApp("/bomb/disk");

    // The same archive with room enough is extracted.
    client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/bomb/fits\",\"cmd\":\"exec sleep 3983\","
        + "\"cpus\":0.1,\"mem\":16,\"disk\":8,\"fetch\":[{\"uri\":\"" + tgz.toUri() + "\"}]}", "app")), WAIT);
    client.destroyApp("/bomb/fits");
  }

  @Test
  void sandboxesOfEndedTasksAreCollectedAfterTheGcDelay() throws Exception {
    client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/gc/keep\",\"cmd\":\"exec sleep 3984\","
        + "\"cpus\":0.1,\"mem\":16}", "app")), WAIT);
    client.awaitDeployment(client.createApp(Json.parseObject("{\"id\":\"/gc/gone\",\"cmd\":\"echo hi; exec sleep 3985\","
        + "\"cpus\":0.1,\"mem\":16}", "app")), WAIT);
    List<Path> both = sandboxes();
    assertThat(both).hasSize(2);
    Path gone = both.stream().filter(p -> p.getFileName().toString().startsWith("gc_gone.")).findFirst().orElseThrow();
    Path keep = both.stream().filter(p -> p.getFileName().toString().startsWith("gc_keep.")).findFirst().orElseThrow();

    client.awaitDeployment(client.destroyApp("/gc/gone").orElseThrow(), WAIT);
    assertThat(gone.resolve("stdout")).as("kept for its logs at first").hasContent("hi\n");
    Poll.until(WAIT, "the sandbox of the deleted app collected", () -> !Files.exists(gone));
    // Well past the delay, the running task's sandbox stays.
    Thread.sleep(2500);
    assertThat(keep).isDirectory();
    client.destroyApp("/gc/keep");
  }
}
