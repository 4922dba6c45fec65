package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Actor;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.Trees;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Locks left by commands that are gone are taken over at once, through the CLI: a dead pid on this
 * host, a live pid that is another process (start time differs), a lease from another host that
 * expired. A live holder elsewhere makes the command fail after --wait, naming the holder.
 */
abstract class LockScenarios extends ClusterLifecycleSuite {
  static final String LOCK = "/zeta/kstore/locks/instance@team1@w.lock";

  @BeforeEach
  void staged() {
    ok("cluster", "init", "--root", root.toString(), "--name", "locks");
    ok("role", "add", "team1");
    ok("package", "stage", "webapp", "--repo", TEST_REPO.toString(), "--mirror", MIRROR.toString());
  }

  static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long pid = p.pid();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    return pid;
  }

  static ObjectNode lock(String user, String host, long pid, Instant processStart, Instant acquired, Instant expires) {
    ObjectNode doc = Json.object();
    doc.put("op", "install");
    doc.put("user", user);
    doc.put("host", host);
    doc.put("pid", pid);
    if (processStart != null) {
      doc.put("processStart", processStart.toString());
    }
    doc.put("acquiredAt", acquired.toString());
    doc.put("startedAt", acquired.toString());
    doc.put("leaseSeconds", 60);
    doc.put("leaseExpiresAt", expires.toString());
    doc.put("token", "planted");
    doc.set("intent", Json.object());
    return doc;
  }

  Cli.Result install(String... extra) {
    String[] args = {"package", "install", "webapp", "--role", "team1", "--id", "w", "--set", "owner=a"};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return cli.run(all);
  }

  void assertTakenOverAndInstalled(Cli.Result r, String why) {
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.err()).contains("zeta: note: took over the lock of instance team1/w from install by").contains(why);
    assertThat(r.err().lines().filter(l -> l.contains("took over"))).hasSize(1);
    assertThat(exists(LOCK)).isFalse();
    JsonNode audit = json("cluster", "audit", "--json");
    assertThat(audit.toString()).contains("\"action\":\"lock take-over\"").contains("\"target\":\"instance team1/w\"");
    assertThat(json("package", "status", "team1/w", "--json").get("state").asText()).isEqualTo("installed");
    ok("cluster", "doctor");
  }

  @Test
  void aDeadHoldersLockIsTakenOverAtOnce() throws Exception {
    Instant now = Instant.now();
    write(LOCK, Json.pretty(lock("alice", Actor.current().host(), deadPid(), now, now, now.plusSeconds(600))));
    long started = System.nanoTime();
    Cli.Result r = install("--wait", "1m");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertTakenOverAndInstalled(r, "is no longer running");
  }

  @Test
  void aLivePidWithAnotherStartTimeIsAReusedPidAndTakenOver() {
    Instant now = Instant.now();
    long live = ProcessHandle.current().pid();
    write(LOCK, Json.pretty(lock("alice", Actor.current().host(), live, Instant.parse("2001-01-01T00:00:00Z"), now,
        now.plusSeconds(600))));
    assertTakenOverAndInstalled(install("--wait", "0"), "is no longer running");
  }

  @Test
  void anExpiredLeaseFromAnotherHostIsTakenOver() {
    Instant then = Instant.now().minusSeconds(600);
    write(LOCK, Json.pretty(lock("bob", "elsewhere.invalid", 4242, then, then, then.plusSeconds(60))));
    assertTakenOverAndInstalled(install("--wait", "0"), "lease from host elsewhere.invalid expired");
  }

  @Test
  void aLiveLockFromAnotherHostFailsAfterTheWaitNamingItsHolder() {
    Instant now = Instant.now().minusSeconds(75);
    write(LOCK, Json.pretty(lock("alice", "other-host.invalid", 4242, now, now, Instant.now().plusSeconds(600))));
    Map<String, String> before = Trees.withoutAudit(root);
    long started = System.nanoTime();
    Cli.Result r = install("--wait", "2s");
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.err()).contains("zeta: note: waiting for instance team1/w: install by alice@other-host.invalid (pid 4242)")
        .contains("zeta: instance team1/w is busy: install by alice@other-host.invalid (pid 4242) since")
        .contains("ago); waited 2 s").contains("hint: ").contains("--wait").doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().lines().filter(l -> l.startsWith("zeta: instance"))).hasSize(1);
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
    assertThat(exists(LOCK)).isTrue();
    // --wait 0 fails at once.
    long again = System.nanoTime();
    Cli.Result now0 = install("--wait", "0");
    assertThat(now0.exit()).isEqualTo(1);
    assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofSeconds(10));
    assertThat(now0.err()).contains("is busy: install by alice@other-host.invalid");
  }

  @Test
  void anInterruptedInstallIsUndoneWhenItsLockIsTakenOver() throws Exception {
    Instant now = Instant.now();
    String tmpDir = "/data/team1/webapp/.zeta-tmp-w-deadbeef";
    write(tmpDir + "/marathon.json", "{}");
    ObjectNode doc = lock("alice", Actor.current().host(), deadPid(), now, now, now.plusSeconds(600));
    ObjectNode intent = Json.object();
    intent.put("role", "team1");
    intent.put("id", "w");
    intent.put("pkg", "webapp");
    intent.put("version", "2.1.0");
    intent.put("baseDir", "data");
    intent.put("home", "/data/team1/webapp/w");
    intent.put("tmp", tmpDir);
    intent.put("installId", "deadbeef-0000");
    doc.set("intent", intent);
    write(LOCK, Json.pretty(doc));
    assertTakenOverAndInstalled(install(), "is no longer running");
    assertThat(exists(tmpDir)).isFalse();
  }

  @Test
  void waitRefusesWhatIsNotADuration() {
    Map<String, String> before = Trees.withoutAudit(root);
    for (String bad : new String[] {"-1", "soon", "10x", "1.5s", ""}) {
      Cli.Result r = install("--wait", bad);
      assertThat(r.exit()).as(bad + "\n" + r).isEqualTo(2);
      assertThat(r.err()).as(bad).contains("--wait").contains("is not a duration; use e.g. 0, 30s, 2m or 1h")
          .doesNotContain("Exception");
    }
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).isEmpty();
  }
}
