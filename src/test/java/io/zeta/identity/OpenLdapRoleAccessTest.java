package io.zeta.identity;

/** {@link RoleAccessScenarios} with the OpenLDAP layout (posixAccount, posixGroup with memberUid). */
class OpenLdapRoleAccessTest extends RoleAccessScenarios {
  @Override
  boolean ad() {
    return false;
  }
}
