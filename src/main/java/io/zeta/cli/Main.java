package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.catalog.InvalidPackageException;
import io.zeta.catalog.PackageProblem;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code zeta} command. */
public final class Main {
  /** Exit status for errors the user can fix (bad input, refused operations). */
  public static final int EXIT_ERROR = 1;
  /** Exit status for a command line that does not parse. */
  public static final int EXIT_USAGE = 2;
  /** Exit status for an action the principal may not do (refused by the authorizer; 3 is `agent status`'s "not running"). */
  public static final int EXIT_DENIED = 4;

  private Main() {}

  public static void main(String[] args) {
    Interrupts.install();
    int status = run(args, ZetaEnv.system());
    System.exit(status);
  }

  /** Runs one command; never throws, never exits. */
  public static int run(String[] args, ZetaEnv env) {
    ZetaCommand root = new ZetaCommand(env);
    CommandLine cli = CommandTree.build(root, args);
    cli.setOut(env.out());
    cli.setErr(env.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, env.err(), root.debug()));
    cli.setParameterExceptionHandler((ex, args2) -> {
      PrintWriter err = env.err();
      err.println("zeta: " + Output.safe(ex.getMessage()));
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println("see `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`");
      err.flush();
      return EXIT_USAGE;
    });
    try {
      return cli.execute(args);
    } finally {
      env.out().flush();
      env.err().flush();
    }
  }

  static int report(Throwable ex, PrintWriter err, boolean debug) {
    if (ex instanceof InvalidPackageException invalid && debug) {
      err.println("zeta: invalid package:");
      for (PackageProblem p : invalid.problems()) {
        err.println("  " + Output.safe(p.toString()));
      }
    } else if (ex instanceof ZetaException z) {
      // Messages quote packages, ids and options: one line, no raw control characters.
      err.println("zeta: " + Output.safe(z.getMessage()));
      if (z.hint() != null) {
        err.println("  hint: " + Output.safe(z.hint()));
      }
    } else {
      err.println("zeta: internal error: " + Output.safe(String.valueOf(ex)) + (debug ? "" : " (run with --debug for details)"));
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ex instanceof io.zeta.identity.AccessDeniedException ? EXIT_DENIED : EXIT_ERROR;
  }
}
