package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A run builds only the branch its arguments name; what the user sees must not change. */
class CommandTreeTest {
  @TempDir
  Path home;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ZetaEnv env = new ZetaEnv(Map.of("ZETA_HOME", home.toString()), home, home, home, new PrintWriter(out, true),
        new PrintWriter(err, true), false);
    int exit = Main.run(args, env);
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<List<String>> paths(CommandLine cli, List<String> prefix) {
    List<List<String>> all = new ArrayList<>();
    all.add(prefix);
    cli.getSubcommands().forEach((name, sub) -> {
      List<String> path = new ArrayList<>(prefix);
      path.add(name);
      all.addAll(paths(sub, path));
    });
    return all;
  }

  private CommandLine full() {
    ZetaEnv env = new ZetaEnv(Map.of(), home, home, home, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), false);
    return CommandTree.full(new ZetaCommand(env));
  }

  @Test
  void everyCommandsHelpIsTheHelpOfTheFullTree() {
    CommandLine full = full();
    List<List<String>> paths = paths(full, List.of());
    assertThat(paths).hasSizeGreaterThan(30);
    for (List<String> path : paths) {
      CommandLine expected = full;
      for (String name : path) {
        expected = expected.getSubcommands().get(name);
      }
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      Run help = run(args.toArray(String[]::new));
      assertThat(help.exit()).as("exit of %s --help", path).isZero();
      assertThat(help.out()).as("help of %s", path).isEqualTo(expected.getUsageMessage());
      // Every leaf has the root's inherited options.
      assertThat(help.out()).as("inherited options of %s", path).contains("--debug", "--cluster=URI");
    }
  }

  @Test
  void aGroupWithoutASubcommandListsAllOfIt() {
    Run r = run("package");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("search", "install", "uninstall", "logs", "repo");
    assertThat(run().out()).contains("quickstart", "package", "cluster", "role", "agent");
    assertThat(run("--help", "package").out()).isEqualTo(full().getUsageMessage());
  }

  @Test
  void aMistypedSubcommandGetsTheSuggestionsOfTheFullTree() {
    Run r = run("package", "instal", "hello");
    assertThat(r.exit()).isEqualTo(Main.EXIT_USAGE);
    assertThat(r.err()).contains("instal").contains("install");
  }

  @Test
  void rootOptionsBeforeTheSubcommandStillSelectIt() {
    Run r = run("--debug", "--cluster=file:///nonexistent-zeta-cluster", "package", "list-versions", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: zeta package list-versions");
    // An option with its value in the next argument: the full tree parses it.
    Run separate = run("--cluster", "file:///nonexistent-zeta-cluster", "role", "list", "--help");
    assertThat(separate.exit()).isZero();
    assertThat(separate.out()).startsWith("Usage: zeta role list");
  }
}
