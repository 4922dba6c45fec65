package io.zeta.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The zeta CLI as a separate JVM (what a user runs), for what an in-process run cannot show: the
 * process environment (HOME), signals, exit codes of the JVM itself.
 */
public final class CliProcess {
  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();

  /** @param dir where its output goes */
  public CliProcess(Path dir) {
    this.dir = dir;
  }

  public CliProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Leaves a variable of this JVM's environment out of the child's. */
  public CliProcess without(String name) {
    removed.add(name);
    return this;
  }

  public CliProcess jvm(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  /** A started CLI process and the files its output goes to. */
  public record Running(Process process, Path outFile, Path errFile) {
    public String err() {
      return read(errFile);
    }

    public String out() {
      return read(outFile);
    }

    public Result await(long seconds) throws InterruptedException {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the CLI did not exit within " + seconds + " s; stderr:\n" + err());
      }
      return new Result(process.exitValue(), out(), err());
    }

    private static String read(Path p) {
      try {
        return Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A finished run. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  public Running start(String... args) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", classpath, "io.zeta.cli.Main"));
    cmd.addAll(List.of(args));
    long n = System.nanoTime();
    Path out = dir.resolve("out-" + n);
    Path err = dir.resolve("err-" + n);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    removed.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    return new Running(pb.start(), out, err);
  }

  public Result run(String... args) throws IOException, InterruptedException {
    return start(args).await(120);
  }
}
