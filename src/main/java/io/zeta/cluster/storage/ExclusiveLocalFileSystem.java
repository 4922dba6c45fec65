package io.zeta.cluster.storage;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.Channels;
import java.util.EnumSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's raw local filesystem (no .crc files) with three fixes. {@code create(path,
 * overwrite=false)} is atomic: Hadoop checks for the file and then creates it, so two processes
 * can both "win"; here the create itself uses O_EXCL, which is what HDFS guarantees at the
 * NameNode. And file status comes from one stat call: without Hadoop's native library, Hadoop
 * forks {@code ls} or {@code stat} for every file's owner and permission, which made listing 1,000
 * index entries take seconds. And files are written through a file channel (see {@link #open}).
 */
public class ExclusiveLocalFileSystem extends RawLocalFileSystem {
  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    // One stat call, no exists-then-stat: a file deleted in between (a lock released by its
    // holder) is "not found", as Hadoop's contract says, never a NoSuchFileException.
    File file = pathToFile(f);
    try {
      return status(f, file);
    } catch (java.nio.file.FileSystemException e) {
      // Gone, or unreachable (a parent that is a file, no search right): as before, "not found".
      if (e instanceof NoSuchFileException || !Files.exists(file.toPath(), LinkOption.NOFOLLOW_LINKS)) {
        throw new FileNotFoundException("File " + f + " does not exist");
      }
      throw e;
    }
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    File dir = pathToFile(f);
    if (!Files.exists(dir.toPath(), LinkOption.NOFOLLOW_LINKS)) {
      throw new FileNotFoundException("File " + f + " does not exist");
    }
    if (!dir.isDirectory()) {
      return new FileStatus[] {status(f, dir)};
    }
    String[] names = dir.list();
    if (names == null) {
      throw new IOException("cannot list " + f);
    }
    List<FileStatus> out = new ArrayList<>(names.length);
    for (String name : names) {
      try {
        out.add(status(new Path(f, name), new File(dir, name)));
      } catch (NoSuchFileException gone) {
        // Deleted while listing: not part of the listing.
      }
    }
    return out.toArray(new FileStatus[0]);
  }

  private FileStatus status(Path p, File file) throws IOException {
    PosixFileAttributes a = Files.readAttributes(file.toPath(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission perm : a.permissions()) {
      mode |= 1 << (8 - perm.ordinal());
    }
    return new FileStatus(a.size(), a.isDirectory(), 1, getDefaultBlockSize(p), a.lastModifiedTime().toMillis(),
        a.lastAccessTime().toMillis(), new FsPermission((short) mode), a.owner().getName(), a.group().getName(),
        makeQualified(p));
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return open(f, overwrite, permission);
  }

  /**
   * A new directory gets its permission from mkdir(2) itself (Hadoop creates it and then changes
   * its mode, a moment where it is open to all); parents are created as {@code mkdir -p} does.
   */
  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    java.nio.file.Path dir = pathToFile(f).toPath();
    if (permission == null || Files.isDirectory(dir)) {
      return permission == null ? mkdirs(f) : true;
    }
    java.nio.file.Path parent = dir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(perms(permission)));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new org.apache.hadoop.fs.FileAlreadyExistsException("not a directory: " + f);
      }
      return true;
    }
    // The umask may have taken bits the permission grants; giving them back only widens a narrower mode.
    Files.setPosixFilePermissions(dir, perms(permission));
    return true;
  }

  /** One chmod(2): without Hadoop's native library, Hadoop forks {@code chmod} for every call. */
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Files.setPosixFilePermissions(pathToFile(p).toPath(), perms(permission));
  }

  private static Set<PosixFilePermission> perms(FsPermission permission) {
    int mode = permission.toShort();
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        out.add(p);
      }
    }
    return out;
  }

  /** Hadoop's {@code create(path, overwrite)} arrives here, not in the overload with a permission. */
  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return open(f, overwrite);
  }

  /**
   * Both creates write through a file channel: Hadoop's FileOutputStream allocates and copies a
   * native buffer on every large write, which cost a third of the throughput of staging a GiB.
   */
  private FSDataOutputStream open(Path f, boolean overwrite) throws IOException {
    return open(f, overwrite, null);
  }

  /**
   * With a permission, the file is created with it by open(2) (so the umask can only narrow it)
   * and then set to it exactly, before anything is written: an existing file being overwritten
   * loses a wider mode before it gets new content.
   */
  private FSDataOutputStream open(Path f, boolean overwrite, FsPermission permission) throws IOException {
    java.nio.file.Path local = pathToFile(f).toPath();
    Path parent = f.getParent();
    if (parent != null && !mkdirs(parent)) {
      throw new IOException("cannot create directory " + parent);
    }
    Set<StandardOpenOption> options = overwrite
        ? EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)
        : EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    OutputStream out;
    try {
      out = permission == null
          ? Channels.newOutputStream(Files.newByteChannel(local, options))
          : Channels.newOutputStream(Files.newByteChannel(local, options,
              PosixFilePermissions.asFileAttribute(perms(permission))));
    } catch (FileAlreadyExistsException e) {
      throw new org.apache.hadoop.fs.FileAlreadyExistsException("File already exists: " + f);
    }
    if (permission != null) {
      try {
        Files.setPosixFilePermissions(local, perms(permission));
      } catch (IOException e) {
        out.close();
        throw e;
      }
    }
    // Small writes are buffered as Hadoop does; writes of a buffer or more go straight through.
    return new FSDataOutputStream(new java.io.BufferedOutputStream(out, 64 * 1024), statistics);
  }
}
