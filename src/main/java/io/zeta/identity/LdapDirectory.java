package io.zeta.identity;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.zeta.ZetaException;
import io.zeta.cluster.DirectoryConfig;
import java.io.File;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.TrustManager;

/**
 * {@link Directory} over LDAP with the UnboundID SDK: a small connection pool (connect timeout 5 s,
 * answers 10 s), LDAPS or StartTLS with host name verification against the JVM's trust store or a
 * configured CA file. Bound as the configured DN when the password is known, else anonymously
 * (enough to look users and groups up where the directory allows anonymous reads).
 */
public final class LdapDirectory implements Directory {
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int RESPONSE_TIMEOUT_MS = 10_000;
  private static final int SEARCH_LIMIT = 10_000;

  /** Where the settings came from, for what an error tells the user to check. */
  public enum Source {
    /** Options of this command (cluster init / set). */
    FLAGS,
    /** The cluster's stored configuration. */
    CLUSTER
  }

  private final DirectoryConfig config;
  private final AttributeMapping map;
  private final LDAPConnectionPool pool;
  private final Source source;
  /** StartTLS for connections made outside the pool (user binds); null without. */
  private final PostConnectProcessor startTls;

  private LdapDirectory(DirectoryConfig config, AttributeMapping map, LDAPConnectionPool pool, Source source,
      PostConnectProcessor startTls) {
    this.config = config;
    this.map = map;
    this.pool = pool;
    this.source = source;
    this.startTls = startTls;
  }

