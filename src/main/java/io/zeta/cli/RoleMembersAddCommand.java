package io.zeta.cli;

import io.zeta.identity.Directory;
import picocli.CommandLine.Command;

@Command(name = "add", mixinStandardHelpOptions = true, description = "Make an existing directory user a member of the role.")
final class RoleMembersAddCommand extends RoleMembersChange {
  @Override
  boolean change(Directory d) throws java.io.IOException {
    return d.addRoleMember(role, uid);
  }

  @Override
  String done(boolean changed) {
    return changed ? "Added " + uid + " to role " + role + "." : uid + " is already a member of role " + role + "; nothing changed.";
  }
}
