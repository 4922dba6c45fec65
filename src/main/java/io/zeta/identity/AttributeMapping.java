package io.zeta.identity;

import io.zeta.ZetaException;
import io.zeta.cluster.DirectoryConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Zeta's notions map onto a directory's schema. Two layouts:
 *
 * <table>
 * <tr><th>key</th><th>openldap</th><th>ad</th></tr>
 * <tr><td>userClass</td><td>posixAccount</td><td>user</td></tr>
 * <tr><td>userName</td><td>uid</td><td>sAMAccountName</td></tr>
 * <tr><td>uidNumber / gidNumber</td><td>uidNumber / gidNumber</td><td>uidNumber / gidNumber</td></tr>
 * <tr><td>groupClass</td><td>posixGroup</td><td>group</td></tr>
 * <tr><td>groupName</td><td>cn</td><td>sAMAccountName</td></tr>
 * <tr><td>member</td><td>memberUid (login names)</td><td>member (DNs; users carry memberOf)</td></tr>
 * </table>
 *
 * A cluster may override single keys ({@code DirectoryConfig.attributes}); the entries Zeta creates
 * use the layout's object classes (openldap: inetOrgPerson + posixAccount, posixGroup; ad: user, group).
 */
public record AttributeMapping(String layout, String userClass, String userName, String userRdn, String uidNumber,
    String gidNumber, String groupClass, String groupName, String groupRdn, String member, boolean memberIsDn) {
  /** The keys a cluster may override. */
  public static final List<String> KEYS = List.of("userClass", "userName", "uidNumber", "gidNumber", "groupClass",
      "groupName", "member");

  public static AttributeMapping openLdap() {
    return new AttributeMapping(DirectoryConfig.OPENLDAP, "posixAccount", "uid", "uid", "uidNumber", "gidNumber",
        "posixGroup", "cn", "cn", "memberUid", false);
  }

  public static AttributeMapping activeDirectory() {
    return new AttributeMapping(DirectoryConfig.AD, "user", "sAMAccountName", "cn", "uidNumber", "gidNumber", "group",
        "sAMAccountName", "cn", "member", true);
  }

  public boolean ad() {
    return DirectoryConfig.AD.equals(layout);
  }

  /** The mapping a configuration asks for: its layout with its overrides. */
  public static AttributeMapping of(DirectoryConfig config) {
    AttributeMapping base = switch (config.layout()) {
      case DirectoryConfig.OPENLDAP -> openLdap();
      case DirectoryConfig.AD -> activeDirectory();
      default -> throw new ZetaException("unknown directory layout '" + config.layout() + "'",
          "use --ldap-layout openldap or --ldap-layout ad", null);
    };
    Map<String, String> v = new LinkedHashMap<>(base.asMap());
    for (Map.Entry<String, String> e : config.attributes().entrySet()) {
      if (!KEYS.contains(e.getKey())) {
        throw new ZetaException("unknown directory attribute key '" + e.getKey() + "'", "use one of " + KEYS, null);
      }
      if (e.getValue() == null || !e.getValue().matches("^[A-Za-z][A-Za-z0-9-]{0,63}$")) {
        throw new ZetaException("directory attribute " + e.getKey() + " = '" + e.getValue() + "' is not an attribute name",
            "give an LDAP attribute or object class name (letters, digits, '-')", null);
      }
      v.put(e.getKey(), e.getValue());
    }
    return new AttributeMapping(base.layout, v.get("userClass"), v.get("userName"), base.userRdn, v.get("uidNumber"),
        v.get("gidNumber"), v.get("groupClass"), v.get("groupName"), base.groupRdn, v.get("member"), base.memberIsDn);
  }

  /** The overridable keys with their values (docs, `cluster info`). */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("userClass", userClass);
    m.put("userName", userName);
    m.put("uidNumber", uidNumber);
    m.put("gidNumber", gidNumber);
    m.put("groupClass", groupClass);
    m.put("groupName", groupName);
    m.put("member", member);
    return m;
  }
}
