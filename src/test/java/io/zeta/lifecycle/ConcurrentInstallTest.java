package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import io.zeta.testing.Cli;
import io.zeta.testing.MiniHdfs;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several clients at once, as separate processes sharing nothing but the cluster filesystem:
 * installs of one role/id race and exactly one wins; installs of different ids all succeed.
 */
class ConcurrentInstallTest {
  static final Path REPO = Path.of("src/test/resources/testrepo").toAbsolutePath();
  static final int CLIENTS = 8;
  @TempDir
  Path tmp;

  @Test
  void onLocalFilesystem() throws Exception {
    race(tmp.resolve("cluster").toUri());
  }

  @Test
  void onHdfs() throws Exception {
    race(MiniHdfs.shared().uri("/concurrent"));
  }

  void race(URI root) throws Exception {
    Cli cli = new Cli(tmp.resolve("home")).env("ZETA_CLUSTER", root.toString());
    assertThat(cli.run("cluster", "init", "--root", root.toString()).exit()).isZero();
    assertThat(cli.run("role", "add", "team1").exit()).isZero();
    assertThat(cli.run("package", "stage", "webapp", "--repo", REPO.toString(), "--mirror",
        REPO.resolve("W/webapp/0/files").toString()).exit()).isZero();

    List<Result> same = runAll(root, i -> List.of("package", "install", "webapp", "--role", "team1", "--id", "same",
        "--set", "owner=client" + i));
    assertThat(same.stream().filter(r -> r.exit == 0)).as(same.toString()).hasSize(1);
    for (Result r : same) {
      if (r.exit != 0) {
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).containsAnyOf("instance team1/same is busy: install by", "team1/same is already installed");
      }
    }

    List<Result> distinct = runAll(root, i -> List.of("package", "install", "webapp", "--role", "team1", "--id", "id" + i,
        "--set", "owner=client" + i));
    assertThat(distinct.stream().filter(r -> r.exit == 0)).as(distinct.toString()).hasSize(CLIENTS);

    JsonNode instances = Json.parse(cli.run("package", "list", "--json").out(), "list").get("instances");
    assertThat(instances).hasSize(CLIENTS + 1);
    for (int i = 0; i < CLIENTS; i++) {
      assertThat(instances.findValuesAsText("id")).contains("id" + i);
    }
    assertThat(cli.run("cluster", "doctor").exit()).isZero();
    assertThat(Json.parse(cli.run("cluster", "audit", "--json").out(), "audit")).hasSize(3 + 2 * CLIENTS);
  }

  record Result(int exit, String err) {}

  interface Args {
    List<String> of(int client);
  }

  List<Result> runAll(URI root, Args args) throws IOException, InterruptedException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    List<Path> errs = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
          "-cp", classpath, "io.zeta.cli.Main", "--cluster", root.toString()));
      cmd.addAll(args.of(i));
      Path err = tmp.resolve("err-" + System.nanoTime() + "-" + i);
      errs.add(err);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("ZETA_HOME", tmp.resolve("home-" + i).toString());
      processes.add(pb.start());
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      Process p = processes.get(i);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      results.add(new Result(p.exitValue(), Files.readString(errs.get(i), StandardCharsets.UTF_8)));
    }
    return results;
  }

  static String sep() {
    return File.pathSeparator;
  }
}
