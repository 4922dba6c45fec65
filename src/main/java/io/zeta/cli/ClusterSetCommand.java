package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.identity.RoleAccounts;
import io.zeta.identity.RoleDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "set", mixinStandardHelpOptions = true,
    description = {"Change an existing cluster's settings: its directory server (options not given keep their value).",
        "The settings are checked by binding before they are saved; then every role's accounts are made sure of "
            + "in the directory (as `zeta role add` does)."})
final class ClusterSetCommand extends Subcommand {
  @Mixin
  DirectoryOptions directoryOptions;

  @Mixin
  WaitOption waitOption;

  @Override
  int execute() throws Exception {
    if (!directoryOptions.given()) {
      throw usage("nothing to set: give directory options (--ldap URL --ldap-base DN --bind-dn DN --bind-password-file F ...)");
    }
    try (Cluster cluster = cluster()) {
      ClusterSetup.Directory d = ClusterSetup.check(directoryOptions, cluster, env());
      try {
        Cluster saved = audited(cluster, "directory", () -> {
          cluster.access().require(io.zeta.cluster.Access.Action.ADMINISTER, null);
          return ClusterSetup.save(cluster, d);
        });
        out().println("Directory of cluster " + saved.name() + ": " + d.config().url() + " (" + d.config().layout()
            + " layout, base " + d.config().baseDn() + ", bound as " + d.config().bindDn() + ").");
        RoleDirectory rd = new RoleDirectory(d.directory(), saved.roles());
        int failed = 0;
        for (RoleRecord r : saved.roles().list()) {
          try {
            long start = rd.uidStart(r.name(), null);
            RoleAccounts a = audited(saved, r.name(), () -> rd.ensure(r.name(), start));
            out().println("  role " + r.name() + ": uids from " + start + (a.created().isEmpty() ? ", accounts in place"
                : ", created " + a.created().size() + " entries"));
          } catch (ZetaException e) {
            failed++;
            err().println("zeta: role " + r.name() + ": " + Output.safe(e.getMessage())
                + (e.hint() == null ? "" : "\n  hint: " + Output.safe(e.hint())));
          }
        }
        if (failed > 0) {
          err().println("zeta: the directory is saved, but " + failed + " role(s) have no accounts; fix and run `zeta role add ROLE`");
          return 1;
        }
        return 0;
      } finally {
        ClusterDirectory.closeQuietly(d.directory());
      }
    }
  }
}
