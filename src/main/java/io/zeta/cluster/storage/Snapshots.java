package io.zeta.cluster.storage;

import java.io.IOException;
import java.util.List;

/**
 * Read-only, point-in-time copies of a directory that the filesystem keeps itself (HDFS
 * snapshots): an optional capability of a {@link Storage} ({@link Storage#snapshots()}). A
 * snapshot's content is read through the ordinary calls at {@link #path}; it cannot change.
 */
public interface Snapshots {
  /**
   * Makes a directory snapshottable (HDFS: {@code allowSnapshot}, which needs the superuser);
   * nothing happens when it already is.
   */
  void allow(String dir) throws IOException;

  /** Creates a snapshot of a snapshottable directory. */
  void create(String dir, String name) throws IOException;

  /** Deletes a snapshot; nothing happens when it does not exist. */
  void delete(String dir, String name) throws IOException;

  /** The snapshots of a directory, by name (empty when it is not snapshottable). */
  List<String> list(String dir) throws IOException;

  /** Where a snapshot's content is read: {@code <dir>/.snapshot/<name>}. */
  default String path(String dir, String name) {
    return dir + "/.snapshot/" + name;
  }
}
