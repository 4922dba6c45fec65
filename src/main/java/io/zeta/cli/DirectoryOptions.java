package io.zeta.cli;

import io.zeta.ZetaException;
import io.zeta.cluster.DirectoryConfig;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RoleRecord;
import io.zeta.identity.BindPassword;
import io.zeta.identity.RoleAccounts;
import io.zeta.identity.RoleDirectory;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The directory's options, shared by {@code cluster init} and {@code cluster set}: on init they
 * describe a new directory; on set, an option not given keeps the cluster's value.
 */
final class DirectoryOptions implements ClusterSetting {
  @Option(names = "--ldap", paramLabel = "URL", description = "The directory server: ldap://host[:port] or ldaps://host[:port].")
  String url;

  @Option(names = "--ldap-base", paramLabel = "DN", description = "Where users and groups are searched, e.g. dc=example,dc=com.")
  String base;

  @Option(names = "--bind-dn", paramLabel = "DN", description = "Who Zeta binds as to create groups and users.")
  String bindDn;

  @Option(names = "--bind-password-file", paramLabel = "FILE",
      description = "A file whose first line is the bind password ('-' for stdin); kept in "
          + "/zeta/kstore/secrets/ldap-bind-password, mode 0600, never printed.")
  String passwordFile;

  @Option(names = "--ldap-starttls", negatable = true, description = "Upgrade ldap:// with StartTLS before binding.")
  Boolean startTls;

  @Option(names = "--ldap-ca-file", paramLabel = "PEM",
      description = "The CA certificate(s) that signed the server's certificate (a path on every node); default: Java's trust store.")
  String caFile;

  @Option(names = "--ldap-layout", paramLabel = "openldap|ad",
      description = "openldap: posixAccount/posixGroup/inetOrgPerson, memberUid; ad: user/group, sAMAccountName, member/memberOf "
          + "(default: openldap).")
  String layout;

  @Option(names = "--ldap-user-base", paramLabel = "DN", description = "Where Zeta creates users (default: ou=people,<base>).")
  String userBase;

  @Option(names = "--ldap-group-base", paramLabel = "DN", description = "Where Zeta creates groups (default: ou=groups,<base>).")
  String groupBase;

  @Option(names = "--admin-group", paramLabel = "GROUP",
      description = "The directory group of cluster administrators (default: " + DirectoryConfig.DEFAULT_ADMIN_GROUP + ").")
  String adminGroup;

  @Option(names = "--packagers-group", paramLabel = "GROUP", description = "A group that may stage and unstage packages too.")
  String packagersGroup;

  /** The checked settings with their open connection, between check and close (cluster set). */
  private ClusterSetup.Directory checked;

  /** Whether any directory option was given. */
  @Override
  public boolean given() {
    return url != null || base != null || bindDn != null || passwordFile != null || startTls != null || caFile != null
        || layout != null || userBase != null || groupBase != null || adminGroup != null || packagersGroup != null;
  }

  /** The settings: these options over {@code current} (null for none); checks what must be there. */
  DirectoryConfig merge(DirectoryConfig current, ZetaEnv env) {
    DirectoryConfig c = current != null ? current
        : new DirectoryConfig(null, false, null, null, null, null, null, null, null, null, null);
    String l = layout != null ? layout : c.layout();
    if (!DirectoryConfig.OPENLDAP.equals(l) && !DirectoryConfig.AD.equals(l)) {
      throw new ZetaException("--ldap-layout " + l + ": use openldap or ad");
    }
    String ca = caFile != null ? env.path(caFile).toString() : c.caFile();
    DirectoryConfig next = new DirectoryConfig(url != null ? url : c.url(), startTls != null ? startTls : c.startTls(),
        base != null ? base : c.baseDn(), bindDn != null ? bindDn : c.bindDn(), l, userBase != null ? userBase : c.userBase(),
        groupBase != null ? groupBase : c.groupBase(), adminGroup != null ? adminGroup : c.adminGroup(),
        packagersGroup != null ? packagersGroup : c.packagersGroup(), ca, c.attributes());
    if (next.url() == null || next.baseDn() == null || next.bindDn() == null) {
      throw new ZetaException("a directory needs --ldap URL, --ldap-base DN and --bind-dn DN",
          "give all three (and --bind-password-file F)", null);
    }
    return next;
  }

  /** The password from --bind-password-file, or null when not given. */
  String password(ZetaEnv env) {
    return passwordFile == null ? null : BindPassword.fromFile(passwordFile, env.cwd(), env.in());
  }

  // As one setting of `cluster set`: bind before saving; then every role's accounts.

  @Override
  public void validate(ZetaEnv env) {
    // Needs the cluster's current settings: see check.
  }

  @Override
  public void check(Cluster cluster, ZetaEnv env) throws IOException {
    checked = ClusterSetup.check(this, cluster, env);
  }

  @Override
  public Cluster apply(Cluster cluster, ZetaEnv env) throws IOException {
    return ClusterSetup.save(cluster, checked);
  }

  @Override
  public List<String> warnings(ZetaEnv env) {
    return List.of();
  }

  @Override
  public int finish(Cluster saved, Subcommand command, ObjectNode into) throws Exception {
    DirectoryConfig d = checked.config();
    boolean text = !command.structured();
    if (text) {
      command.out().println(Output.safe("Directory of cluster " + saved.name() + ": " + d.url() + " (" + d.layout()
          + " layout, base " + d.baseDn() + ", bound as " + d.bindDn() + ")."));
    }
    RoleDirectory rd = new RoleDirectory(checked.directory(), saved.roles());
    ArrayNode roles = into.putArray("roles");
    int failed = 0;
    for (RoleRecord r : saved.roles().list()) {
      ObjectNode entry = roles.addObject().put("role", r.name());
      try {
        long start = rd.uidStart(r.name(), null);
        RoleAccounts a = command.audited(saved, r.name(), () -> rd.ensure(r.name(), start));
        entry.put("uidStart", start).put("result", "ok").set("created", io.zeta.json.Json.tree(a.created()));
        if (text) {
          command.out().println("  role " + r.name() + ": uids from " + start + (a.created().isEmpty() ? ", accounts in place"
              : ", created " + a.created().size() + " entries"));
        }
      } catch (ZetaException e) {
        failed++;
        entry.put("result", "error").put("message", e.getMessage());
        command.err().println("zeta: role " + r.name() + ": " + Output.safe(e.getMessage())
            + (e.hint() == null ? "" : "\n  hint: " + Output.safe(e.hint())));
      }
    }
    return failed;
  }

  @Override
  public void close() {
    if (checked != null) {
      ClusterDirectory.closeQuietly(checked.directory());
      checked = null;
    }
  }

  @Override
  public void describe(Cluster cluster, ObjectNode into) {
    cluster.config().directoryConfig().ifPresent(d -> into.set("directory", io.zeta.json.Json.tree(d)));
  }
}
