package io.zeta.cli;

import picocli.CommandLine.Option;

/** {@code -y}/{@code --yes} of the destructive commands: confirm without being asked (scripts). */
final class YesOption {
  @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed without a terminal).")
  boolean yes;
}
