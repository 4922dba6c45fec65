package io.zeta.cli;

import io.zeta.identity.Directory;
import picocli.CommandLine.Command;

@Command(name = "remove", mixinStandardHelpOptions = true, description = "Take a user out of the role's groups.")
final class RoleMembersRemoveCommand extends RoleMembersChange {
  @Override
  boolean change(Directory d) throws java.io.IOException {
    return d.removeRoleMember(role, uid);
  }

  @Override
  String done(boolean changed) {
    return changed ? "Removed " + uid + " from role " + role + "." : uid + " was not a member of role " + role + "; nothing changed.";
  }
}
