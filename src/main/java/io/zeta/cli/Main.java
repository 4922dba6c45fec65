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
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      OutputFormat.Format format = commandLine.getCommand() instanceof Subcommand s ? s.output.format()
          : OutputFormat.scan(args);
      return structured(format) ? reportStructured(ex, env.err(), format, root.debug()) : report(ex, env.err(), root.debug());
    });
    cli.setParameterExceptionHandler((ex, args2) -> {
      PrintWriter err = env.err();
      String help = "see `" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help`";
      OutputFormat.Format format = OutputFormat.scan(args);
      if (structured(format)) {
        error(err, format, ex.getMessage(), help, EXIT_USAGE);
        return EXIT_USAGE;
      }
      err.println("zeta: " + Output.safe(ex.getMessage()));
      CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
      err.println(help);
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

  private static boolean structured(OutputFormat.Format f) {
    return f == OutputFormat.Format.json || f == OutputFormat.Format.yaml;
  }

  /**
   * Under -o json or yaml an error is a document too, on stderr (stdout holds results only, so a
   * pipeline never reads an error as one; the exit status says which it is):
   * {@code {"error": {"message", "hint", "exitCode"}}}.
   */
  static int reportStructured(Throwable ex, PrintWriter err, OutputFormat.Format format, boolean debug) {
    String message;
    String hint = null;
    if (ex instanceof InvalidPackageException invalid && debug) {
      message = "invalid package: " + String.join("; ", invalid.problems().stream().map(PackageProblem::toString).toList());
    } else if (ex instanceof ZetaException z) {
      message = z.getMessage();
      hint = z.hint();
    } else {
      message = "internal error: " + ex + (debug ? "" : " (run with --debug for details)");
    }
    error(err, format, message, hint, EXIT_ERROR);
    if (debug) {
      ex.printStackTrace(err);
      err.flush();
    }
    return EXIT_ERROR;
  }

  private static void error(PrintWriter err, OutputFormat.Format format, String message, String hint, int exitCode) {
    com.fasterxml.jackson.databind.node.ObjectNode doc = io.zeta.json.Json.object();
    com.fasterxml.jackson.databind.node.ObjectNode e = doc.putObject("error");
    e.put("message", message);
    if (hint != null) {
      e.put("hint", hint);
    }
    e.put("exitCode", exitCode);
    if (format == OutputFormat.Format.yaml) {
      OutputFormat.yaml(err, doc);
    } else {
      Output.json(err, doc);
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
