package io.zeta.cluster.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's shared storage, as the few operations Zeta needs, on paths relative to the
 * cluster root ("/zeta/kstore/cluster.json"). The guarantees Zeta builds on are explicit:
 * {@link #createExclusive} is atomic (exactly one concurrent caller wins), {@link #rename} never
 * replaces, {@link #replace} swaps a file in one step. Everything else may be observed half done
 * after a crash, which is why mutating commands build aside and publish with one of those.
 */
public interface Storage extends Closeable {
  /** The cluster root URI. */
  String rootUri();

  /** The filesystem scheme: file, hdfs, maprfs, s3a... */
  String scheme();

  /** The fully qualified URI of a cluster path, as executors fetch it. */
  String uri(String path);

  boolean exists(String path) throws IOException;

  /** A symbolic link found on a path: its cluster path and what it points to. */
  record Link(String path, String target) {}

  /**
   * The first component of a path, below the cluster root, that is a symbolic link (checked
   * without following links), or empty; components that do not exist end the search. Writes into
   * an instance home check this first: a link a tenant planted must not redirect them.
   */
  Optional<Link> firstLink(String path) throws IOException;

  Optional<FileInfo> info(String path) throws IOException;

  /** The entries of a directory, sorted by name; empty when it does not exist. */
  List<FileInfo> list(String dir) throws IOException;

  byte[] read(String path) throws IOException;

  InputStream open(String path) throws IOException;

  /**
   * The {@code mode} of a file created without one: the filesystem's default (0666 less the
   * umask). Files that hold option values or credentials are created with an explicit mode.
   */
  int DEFAULT_MODE = -1;

  /**
   * Creates a directory and its parents and sets the mode on the directory itself. A directory
   * that did not exist is created with that mode (never wider, even for a moment).
   */
  void mkdirs(String path, int mode) throws IOException;

  /** Creates a file only if nothing is at that path; {@link AlreadyExistsException} otherwise. Atomic. */
  default void createExclusive(String path, byte[] content) throws IOException {
    createExclusive(path, content, DEFAULT_MODE);
  }

  /**
   * As {@link #createExclusive(String, byte[])}, the file created with {@code mode} (not
   * readable by anyone the mode excludes at any moment, whatever the umask).
   */
  void createExclusive(String path, byte[] content, int mode) throws IOException;

  /** A new file, replacing any; for content built aside (a stage, a temp file). */
  default OutputStream create(String path) throws IOException {
    return create(path, DEFAULT_MODE);
  }

  /** As {@link #create(String)}, the file created with {@code mode} before any byte is written. */
  OutputStream create(String path, int mode) throws IOException;

  /** Writes a whole file atomically: into a temp file beside it, then {@link #replace}. */
  default void write(String path, byte[] content) throws IOException {
    write(path, content, DEFAULT_MODE);
  }

  /** As {@link #write(String, byte[])}; the temp file is created with {@code mode}, so the published file has it. */
  void write(String path, byte[] content, int mode) throws IOException;

  /** Appends bytes to a file (created if missing) in one write, retrying while another writer holds it. */
  void append(String path, byte[] content) throws IOException;

  /** Renames; fails with {@link AlreadyExistsException} if the target exists. Callers hold a lock. */
  void rename(String from, String to) throws IOException;

  /** Renames a file over an existing one in one step. */
  void replace(String from, String to) throws IOException;

  /** Deletes; no error if nothing is there. */
  void delete(String path, boolean recursive) throws IOException;

  void setMode(String path, int mode) throws IOException;

  void setOwner(String path, String user, String group) throws IOException;

  /**
   * The filesystem's own snapshots of directories, where it has them (HDFS); empty otherwise
   * (file:), and callers then say that data is not snapshotted.
   */
  default java.util.Optional<Snapshots> snapshots() {
    return java.util.Optional.empty();
  }
}
