package io.zeta.cluster.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * {@link Storage} over any Hadoop FileSystem: HDFS, the local filesystem (through
 * {@link ExclusiveLocalFileSystem}), MapR-FS, S3A... Only the FileSystem API is used.
 */
public final class HadoopStorage implements Storage {
  private static final long APPEND_PATIENCE_MS = 30_000;

  private final String rootUri;
  private final Path root;
  private final FileSystem fs;
  private final Configuration conf;

  private HadoopStorage(String rootUri, Path root, FileSystem fs, Configuration conf) {
    this.rootUri = rootUri;
    this.root = root;
    this.fs = fs;
    this.conf = conf;
  }

  /** Opens the filesystem of a cluster root URI ({@code file:///x}, {@code hdfs://nn:8020/zeta}). */
  public static HadoopStorage open(URI rootUri) throws IOException {
    return open(rootUri, new Configuration());
  }

  public static HadoopStorage open(URI rootUri, Configuration base) throws IOException {
    Configuration conf = new Configuration(base);
    conf.set("fs.file.impl", ExclusiveLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    conf.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    // Appends on small clusters (one datanode) must not wait for a replacement datanode.
    conf.set("dfs.client.block.write.replace-datanode-on-failure.policy", "NEVER");
    FileSystem fs;
    if ("file".equalsIgnoreCase(rootUri.getScheme())) {
      // Built directly: FileSystem.newInstance first loads every FileSystem on the class path, and
      // ViewFileSystem's constructor logs in through UserGroupInformation (JAAS, metrics): a
      // quarter of a second per command, for a filesystem that needs no login.
      fs = new ExclusiveLocalFileSystem();
      fs.initialize(rootUri, conf);
    } else {
      fs = newInstance(rootUri, conf);
    }
    Path root = fs.makeQualified(new Path(rootUri));
    return new HadoopStorage(canonical(root), root, fs, conf);
  }

  /**
   * Hadoop's own errors for a scheme it has no filesystem for (s3a without hadoop-aws: a
   * ClassNotFoundException) or a host that does not resolve, as one line that says what to do.
   */
  private static FileSystem newInstance(URI rootUri, Configuration conf) throws IOException {
    String scheme = rootUri.getScheme() == null ? "" : rootUri.getScheme().toLowerCase(java.util.Locale.ROOT);
    try {
      return FileSystem.newInstance(rootUri, conf);
    } catch (org.apache.hadoop.fs.UnsupportedFileSystemException e) {
      throw unknownScheme(rootUri, scheme);
    } catch (IOException | RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
          throw unknownScheme(rootUri, scheme);
        }
        if (t instanceof java.net.UnknownHostException) {
          throw new io.zeta.ZetaException("cannot reach the cluster filesystem at " + rootUri + ": unknown host "
              + (rootUri.getHost() != null ? rootUri.getHost() : t.getMessage()),
              "check the host name in the cluster URI (--cluster, $ZETA_CLUSTER or `zeta cluster init --root`)", e);
        }
      }
      throw e;
    }
  }

  private static io.zeta.ZetaException unknownScheme(URI rootUri, String scheme) {
    return new io.zeta.ZetaException("cannot use " + rootUri + ": this Zeta has no filesystem for scheme '" + scheme + "'",
        "use file:, hdfs: or another scheme whose Hadoop filesystem is on the class path (for s3a: hadoop-aws and its SDK)",
        null);
  }

  /** The Hadoop client settings in use, for components that open the same filesystem themselves. */
  public Configuration configuration() {
    return new Configuration(conf);
  }

  /**
   * The filesystem itself, for the one other driver of the same storage: {@code cluster.volume}
   * sets and reads HDFS quotas, which the {@link Storage} operations do not cover.
   */
  public FileSystem fileSystem() {
    return fs;
  }

  /** The filesystem path of a cluster path ("/apps/team1"). */
  public Path path(String clusterPath) {
    return resolve(clusterPath);
  }

  @Override
  public String rootUri() {
    return rootUri;
  }

  @Override
  public String scheme() {
    return root.toUri().getScheme();
  }

  @Override
  public String uri(String path) {
    return canonical(resolve(path));
  }

  /** Hadoop writes local paths as file:/x; executors and users expect file:///x. */
  private static String canonical(Path p) {
    String text = p.toUri().toString().replaceAll("(?<!^[a-z]{1,10}:)/+$", "");
    if (text.startsWith("file:/") && !text.startsWith("file://")) {
      text = "file://" + text.substring("file:".length());
    }
    return text;
  }

  Path resolve(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("cluster paths are absolute: " + path);
    }
    String relative = path.replaceAll("^/+", "");
    return relative.isEmpty() ? root : new Path(root, relative);
  }

  private String clusterPath(Path p) {
    String full = p.toUri().getPath();
    String base = root.toUri().getPath().replaceAll("/+$", "");
    String rel = full.startsWith(base) ? full.substring(base.length()) : full;
    return rel.isEmpty() ? "/" : rel;
  }

  @Override
  public boolean exists(String path) throws IOException {
    return fs.exists(resolve(path));
  }

  @Override
  public Optional<Link> firstLink(String path) throws IOException {
    String sofar = "";
    for (String segment : path.replaceAll("^/+", "").split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      sofar += "/" + segment;
      Path p = resolve(sofar);
      if ("file".equals(scheme())) {
        // java.nio with NOFOLLOW_LINKS: Hadoop's local link status shells out on some versions.
        java.nio.file.Path local = java.nio.file.Path.of(p.toUri());
        if (java.nio.file.Files.isSymbolicLink(local)) {
          return Optional.of(new Link(sofar, java.nio.file.Files.readSymbolicLink(local).toString()));
        }
        if (!java.nio.file.Files.exists(local, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          return Optional.empty();
        }
        continue;
      }
      FileStatus status;
      try {
        status = fs.getFileLinkStatus(p);
      } catch (FileNotFoundException e) {
        return Optional.empty();
      } catch (UnsupportedOperationException e) {
        // A filesystem without links (S3A...) has none to follow.
        return Optional.empty();
      }
      if (status.isSymlink()) {
        return Optional.of(new Link(sofar, String.valueOf(status.getSymlink())));
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<FileInfo> info(String path) throws IOException {
    try {
      return Optional.of(toInfo(fs.getFileStatus(resolve(path))));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<FileInfo> list(String dir) throws IOException {
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(resolve(dir));
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<FileInfo> out = new ArrayList<>(statuses.length);
    for (FileStatus s : statuses) {
      out.add(toInfo(s));
    }
    out.sort(Comparator.comparing(FileInfo::name));
    return out;
  }

  private FileInfo toInfo(FileStatus s) {
    return new FileInfo(clusterPath(s.getPath()), s.getPath().getName(), s.isDirectory(), s.getLen(),
        s.getModificationTime(), s.getOwner(), s.getGroup(), s.getPermission().toShort() & 07777);
  }

  @Override
  public byte[] read(String path) throws IOException {
    try (InputStream in = fs.open(resolve(path))) {
      return in.readAllBytes();
    }
  }

  @Override
  public InputStream open(String path) throws IOException {
    return fs.open(resolve(path));
  }

  @Override
  public void mkdirs(String path, int mode) throws IOException {
    Path p = resolve(path);
    FsPermission permission = new FsPermission((short) mode);
    // With the permission, a new directory is created with it (less the umask), not widened later.
    if (!fs.mkdirs(p, permission)) {
      throw new IOException("cannot create directory " + path);
    }
    fs.setPermission(p, permission);
  }

  @Override
  public void createExclusive(String path, byte[] content, int mode) throws IOException {
    Path p = resolve(path);
    FSDataOutputStream out;
    try {
      out = createFile(p, false, mode);
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new AlreadyExistsException(path);
    } catch (IOException e) {
      if (isAlreadyExists(e)) {
        throw new AlreadyExistsException(path);
      }
      throw e;
    }
    try (out) {
      out.write(content);
    }
  }

  /** HDFS says "already being created" while another client still writes the file: it exists too. */
  private static boolean isAlreadyExists(IOException e) {
    String m = describe(e);
    return m.contains("AlreadyExists") || m.contains("already exists") || m.contains("AlreadyBeingCreatedException")
        || m.contains("is currently owned by") || m.contains("already being created");
  }

  /** The exception's class (for a NameNode error, the remote class) and message. */
  private static String describe(IOException e) {
    String cls = e instanceof org.apache.hadoop.ipc.RemoteException re ? re.getClassName() : e.getClass().getName();
    return cls + " " + e.getMessage();
  }

  @Override
  public OutputStream create(String path, int mode) throws IOException {
    return createFile(resolve(path), true, mode);
  }

  /**
   * Creates a file with its mode given to the create call itself, so that it is never readable
   * more widely than {@code mode}, whatever the umask (HDFS's {@code fs.permissions.umask-mode},
   * the process umask for file:). A umask can only take bits away; those the mode grants (a role
   * group's read under umask 077) are given back before the first byte is written.
   */
  private FSDataOutputStream createFile(Path p, boolean overwrite, int mode) throws IOException {
    if (mode == DEFAULT_MODE) {
      return fs.create(p, overwrite);
    }
    FsPermission permission = new FsPermission((short) mode);
    FSDataOutputStream out = fs.create(p, permission, overwrite, conf.getInt("io.file.buffer.size", 4096),
        fs.getDefaultReplication(p), fs.getDefaultBlockSize(p), null);
    try {
      if (!permission.applyUMask(FsPermission.getUMask(conf)).equals(permission)) {
        fs.setPermission(p, permission);
      }
    } catch (IOException e) {
      out.close();
      throw e;
    }
    return out;
  }

  @Override
  public void write(String path, byte[] content, int mode) throws IOException {
    Path target = resolve(path);
    Path tmp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (OutputStream out = createFile(tmp, false, mode)) {
      out.write(content);
    }
    try {
      replace(clusterPath(tmp), path);
    } catch (IOException e) {
      fs.delete(tmp, false);
      throw e;
    }
  }

  @Override
  public void append(String path, byte[] content) throws IOException {
    Path p = resolve(path);
    long deadline = System.currentTimeMillis() + APPEND_PATIENCE_MS;
    boolean leaseRecovered = false;
    long backoff = 20;
    while (true) {
      try {
        if (!fs.exists(p)) {
          try {
            createExclusive(path, content);
            return;
          } catch (AlreadyExistsException raced) {
            // Another writer created it first: append below.
          }
        }
        try (FSDataOutputStream out = fs.append(p)) {
          out.write(content);
          out.hflush();
        }
        return;
      } catch (IOException e) {
        if (!isLeaseConflict(e)) {
          throw e;
        }
        if (System.currentTimeMillis() > deadline) {
          if (!leaseRecovered && fs instanceof DistributedFileSystem dfs) {
            // The holder may be a client that died: take the lease over once.
            dfs.recoverLease(p);
            leaseRecovered = true;
            deadline = System.currentTimeMillis() + APPEND_PATIENCE_MS / 3;
            continue;
          }
          throw new IOException("could not append to " + path + ": another writer holds it (" + e.getMessage() + ")", e);
        }
        sleep(backoff + ThreadLocalRandom.current().nextLong(backoff));
        backoff = Math.min(backoff * 2, 500);
      }
    }
  }

  private static boolean isLeaseConflict(IOException e) {
    String m = describe(e);
    return m.contains("AlreadyBeingCreatedException") || m.contains("RecoveryInProgressException")
        || m.contains("LeaseExpiredException") || m.contains("lease");
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Path src = resolve(from);
    Path dst = resolve(to);
    if (fs.exists(dst)) {
      throw new AlreadyExistsException(to);
    }
    if (!fs.rename(src, dst)) {
      if (fs.exists(dst)) {
        throw new AlreadyExistsException(to);
      }
      throw new FileNotFoundException("cannot rename " + from + " to " + to);
    }
  }

  @Override
  public void replace(String from, String to) throws IOException {
    Path src = resolve(from);
    Path dst = resolve(to);
    if ("file".equals(scheme())) {
      // rename(2) replaces a file atomically.
      if (!fs.rename(src, dst)) {
        throw new IOException("cannot replace " + to + " with " + from);
      }
      return;
    }
    FileContext.getFileContext(root.toUri(), conf).rename(src, dst, Options.Rename.OVERWRITE);
  }

  @Override
  public void delete(String path, boolean recursive) throws IOException {
    fs.delete(resolve(path), recursive);
  }

  @Override
  public void setMode(String path, int mode) throws IOException {
    fs.setPermission(resolve(path), new FsPermission((short) mode));
  }

  @Override
  public void setOwner(String path, String user, String group) throws IOException {
    fs.setOwner(resolve(path), user, group);
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }
}
