package io.zeta.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Snapshots of a cluster tree through the Hadoop FileSystem API (local or HDFS): every path with
 * its type, permission, owner, group and content hash, to prove that a command wrote nothing.
 */
public final class Trees {
  private Trees() {}

  public static Map<String, String> snapshot(URI root) {
    return snapshot(root, p -> true);
  }

  /** @param include which cluster paths to keep ("/zeta/kstore/audit/audit.log"...) */
  public static Map<String, String> snapshot(URI root, Predicate<String> include) {
    try (FileSystem fs = open(root)) {
      Map<String, String> out = new TreeMap<>();
      Path base = fs.makeQualified(new Path(root));
      walk(fs, base, base.toUri().getPath().replaceAll("/+$", ""), out, include);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of one cluster file ("/zeta/kstore/audit/audit.log"), empty when it does not exist. */
  public static String read(URI root, String clusterPath) {
    try (FileSystem fs = open(root)) {
      Path p = new Path(fs.makeQualified(new Path(root)).toString().replaceAll("/+$", "") + clusterPath);
      if (!fs.exists(p)) {
        return "";
      }
      try (InputStream in = fs.open(p)) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Read once: a new Configuration parses Hadoop's default XML files again, which costs more than a small tree's walk. */
  private static final Configuration CONF = configuration();

  private static Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", io.zeta.cluster.storage.ExclusiveLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  private static FileSystem open(URI root) throws IOException {
    return FileSystem.newInstance(root, CONF);
  }

  /** Everything but the audit log, which records refused commands too. */
  public static Map<String, String> withoutAudit(URI root) {
    return snapshot(root, p -> !p.startsWith("/zeta/kstore/audit"));
  }

  /** The paths that differ between two snapshots, each with its before and after; empty when identical. */
  public static Map<String, String> diff(Map<String, String> before, Map<String, String> after) {
    Map<String, String> out = new TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String k : keys) {
      String b = before.get(k);
      String a = after.get(k);
      if (!java.util.Objects.equals(a, b)) {
        out.put(k, b + " -> " + a);
      }
    }
    return out;
  }

  private static void walk(FileSystem fs, Path dir, String base, Map<String, String> out, Predicate<String> include)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String rel = s.getPath().toUri().getPath().substring(base.length());
      if (!include.test(rel)) {
        continue;
      }
      java.nio.file.Path local = "file".equals(s.getPath().toUri().getScheme()) ? java.nio.file.Path.of(s.getPath().toUri()) : null;
      if (s.isSymlink() || (local != null && java.nio.file.Files.isSymbolicLink(local))) {
        // A link is recorded, never followed: a snapshot must not read outside the tree.
        out.put(rel, "l -> " + (local != null ? java.nio.file.Files.readSymbolicLink(local) : s.getSymlink()));
        continue;
      }
      String meta = (s.isDirectory() ? "d " : "f ") + Integer.toOctalString(s.getPermission().toShort() & 07777) + " "
          + s.getOwner() + ":" + s.getGroup();
      if (s.isDirectory()) {
        out.put(rel, meta);
        walk(fs, s.getPath(), base, out, include);
      } else {
        out.put(rel, meta + " " + s.getLen() + " " + sha256(fs, s.getPath()));
      }
    }
  }

  private static String sha256(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
