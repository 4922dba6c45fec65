package io.zeta.cluster.volume;

import io.zeta.cluster.storage.HadoopStorage;
import io.zeta.cluster.storage.InterceptingStorage;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.util.Optional;

/**
 * A role's directories as storage volumes: created, given quotas and measured through the
 * backend that owns them. The {@link Storage} driver reads and writes files; this is the part
 * of shared storage that isolates tenants from each other's growth.
 *
 * <ul>
 *   <li>{@link HdfsVolumes}: plain directories with HDFS name and space quotas
 *       ({@code DistributedFileSystem.setQuota}, {@code getQuotaUsage}).
 *   <li>{@link PosixVolumes}: plain directories on a POSIX mount or any other Hadoop filesystem;
 *       no quotas (they are refused with a reason), usage by walking the tree.
 *   <li>MapR (not built yet): a {@code MaprVolumes} would create a MapR volume per role
 *       directory ({@code maprcli volume create -name zeta.<role>.<base> -path /<base>/<role>},
 *       through the REST API's {@code /rest/volume/create}), set {@code quota}/{@code advisoryquota}
 *       with {@code /rest/volume/modify}, read usage from {@code /rest/volume/info}, and remove the
 *       volume in {@link #remove}. {@link #of} is where it is chosen, for {@code maprfs:} roots.
 * </ul>
 *
 * Paths are cluster paths ({@code /apps/team1}).
 */
public interface Volumes {
  /** The backend: "hdfs", "posix". */
  String kind();

  /** Empty when quotas can be set; otherwise why not, in one line. */
  Optional<String> quotaRefusal();

  /** Creates a role's directory in one base dir (for MapR: a volume mounted there). */
  void create(String path, int mode) throws IOException;

  /** Removes an empty role directory (for MapR: its volume). */
  void remove(String path) throws IOException;

  /** Sets or clears the quotas of a role directory; {@link Limit#UNCHANGED} leaves one as it is. */
  void setQuota(String path, Limit space, Limit namespace) throws IOException;

  /** The directory's quotas and what it holds. */
  Usage usage(String path) throws IOException;

  /**
   * The space a single file being written holds against a quota before its first byte lands
   * (HDFS: a whole block times its replicas); 0 where there is no such reservation. A space quota
   * below it refuses every write.
   */
  long writeReservation(String path) throws IOException;

  /** The backend of a cluster's storage. */
  static Volumes of(Storage storage) {
    Storage inner = storage;
    while (inner instanceof InterceptingStorage wrapper) {
      inner = wrapper.delegate();
    }
    if (inner instanceof HadoopStorage hadoop
        && hadoop.fileSystem() instanceof org.apache.hadoop.hdfs.DistributedFileSystem dfs) {
      return new HdfsVolumes(storage, dfs, hadoop::path);
    }
    if ("maprfs".equalsIgnoreCase(storage.scheme())) {
      // The place for MaprVolumes (see above); until then MapR directories are plain directories.
      return new PosixVolumes(storage, "quotas on MapR-FS need Zeta's MapR volume backend, which is not built yet; "
          + "set volume quotas with `maprcli volume modify` meanwhile");
    }
    return new PosixVolumes(storage, "quotas need HDFS (or MapR); this cluster is on " + storage.rootUri());
  }
}
