package io.zeta.identity;

/** {@link RoleAccessScenarios} with the Active Directory layout (sAMAccountName, member DNs, memberOf overlay). */
class ActiveDirectoryRoleAccessTest extends RoleAccessScenarios {
  @Override
  boolean ad() {
    return true;
  }
}
