package io.zeta.testing;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (Debian's {@code /usr/sbin/slapd}) for a test class: a generated
 * slapd.conf in a temp dir (schemas core, cosine, nis, inetorgperson; for the Active Directory
 * layout also a small AD schema, user/group/sAMAccountName with AD's OIDs, and the memberof
 * overlay), an mdb database, a root DN with a password, listening on an ephemeral 127.0.0.1 port;
 * optionally LDAPS and StartTLS with a self-signed certificate made by openssl. {@link #close}
 * kills it and waits. Start one per class ({@code @BeforeAll}); {@link #available} is the probe
 * for a machine without slapd.
 */
public final class Slapd implements AutoCloseable {
  public static final String SLAPD = "/usr/sbin/slapd";
  public static final String BASE = "dc=zeta,dc=test";
  public static final String ROOT_DN = "cn=admin," + BASE;
  public static final String ROOT_PASSWORD = "slapd-root-pw-7f3a";

  /** The Active Directory layout's schema: AD's names and OIDs, only what Zeta's AD mapping uses. */
  private static final String AD_SCHEMA = """
      attributetype ( 1.2.840.113556.1.4.1.8888 NAME 'unixHomeDirectory'
        EQUALITY caseExactIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 SINGLE-VALUE )
      attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
        EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
        SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
      objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL
        MAY ( sAMAccountName $ uidNumber $ gidNumber $ givenName $ displayName $ mail $ unixHomeDirectory ) )
      objectclass ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL
        MUST cn MAY ( member $ sAMAccountName $ gidNumber $ description ) )
      """;

  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final Process process;
  private final boolean ad;

  private Slapd(Path dir, int port, int tlsPort, Process process, boolean ad) {
    this.dir = dir;
    this.port = port;
    this.tlsPort = tlsPort;
    this.process = process;
    this.ad = ad;
  }

  /** Whether this machine can run slapd (the tests that need it skip otherwise, saying why). */
  public static boolean available() {
    return Files.isExecutable(Path.of(SLAPD)) && Files.isRegularFile(Path.of("/etc/ldap/schema/nis.schema"));
  }

  /** An OpenLDAP-layout server (posixAccount/posixGroup/inetOrgPerson). */
  public static Slapd start(Path dir) {
    return start(dir, false, false);
  }

  /**
   * @param ad load the AD schema and the memberof overlay
   * @param tls also serve ldaps:// (and StartTLS on ldap://) with a self-signed certificate for
   *     127.0.0.1 whose PEM is {@link #caFile}
   */
  public static Slapd start(Path dir, boolean ad, boolean tls) {
    try {
      Files.createDirectories(dir.resolve("db"));
      StringBuilder conf = new StringBuilder();
      for (String s : List.of("core", "cosine", "nis", "inetorgperson")) {
        conf.append("include /etc/ldap/schema/").append(s).append(".schema\n");
      }
      if (ad) {
        Files.writeString(dir.resolve("ad.schema"), AD_SCHEMA);
        conf.append("include ").append(dir.resolve("ad.schema")).append('\n');
      }
      conf.append("modulepath /usr/lib/ldap\nmoduleload back_mdb\n");
      if (ad) {
        conf.append("moduleload memberof\n");
      }
      conf.append("pidfile ").append(dir.resolve("slapd.pid")).append('\n');
      conf.append("argsfile ").append(dir.resolve("slapd.args")).append('\n');
      if (tls) {
        selfSignedCertificate(dir);
        conf.append("TLSCertificateFile ").append(dir.resolve("server.pem")).append('\n');
        conf.append("TLSCertificateKeyFile ").append(dir.resolve("server.key")).append('\n');
      }
      conf.append("database mdb\nmaxsize 67108864\n");
      conf.append("suffix \"").append(BASE).append("\"\n");
      conf.append("rootdn \"").append(ROOT_DN).append("\"\n");
      conf.append("rootpw ").append(ROOT_PASSWORD).append('\n');
      conf.append("directory ").append(dir.resolve("db")).append('\n');
      conf.append("index objectClass,uid,uidNumber,gidNumber,memberUid,cn eq\n");
      // Everyone reads (as Hadoop's LdapGroupsMapping and tenants do), only the root DN writes.
      conf.append("access to * by * read\n");
      if (ad) {
        conf.append("overlay memberof\nmemberof-group-oc group\nmemberof-member-ad member\nmemberof-memberof-ad memberOf\n");
      }
      Files.writeString(dir.resolve("slapd.conf"), conf.toString());
      IOException last = null;
      for (int attempt = 0; attempt < 5; attempt++) {
        int port = freePort();
        int tlsPort = tls ? freePort() : -1;
        String urls = "ldap://127.0.0.1:" + port + "/" + (tls ? " ldaps://127.0.0.1:" + tlsPort + "/" : "");
        ProcessBuilder pb = new ProcessBuilder(SLAPD, "-f", dir.resolve("slapd.conf").toString(), "-h", urls, "-d", "0")
            .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile());
        Process p = pb.start();
        Slapd s = new Slapd(dir, port, tlsPort, p, ad);
        if (s.awaitReady()) {
          s.seed();
          return s;
        }
        s.close();
        last = new IOException("slapd did not answer on port " + port + ": " + Files.readString(dir.resolve("slapd.log"))
            + configCheck(dir));
      }
      throw last;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** slaptest's verdict on the generated configuration (slapd -d 0 tells config errors to syslog only). */
  private static String configCheck(Path dir) {
    try {
      Process p = new ProcessBuilder("/usr/sbin/slaptest", "-u", "-f", dir.resolve("slapd.conf").toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return " slaptest: " + out.strip();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void selfSignedCertificate(Path dir) throws IOException {
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", dir.resolve("server.key").toString(), "-out", dir.resolve("server.pem").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private boolean awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (LDAPConnection c = new LDAPConnection("127.0.0.1", port)) {
        c.bind(ROOT_DN, ROOT_PASSWORD);
        return true;
      } catch (LDAPException e) {
        try {
          // Polling a starting server; it is up within tens of milliseconds.
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  /** The base entry, so that a test starts from an empty tree. */
  private void seed() {
    try (LDAPConnection c = connect()) {
      c.add(new Entry("dn: " + BASE, "objectClass: top", "objectClass: dcObject", "objectClass: organization", "dc: zeta",
          "o: Zeta test"));
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException("cannot seed slapd: " + e.getMessage(), e);
    }
  }

  public String url() {
    return "ldap://127.0.0.1:" + port;
  }

  public String ldapsUrl() {
    if (tlsPort < 0) {
      throw new IllegalStateException("started without TLS");
    }
    return "ldaps://127.0.0.1:" + tlsPort;
  }

  /** The self-signed certificate (its own CA), PEM. */
  public Path caFile() {
    return dir.resolve("server.pem");
  }

  public int port() {
    return port;
  }

  public boolean adLayout() {
    return ad;
  }

  /** A connection bound as the root DN, for tests to read back and seed entries; the caller closes it. */
  public LDAPConnection connect() throws LDAPException {
    LDAPConnection c = new LDAPConnection("127.0.0.1", port);
    c.bind(ROOT_DN, ROOT_PASSWORD);
    return c;
  }

  /** Adds entries given as LDIF lines, one entry per array. */
  public void add(String... ldifLines) {
    try (LDAPConnection c = connect()) {
      c.add(new Entry(ldifLines));
    } catch (LDAPException | com.unboundid.ldif.LDIFException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The entry at a DN, with its operational memberOf, or null. */
  public Entry entry(String dn) {
    try (LDAPConnection c = connect()) {
      return c.getEntry(dn, "*", "memberOf");
    } catch (LDAPException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * The whole tree under the base as sorted LDIF (entries by DN, attributes and values sorted,
   * memberOf included), to prove a command changed nothing.
   */
  public String dump() {
    try (LDAPConnection c = connect()) {
      TreeMap<String, String> entries = new TreeMap<>();
      for (SearchResultEntry e : c.search(new SearchRequest(BASE, SearchScope.SUB, "(objectClass=*)", "*", "memberOf"))
          .getSearchEntries()) {
        List<String> lines = new ArrayList<>();
        for (com.unboundid.ldap.sdk.Attribute a : e.getAttributes()) {
          String[] values = a.getValues();
          Arrays.sort(values);
          for (String v : values) {
            lines.add(a.getName().toLowerCase(java.util.Locale.ROOT) + ": " + v);
          }
        }
        lines.sort(null);
        entries.put(e.getParsedDN().toNormalizedString(), "dn: " + e.getDN() + "\n" + String.join("\n", lines) + "\n");
      }
      return String.join("\n", entries.values());
    } catch (LDAPException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Writes a file holding the root password (what --bind-password-file takes). */
  public Path passwordFile(Path where) {
    try {
      Files.writeString(where, ROOT_PASSWORD + "\n", StandardCharsets.UTF_8);
      return where;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
