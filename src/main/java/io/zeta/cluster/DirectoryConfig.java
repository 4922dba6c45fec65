package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * The cluster's directory server, the {@code directory} section of cluster.json (no secret: the
 * bind password is in {@link ClusterLayout#LDAP_BIND_PASSWORD}, owner-only). Kept here, with the
 * rest of the cluster's configuration; {@code io.zeta.identity} reads it.
 *
 * @param url {@code ldap://host[:port]} or {@code ldaps://host[:port]}
 * @param startTls upgrade an {@code ldap://} connection with StartTLS before binding
 * @param baseDn where users and groups are searched (subtree)
 * @param bindDn who Zeta binds as to change the directory
 * @param layout {@code openldap} (posixAccount/posixGroup/inetOrgPerson) or {@code ad} (user/group,
 *     sAMAccountName, member/memberOf)
 * @param userBase where Zeta creates users (default {@code ou=people,<baseDn>})
 * @param groupBase where Zeta creates groups (default {@code ou=groups,<baseDn>})
 * @param adminGroup the group of cluster administrators
 * @param packagersGroup the group that may stage and unstage packages besides the administrators (may be null)
 * @param caFile a PEM file of the CA that signed the server's certificate (each node's local path), or
 *     null for the JVM's trust store
 * @param attributes attribute names that differ from the layout's (keys: see {@code identity.AttributeMapping})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DirectoryConfig(String url, boolean startTls, String baseDn, String bindDn, String layout, String userBase,
    String groupBase, String adminGroup, String packagersGroup, String caFile, Map<String, String> attributes) {
  public static final String OPENLDAP = "openldap";
  public static final String AD = "ad";
  public static final String DEFAULT_ADMIN_GROUP = "zetaadmins";

  public DirectoryConfig {
    layout = layout == null ? OPENLDAP : layout;
    adminGroup = adminGroup == null ? DEFAULT_ADMIN_GROUP : adminGroup;
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** Where new users go. */
  public String effectiveUserBase() {
    return userBase != null ? userBase : "ou=people," + baseDn;
  }

  /** Where new groups go. */
  public String effectiveGroupBase() {
    return groupBase != null ? groupBase : "ou=groups," + baseDn;
  }
}
