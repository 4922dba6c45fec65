package io.zeta.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command tree, declared here rather than in {@code @Command(subcommands = ...)} so that a run
 * builds only the branch its arguments name: picocli reflects over every command it is given, and
 * building all forty took a third of a short command's start-up. Where the arguments do not name a
 * child (no argument, a help option, a typo, an option whose value is a separate argument), every
 * child is built, so help, suggestions and errors are those of the full tree.
 */
final class CommandTree {
  private record Node(Class<?> command, List<Node> children) {
    String name() {
      return command.getAnnotation(Command.class).name();
    }
  }

  private static final List<Node> ROOT_CHILDREN = List.of(
      node(QuickstartCommand.class),
      node(ServeCommand.class),
      node(VersionCommand.class),
      node(CompletionCommand.class),
      node(PackageCommand.class,
          node(RepoCommand.class, node(RepoAddCommand.class), node(RepoListCommand.class),
              node(RepoRemoveCommand.class), node(RepoCheckCommand.class), node(RepoIndexCommand.class)),
          node(PackageSearchCommand.class), node(PackageDescribeCommand.class), node(PackageListVersionsCommand.class),
          node(PackageRenderCommand.class), node(PackageExportCommand.class), node(PackageGapsCommand.class),
          node(PackageStageCommand.class), node(PackageStageCommand.Unstage.class),
          node(PackageInstallCommand.class), node(PackageInstallCommand.Uninstall.class), node(PackageDiffCommand.class),
          node(PackageUpgradeCommand.class), node(PackageRollbackCommand.class), node(PackageHistoryCommand.class),
          node(PackageStatusCommand.class), node(PackageListCommand.class), node(PackageRunCommands.Start.class),
          node(PackageRunCommands.Stop.class), node(PackageRunCommands.Restart.class),
          node(PackageRunCommands.Scale.class), node(PackageLogsCommand.class), node(PackageDeploymentsCommand.class)),
      node(ClusterCommand.class, node(ClusterInitCommand.class), node(ClusterInfoCommand.class),
          node(ClusterCapabilitiesCommand.class), node(ClusterAuditCommand.class), node(ClusterDoctorCommand.class),
          node(ClusterListCommand.class), node(ClusterUseCommand.class), node(ClusterSetCommand.class),
          node(ClusterRemoveCommand.class)),
      node(RoleCommand.class, node(RoleAddCommand.class), node(RoleListCommand.class),
          node(RoleSetCommand.class), node(RoleRemoveCommand.class),
          node(RoleMembersCommand.class, node(RoleMembersAddCommand.class), node(RoleMembersRemoveCommand.class))),
      node(UserCommand.class, node(UserAddCommand.class), node(UserListCommand.class), node(UserShowCommand.class),
          node(UserRemoveCommand.class)),
      node(AgentCommand.class, node(AgentRunCommand.class), node(AgentStartCommand.class),
          node(AgentStopCommand.class), node(AgentStatusCommand.class)),
      node(RegistryCommand.class, node(RegistryStartCommand.class), node(RegistryStopCommand.class),
          node(RegistryStatusCommand.class)));

  /** The root's own options, in the forms that take no separate argument. */
  private static boolean selfContainedRootOption(String arg) {
    return arg.equals("--debug") || arg.startsWith("--cluster=");
  }

  private CommandTree() {}

  /** The command line for these arguments: the branch they name, or everything. */
  static CommandLine build(ZetaCommand root, String[] args) {
    CommandLine cli = new CommandLine(root);
    attach(cli, ROOT_CHILDREN, args, 0);
    return cli;
  }

  /** Every command: what {@code zeta --help} shows. */
  static CommandLine full(ZetaCommand root) {
    return build(root, new String[0]);
  }

  private static void attach(CommandLine parent, List<Node> children, String[] args, int from) {
    int i = from;
    while (i < args.length && selfContainedRootOption(args[i])) {
      i++;
    }
    String next = i < args.length ? args[i] : null;
    Optional<Node> named = children.stream().filter(c -> c.name().equals(next)).findFirst();
    if (named.isPresent()) {
      add(parent, named.get(), args, i + 1);
    } else {
      for (Node child : children) {
        add(parent, child, args, args.length);
      }
    }
  }

  private static void add(CommandLine parent, Node node, String[] args, int from) {
    // Parent first: picocli copies the inherited options (--debug, --cluster) into a child when it
    // is added, and from there into the child's own children.
    parent.addSubcommand(node.command());
    attach(parent.getSubcommands().get(node.name()), node.children(), args, from);
  }

  private static Node node(Class<?> command, Node... children) {
    return new Node(command, List.of(children));
  }
}