  /** Connects (and binds, when a password is given); fails with a one-line error. */
  public static LdapDirectory connect(DirectoryConfig config, String password, Source source) {
    AttributeMapping map = AttributeMapping.of(config);
    LDAPURL url;
    try {
      url = new LDAPURL(config.url());
    } catch (LDAPException e) {
      throw new ZetaException("'" + config.url() + "' is not an LDAP URL", "give --ldap ldap://host[:port] or ldaps://host[:port]", null);
    }
    boolean ldaps = "ldaps".equalsIgnoreCase(url.getScheme());
    if (ldaps && config.startTls()) {
      throw new ZetaException("StartTLS is for ldap:// URLs; " + config.url() + " is already TLS",
          "drop --ldap-starttls, or give an ldap:// URL", null);
    }
    if (config.baseDn() == null || !DN.isValidDN(config.baseDn())) {
      throw new ZetaException("'" + config.baseDn() + "' is not a DN", "give --ldap-base like dc=example,dc=com", null);
    }
    if (config.bindDn() != null && !DN.isValidDN(config.bindDn())) {
      throw new ZetaException("'" + config.bindDn() + "' is not a DN", "give --bind-dn like cn=admin,dc=example,dc=com", null);
    }
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MS);
    options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MS);
    options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    SingleServerSet servers;
    PostConnectProcessor startTls = null;
    try {
      SSLUtil ssl = null;
      if (ldaps || config.startTls()) {
        ssl = new SSLUtil(trustManager(config));
      }
      servers = ldaps ? new SingleServerSet(url.getHost(), url.getPort(), ssl.createSSLSocketFactory(), options)
          : new SingleServerSet(url.getHost(), url.getPort(), options);
      if (config.startTls()) {
        startTls = new StartTLSPostConnectProcessor(ssl.createSSLSocketFactory());
      }
    } catch (GeneralSecurityException e) {
      throw new ZetaException("cannot set up TLS for " + config.url() + ": " + io.zeta.Causes.describe(e),
          "check --ldap-ca-file", e);
    }
    BindRequest bind = password == null ? null : new SimpleBindRequest(config.bindDn(), password);
    try {
      LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, 4, startTls);
      pool.setMaxWaitTimeMillis(RESPONSE_TIMEOUT_MS);
      pool.setConnectionPoolName("zeta-directory");
      LdapDirectory d = new LdapDirectory(config, map, pool, source, startTls);
      try {
        d.checkBase();
      } catch (LDAPException | RuntimeException e) {
        pool.close();
        throw e;
      }
      return d;
    } catch (LDAPException e) {
      throw connectError(config, e, source);
    }
  }

  private static TrustManager trustManager(DirectoryConfig config) throws GeneralSecurityException {
    if (config.caFile() == null) {
      return JVMDefaultTrustManager.getInstance();
    }
    File f = new File(config.caFile());
    if (!f.isFile()) {
      throw new ZetaException("--ldap-ca-file " + config.caFile() + ": not a readable file",
          "give the PEM file of the CA that signed the directory's certificate", null);
    }
    try {
      return new PEMFileTrustManager(f);
    } catch (Exception e) {
      throw new ZetaException("--ldap-ca-file " + config.caFile() + ": not a PEM certificate file (" + io.zeta.Causes.describe(e) + ")",
          "give the PEM file of the CA that signed the directory's certificate", e);
    }
  }

  private static ZetaException connectError(DirectoryConfig config, LDAPException e, Source source) {
    ResultCode rc = e.getResultCode();
    boolean flags = source == Source.FLAGS;
    if (rc == ResultCode.INVALID_CREDENTIALS || rc == ResultCode.INVALID_DN_SYNTAX && config.bindDn() != null) {
      return new ZetaException("the directory refused the bind as " + config.bindDn() + ": invalid credentials — check "
          + (flags ? "--bind-password-file" : "the bind password (zeta cluster set --bind-dn DN --bind-password-file F)"), null, null);
    }
    if (rc == ResultCode.CONNECT_ERROR || rc == ResultCode.SERVER_DOWN || rc == ResultCode.TIMEOUT) {
      return new ZetaException("cannot reach the directory at " + config.url() + ": " + networkCause(e) + " — check "
          + (flags ? "--ldap" : "the directory's URL (zeta cluster set --ldap URL)"), null, null);
    }
    if (e.getCause() instanceof javax.net.ssl.SSLException || String.valueOf(e.getMessage()).contains("SSL")
        || String.valueOf(e.getMessage()).contains("TLS") || String.valueOf(e.getMessage()).contains("certificate")) {
      return new ZetaException("TLS with the directory at " + config.url() + " failed: " + oneLine(e)
          + " — check --ldap-ca-file and the server's certificate", null, null);
    }
    return new ZetaException("the directory at " + config.url() + " refused the connection: " + oneLine(e), null, null);
  }

  /** "connection refused", "timed out"... from the chain UnboundID wraps. */
  private static String networkCause(LDAPException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.SocketTimeoutException) {
        return "no answer within " + CONNECT_TIMEOUT_MS / 1000 + " s";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("Connection refused")) {
      return "connection refused";
    }
    if (e.getResultCode() == ResultCode.TIMEOUT) {
      return "no answer within " + RESPONSE_TIMEOUT_MS / 1000 + " s";
    }
    return oneLine(e);
  }

  private static String oneLine(LDAPException e) {
    String m = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getMessage();
    return (m == null ? e.getResultCode().getName() : m.lines().findFirst().orElse("")) + " (" + e.getResultCode().getName() + ")";
  }

  private void checkBase() throws LDAPException {
    if (pool.getEntry(config.baseDn(), "1.1") == null) {
      throw new ZetaException("the base DN " + config.baseDn() + " does not exist in the directory at " + config.url()
          + " — check " + (source == Source.FLAGS ? "--ldap-base" : "the base DN (zeta cluster set --ldap-base DN)"), null, null);
    }
  }

  /** An error of an operation on a reachable directory. */
  private ZetaException opError(String what, LDAPException e) {
    ResultCode rc = e.getResultCode();
    if (rc == ResultCode.CONNECT_ERROR || rc == ResultCode.SERVER_DOWN || rc == ResultCode.TIMEOUT) {
      return new ZetaException("cannot reach the directory at " + config.url() + " to " + what + ": " + networkCause(e), null, null);
    }
    if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS || rc == ResultCode.STRONG_AUTH_REQUIRED
        || rc == ResultCode.INAPPROPRIATE_AUTHENTICATION || rc == ResultCode.UNWILLING_TO_PERFORM) {
      return new ZetaException("the directory at " + config.url() + " did not let " + bindName() + " " + what + ": " + oneLine(e),
          "run this as the cluster's administrator (who may read the bind password), or give the bind DN write access", null);
    }
    return new ZetaException("the directory at " + config.url() + " refused to " + what + ": " + oneLine(e), null, null);
  }

  private String bindName() {
    return config.bindDn() == null ? "an anonymous user" : config.bindDn();
  }

  @Override
  public String url() {
    return config.url();
  }

  /** The mapping in use (for `cluster info`). */
  public AttributeMapping mapping() {
    return map;
  }

  // ---- reading

  private List<SearchResultEntry> search(String what, Filter filter, int limit, String... attrs) {
    SearchRequest req = new SearchRequest(config.baseDn(), SearchScope.SUB, filter, attrs);
    req.setSizeLimit(limit);
    try {
      return pool.search(req).getSearchEntries();
    } catch (LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        return e.getSearchEntries();
      }
      throw opError(what, e);
    }
  }

  private Optional<SearchResultEntry> one(String what, Filter filter, String... attrs) {
    List<SearchResultEntry> found = search(what, filter, 2, attrs);
    if (found.size() > 1) {
      throw new ZetaException("the directory has more than one entry for " + filter + " (" + found.get(0).getDN() + ", "
          + found.get(1).getDN() + ")", "make the name unique under " + config.baseDn(), null);
    }
    return found.stream().findFirst();
  }

  private Filter userFilter(String uid) {
    return Filter.createANDFilter(Filter.createEqualityFilter("objectClass", map.userClass()),
        Filter.createEqualityFilter(map.userName(), uid));
  }

  private Filter groupFilter(String name) {
    return Filter.createANDFilter(Filter.createEqualityFilter("objectClass", map.groupClass()),
        Filter.createEqualityFilter(map.groupName(), name));
  }

  private DirectoryUser toUser(Entry e) {
    String name = e.getAttributeValue(map.userName());
    return new DirectoryUser(name != null ? name : rdnValue(e.getDN()), number(e, map.uidNumber()), number(e, map.gidNumber()),
        e.getDN());
  }

  private static long number(Entry e, String attr) {
    String v = e.getAttributeValue(attr);
    try {
      return v == null ? -1 : Long.parseLong(v.strip());
    } catch (NumberFormatException ex) {
      return -1;
    }
  }

  private static String rdnValue(String dn) {
    try {
      return new DN(dn).getRDN().getAttributeValues()[0];
    } catch (LDAPException e) {
      return dn;
    }
  }

  @Override
  public Optional<DirectoryUser> user(String uid) {
    return one("look user " + uid + " up", userFilter(uid), map.userName(), map.uidNumber(), map.gidNumber()).map(this::toUser);
  }

  @Override
  public Optional<DirectoryUser> authenticate(String uid, String password) {
    if (password == null || password.isEmpty()) {
      return Optional.empty();
    }
    Optional<DirectoryUser> user = user(uid);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    // A connection of its own: a bind on a pooled connection would change whom the pool acts as.
    try (LDAPConnection c = pool.getServerSet().getConnection()) {
      if (startTls != null) {
        startTls.processPreAuthenticatedConnection(c);
      }
      c.bind(new SimpleBindRequest(user.get().dn(), password));
      return user;
    } catch (LDAPException e) {
      ResultCode rc = e.getResultCode();
      if (rc == ResultCode.INVALID_CREDENTIALS || rc == ResultCode.INAPPROPRIATE_AUTHENTICATION
          || rc == ResultCode.UNWILLING_TO_PERFORM || rc == ResultCode.INVALID_DN_SYNTAX) {
        return Optional.empty();
      }
      throw opError("check the password of " + uid, e);
    }
  }

  @Override
  public List<DirectoryUser> users(int limit) {
    return search("list users", Filter.createEqualityFilter("objectClass", map.userClass()), limit, map.userName(),
        map.uidNumber(), map.gidNumber()).stream().map(this::toUser).sorted(Comparator.comparing(DirectoryUser::uid)).toList();
  }

  @Override
  public Set<String> groupsOf(String uid) {
    Optional<DirectoryUser> user = user(uid);
    List<Filter> any = new ArrayList<>();
    if (!map.memberIsDn()) {
      any.add(Filter.createANDFilter(Filter.createEqualityFilter("objectClass", map.groupClass()),
          Filter.createEqualityFilter(map.member(), uid)));
    }
    if (user.isPresent()) {
      // Groups that list members by DN: the AD layout's groups, and groupOfNames beside posixGroups.
      String cls = map.memberIsDn() ? map.groupClass() : "groupOfNames";
      String attr = map.memberIsDn() ? map.member() : "member";
      any.add(Filter.createANDFilter(Filter.createEqualityFilter("objectClass", cls),
          Filter.createEqualityFilter(attr, user.get().dn())));
    }
    if (any.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    for (SearchResultEntry e : search("find the groups of " + uid, Filter.createORFilter(any), SEARCH_LIMIT, map.groupName(), "cn")) {
      String name = e.getAttributeValue(map.groupName());
      out.add(name != null ? name : e.getAttributeValue("cn"));
    }
    return out;
  }

  @Override
  public Optional<DirectoryGroup> group(String name) {
    return one("look group " + name + " up", groupFilter(name), map.groupName(), map.gidNumber(), map.member()).map(this::toGroup);
  }

  private DirectoryGroup toGroup(Entry e) {
    Set<String> members = new TreeSet<>();
    String[] values = e.getAttributeValues(map.member());
    for (String v : values == null ? new String[0] : values) {
      members.add(map.memberIsDn() ? memberName(v) : v);
    }
    String name = e.getAttributeValue(map.groupName());
    return new DirectoryGroup(name != null ? name : rdnValue(e.getDN()), number(e, map.gidNumber()), members, e.getDN());
  }

  /** The login name of a member DN (its entry's name attribute, else the DN's first value). */
  private String memberName(String dn) {
    try {
      Entry e = pool.getEntry(dn, map.userName());
      if (e != null && e.getAttributeValue(map.userName()) != null) {
        return e.getAttributeValue(map.userName());
      }
    } catch (LDAPException ignored) {
      // A member that cannot be read (dangling, or not ours to read) is named by its DN's first value.
    }
    return rdnValue(dn);
  }

  private Optional<SearchResultEntry> byUidNumber(long n) {
    List<SearchResultEntry> found = search("look uid number " + n + " up", Filter.createEqualityFilter(map.uidNumber(), Long.toString(n)),
        1, map.userName(), "cn");
    return found.stream().findFirst();
  }

  private Optional<SearchResultEntry> groupByGid(long n) {
    List<SearchResultEntry> found = search("look gid number " + n + " up", Filter.createANDFilter(
        Filter.createEqualityFilter("objectClass", map.groupClass()), Filter.createEqualityFilter(map.gidNumber(), Long.toString(n))),
        1, map.groupName(), "cn");
    return found.stream().findFirst();
  }

  @Override
  public Optional<Long> highestUidNumber(long from, long to) {
    // Not every server orders uidNumber (it needs an ORDERING rule): read the numbers present and compare here.
    long best = -1;
    for (SearchResultEntry e : search("list uid numbers", Filter.createPresenceFilter(map.uidNumber()), SEARCH_LIMIT, map.uidNumber())) {
      long n = number(e, map.uidNumber());
      if (n >= from && n <= to && n > best) {
        best = n;
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(best);
  }

  // ---- changing

  /** Undo steps of a change in progress, run in reverse when a later step fails. */
  private final class Journal {
    private final Deque<LdapStep> undo = new ArrayDeque<>();
    final List<String> created = new ArrayList<>();

    void add(Entry e) throws LDAPException {
      pool.add(e);
      created.add(e.getDN());
      undo.push(() -> pool.delete(e.getDN()));
    }

    void modify(String dn, ModificationType type, String attr, String value) throws LDAPException {
      pool.modify(dn, new Modification(type, attr, value));
      ModificationType back = type == ModificationType.ADD ? ModificationType.DELETE : ModificationType.ADD;
      undo.push(() -> pool.modify(dn, new Modification(back, attr, value)));
    }

    void delete(String dn) throws LDAPException {
      Entry saved = pool.getEntry(dn);
      pool.delete(dn);
      if (saved != null) {
        // Operational attributes (memberOf...) are the server's; put back only what was written.
        Entry put = new Entry(saved.getDN());
        for (Attribute a : saved.getAttributes()) {
          if (!a.getName().equalsIgnoreCase("memberOf")) {
            put.addAttribute(a);
          }
        }
        undo.push(() -> pool.add(put));
      }
    }

    /** Undoes what was done, best effort; returns what could not be undone. */
    List<String> rollback() {
      List<String> left = new ArrayList<>();
      while (!undo.isEmpty()) {
        try {
          undo.pop().run();
        } catch (LDAPException e) {
          left.add(oneLine(e));
        }
      }
      return left;
    }
  }

  @FunctionalInterface
  private interface LdapStep {
    void run() throws LDAPException;
  }

  @FunctionalInterface
  private interface Change<T> {
    T run(Journal journal) throws LDAPException;
  }

  /** Runs a change; on failure undoes its steps and reports the failure (and what could not be undone). */
  private <T> T change(String what, Change<T> change) {
    Journal journal = new Journal();
    try {
      return change.run(journal);
    } catch (LDAPException e) {
      List<String> left = journal.rollback();
      ZetaException err = opError(what, e);
      if (!left.isEmpty()) {
        return rethrow(new ZetaException(err.getMessage() + "; undoing the partial change failed too: " + left.get(0),
            "check the entries under " + config.baseDn() + " and run the command again", e));
      }
      throw err;
    } catch (RuntimeException e) {
      journal.rollback();
      throw e;
    }
  }

  private static <T> T rethrow(ZetaException e) {
    throw e;
  }

  private String userDn(String uid) {
    return new DN(new RDN(map.userRdn(), uid), parse(config.effectiveUserBase())).toString();
  }

  private String groupDn(String name) {
    return new DN(new RDN(map.groupRdn(), name), parse(config.effectiveGroupBase())).toString();
  }

  private static DN parse(String dn) {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new ZetaException("'" + dn + "' is not a DN", "check the directory settings (zeta cluster info)", null);
    }
  }

  /** Creates the user or group container when it is an {@code ou=} entry right under an existing one. */
  private void ensureContainer(Journal journal, String dn) throws LDAPException {
    if (pool.getEntry(dn, "1.1") != null) {
      return;
    }
    DN parsed = parse(dn);
    RDN rdn = parsed.getRDN();
    if (!rdn.hasAttribute("ou") || parsed.getParent() == null || pool.getEntry(parsed.getParentString(), "1.1") == null) {
      throw new ZetaException("the directory has no " + dn + " to put Zeta's entries in",
          "create it, or point the cluster at an existing one (zeta cluster set --ldap-user-base/--ldap-group-base)", null);
    }
    Entry e = new Entry(dn);
    e.addAttribute("objectClass", "top", "organizationalUnit");
    e.addAttribute("ou", rdn.getAttributeValues()[0]);
    journal.add(e);
  }

  private Entry userEntry(NewUser u, boolean service) {
    Entry e = new Entry(userDn(u.uid()));
    String sn = u.surname() != null ? u.surname() : u.uid();
    String cn = u.givenName() != null ? u.givenName() + " " + sn : u.uid();
    if (map.ad()) {
      e.addAttribute("objectClass", "top", "person", "organizationalPerson", map.userClass());
      e.addAttribute("cn", u.uid());
      e.addAttribute("displayName", cn);
    } else {
      e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", map.userClass());
      e.addAttribute("cn", cn);
      e.addAttribute("homeDirectory", "/home/" + u.uid());
      e.addAttribute("loginShell", service ? "/usr/sbin/nologin" : "/bin/bash");
    }
    e.setAttribute(map.userName(), u.uid());
    e.addAttribute("sn", sn);
    if (u.givenName() != null) {
      e.addAttribute("givenName", u.givenName());
    }
    e.addAttribute(map.uidNumber(), Long.toString(u.uidNumber()));
    e.addAttribute(map.gidNumber(), Long.toString(u.gidNumber()));
    if (service) {
      e.addAttribute("description", "Zeta service user");
    }
    return e;
  }

  private Entry groupEntry(String name, long gid, String memberUid, String memberDn) {
    Entry e = new Entry(groupDn(name));
    e.addAttribute("objectClass", "top", map.groupClass());
    e.setAttribute("cn", name);
    e.setAttribute(map.groupName(), name);
    e.addAttribute(map.gidNumber(), Long.toString(gid));
    e.addAttribute("description", "Zeta role group");
    e.addAttribute(map.member(), map.memberIsDn() ? memberDn : memberUid);
    return e;
  }

  private String memberValue(DirectoryUser user) {
    return map.memberIsDn() ? user.dn() : user.uid();
  }

  @Override
  public RoleAccounts ensureRole(String role, long uidStart) {
    io.zeta.cluster.Names.role(role);
    String svc = Directory.serviceUser(role);
    long appsGid = uidStart + GROUP_OFFSET;
    String range = "role " + role + "'s range starts at " + uidStart;
    String fix = "give the role another start (zeta role add " + role + " --uid-start N), or move the entry aside";
    // Everything is read and checked before anything is written: a refusal changes nothing.
    Optional<DirectoryUser> user = user(svc);
    if (user.isPresent() && user.get().uidNumber() != uidStart) {
      throw new ZetaException("the directory already has " + svc + " with uid " + user.get().uidNumber() + ", not " + uidStart
          + " (" + range + ")", fix, null);
    }
    if (user.isEmpty()) {
      byUidNumber(uidStart).ifPresent(e -> {
        throw new ZetaException("uid " + uidStart + " for " + svc + " is already taken by " + e.getDN() + " (" + range + ")", fix, null);
      });
    }
    List<Optional<DirectoryGroup>> groups = new ArrayList<>();
    for (int i = 0; i < ROLE_BASES.size(); i++) {
      String name = Directory.roleGroup(role, ROLE_BASES.get(i));
      long gid = appsGid + i;
      Optional<DirectoryGroup> g = group(name);
      if (g.isPresent() && g.get().gidNumber() != gid) {
        throw new ZetaException("the directory already has group " + name + " with gid " + g.get().gidNumber() + ", not " + gid
            + " (" + range + ")", fix, null);
      }
      if (g.isEmpty()) {
        groupByGid(gid).ifPresent(e -> {
          throw new ZetaException("gid " + gid + " for group " + name + " is already taken by " + e.getDN() + " (" + range + ")", fix, null);
        });
      }
      groups.add(g);
    }
    return change("create the accounts of role " + role, journal -> {
      DirectoryUser su;
      if (user.isPresent()) {
        su = user.get();
      } else {
        ensureContainer(journal, config.effectiveUserBase());
        Entry e = userEntry(new NewUser(svc, uidStart, appsGid, null, "Zeta service user of role " + role), true);
        journal.add(e);
        su = new DirectoryUser(svc, uidStart, appsGid, e.getDN());
      }
      List<DirectoryGroup> out = new ArrayList<>();
      for (int i = 0; i < ROLE_BASES.size(); i++) {
        String name = Directory.roleGroup(role, ROLE_BASES.get(i));
        Optional<DirectoryGroup> g = groups.get(i);
        if (g.isEmpty()) {
          ensureContainer(journal, config.effectiveGroupBase());
          Entry e = groupEntry(name, appsGid + i, su.uid(), su.dn());
          journal.add(e);
          out.add(new DirectoryGroup(name, appsGid + i, Set.of(su.uid()), e.getDN()));
        } else if (!g.get().memberUids().contains(su.uid())) {
          journal.modify(g.get().dn(), ModificationType.ADD, map.member(), memberValue(su));
          Set<String> members = new LinkedHashSet<>(g.get().memberUids());
          members.add(su.uid());
          out.add(new DirectoryGroup(name, g.get().gidNumber(), members, g.get().dn()));
        } else {
          out.add(g.get());
        }
      }
      return new RoleAccounts(role, uidStart, su, out, journal.created);
    });
  }

  @Override
  public void removeRole(String role) {
    String svc = Directory.serviceUser(role);
    List<DirectoryGroup> groups = new ArrayList<>();
    Set<String> others = new TreeSet<>();
    for (String base : ROLE_BASES) {
      group(Directory.roleGroup(role, base)).ifPresent(g -> {
        groups.add(g);
        g.memberUids().stream().filter(m -> !m.equals(svc)).forEach(others::add);
      });
    }
    if (!others.isEmpty()) {
      throw new ZetaException("role " + role + " still has members in the directory: " + String.join(", ", others),
          "remove them first (zeta role members remove " + role + " UID)", null);
    }
    Optional<DirectoryUser> user = user(svc);
    change("remove the accounts of role " + role, journal -> {
      for (DirectoryGroup g : groups) {
        journal.delete(g.dn());
      }
      if (user.isPresent()) {
        journal.delete(user.get().dn());
      }
      return null;
    });
  }

  @Override
  public DirectoryUser addUser(NewUser u) {
    if (user(u.uid()).isPresent()) {
      throw new ZetaException("the directory already has a user " + u.uid(), "pick another name, or add the existing user to a role "
          + "(zeta role members add ROLE " + u.uid() + ")", null);
    }
    byUidNumber(u.uidNumber()).ifPresent(e -> {
      throw new ZetaException("uid " + u.uidNumber() + " is already taken by " + e.getDN(), "give another --uid-number", null);
    });
    return change("add user " + u.uid(), journal -> {
      ensureContainer(journal, config.effectiveUserBase());
      Entry e = userEntry(u, false);
      journal.add(e);
      return new DirectoryUser(u.uid(), u.uidNumber(), u.gidNumber(), e.getDN());
    });
  }

  @Override
  public void removeUser(String uid) {
    DirectoryUser u = user(uid).orElseThrow(() -> new ZetaException("the directory has no user " + uid, "see `zeta user list`", null));
    if (uid.startsWith("zetasvc")) {
      throw new ZetaException(uid + " is a role's service user", "it goes with its role (zeta role remove ROLE)", null);
    }
    List<DirectoryGroup> groups = new ArrayList<>();
    for (String name : groupsOf(uid)) {
      group(name).ifPresent(groups::add);
    }
    change("remove user " + uid, journal -> {
      for (DirectoryGroup g : groups) {
        if (g.memberUids().contains(uid)) {
          journal.modify(g.dn(), ModificationType.DELETE, map.member(), memberValue(u));
        }
      }
      journal.delete(u.dn());
      return null;
    });
  }

  @Override
  public boolean addMember(String groupName, String uid) {
    DirectoryGroup g = group(groupName).orElseThrow(() -> new ZetaException("the directory has no group " + groupName, null, null));
    DirectoryUser u = user(uid).orElseThrow(() -> new ZetaException("the directory has no user " + uid,
        "create it first (zeta user add " + uid + " --role ROLE)", null));
    if (g.memberUids().contains(u.uid())) {
      return false;
    }
    return change("add " + uid + " to " + groupName, journal -> {
      journal.modify(g.dn(), ModificationType.ADD, map.member(), memberValue(u));
      return true;
    });
  }

  @Override
  public boolean removeMember(String groupName, String uid) {
    DirectoryGroup g = group(groupName).orElseThrow(() -> new ZetaException("the directory has no group " + groupName, null, null));
    if (!g.memberUids().contains(uid)) {
      return false;
    }
    String value = map.memberIsDn() ? user(uid).map(DirectoryUser::dn).orElse(null) : uid;
    if (value == null) {
      return false;
    }
    return change("remove " + uid + " from " + groupName, journal -> {
      journal.modify(g.dn(), ModificationType.DELETE, map.member(), value);
      return true;
    });
  }

  @Override
  public boolean addRoleMember(String role, String uid) {
    DirectoryUser u = user(uid).orElseThrow(() -> new ZetaException("the directory has no user " + uid,
        "create it (zeta user add " + uid + " --role " + role + ")", null));
    List<DirectoryGroup> missing = new ArrayList<>();
    for (String base : ROLE_BASES) {
      String name = Directory.roleGroup(role, base);
      DirectoryGroup g = group(name).orElseThrow(() -> new ZetaException("the directory has no group " + name + " of role " + role,
          "create the role's accounts with `zeta role add " + role + "`", null));
      if (!g.memberUids().contains(u.uid())) {
        missing.add(g);
      }
    }
    if (missing.isEmpty()) {
      return false;
    }
    return change("add " + uid + " to role " + role, journal -> {
      for (DirectoryGroup g : missing) {
        journal.modify(g.dn(), ModificationType.ADD, map.member(), memberValue(u));
      }
      return true;
    });
  }

  @Override
  public boolean removeRoleMember(String role, String uid) {
    if (uid.equals(Directory.serviceUser(role))) {
      throw new ZetaException(uid + " is role " + role + "'s service user and stays in its groups", null, null);
    }
    List<DirectoryGroup> in = new ArrayList<>();
    for (String base : ROLE_BASES) {
      group(Directory.roleGroup(role, base)).filter(g -> g.memberUids().contains(uid)).ifPresent(in::add);
    }
    if (in.isEmpty()) {
      return false;
    }
    String value = map.memberIsDn() ? user(uid).map(DirectoryUser::dn).orElse(null) : uid;
    if (value == null) {
      return false;
    }
    return change("remove " + uid + " from role " + role, journal -> {
      for (DirectoryGroup g : in) {
        journal.modify(g.dn(), ModificationType.DELETE, map.member(), value);
      }
      return true;
    });
  }

  @Override
  public void close() throws IOException {
    pool.close();
  }
}
