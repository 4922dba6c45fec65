package io.zeta.testing;

import io.zeta.cli.Main;
import io.zeta.cli.ZetaEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the zeta CLI in-process, through its real entry point, with its own Zeta home and working
 * directory, and captures what it prints.
 */
public final class Cli {
  private final Path home;
  private final Path cwd;
  private final Map<String, String> vars = new HashMap<>();
  private byte[] stdin = new byte[0];
  private boolean terminal;

  public Cli(Path home, Path cwd) {
    this.home = home;
    this.cwd = cwd;
    vars.put("ZETA_HOME", home.toString());
  }

  public Cli(Path home) {
    this(home, Path.of("").toAbsolutePath());
  }

  public Cli env(String name, String value) {
    vars.put(name, value);
    return this;
  }

  /** What the following commands read on standard input. */
  public Cli stdin(String text) {
    stdin = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return this;
  }

  /** Whether the following commands run as on a terminal (prompts are asked, answers read from {@link #stdin}). */
  public Cli terminal(boolean onTerminal) {
    terminal = onTerminal;
    return this;
  }

  public Path home() {
    return home;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ZetaEnv env = new ZetaEnv(Map.copyOf(vars), home, cwd, Path.of("").toAbsolutePath(), new PrintWriter(out, true),
        new PrintWriter(err, true), terminal, new java.io.ByteArrayInputStream(stdin));
    int exit = Main.run(args, env);
    return new Result(exit, out.toString(), err.toString());
  }

  /** Runs a command that must succeed; a failure names the command and shows its output. */
  public Result ok(String... args) {
    Result r = run(args);
    org.assertj.core.api.Assertions.assertThat(r.exit()).as(String.join(" ", args) + "\n" + r).isZero();
    return r;
  }

  /** What a command did: its exit status and its two output streams. */
  public record Result(int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
