package io.zeta.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every leaf command: reaches the environment through the root command. */
abstract class Subcommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  ZetaEnv env() {
    return ((ZetaCommand) spec.root().userObject()).env();
  }

  PrintWriter out() {
    return env().out();
  }

  PrintWriter err() {
    return env().err();
  }

  @Override
  public final Integer call() throws Exception {
    return execute();
  }

  /** Runs the command; returns the exit status. */
  abstract int execute() throws Exception;
}
