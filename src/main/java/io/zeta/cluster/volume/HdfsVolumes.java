package io.zeta.cluster.volume;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.QuotaUsage;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.apache.hadoop.security.AccessControlException;

/**
 * Role directories on HDFS: plain directories with the NameNode's quotas. A space quota counts
 * every replica's bytes; a namespace quota counts files and directories, the directory itself
 * included. Only the HDFS superuser may set quotas; everybody's writes are held to them.
 */
final class HdfsVolumes implements Volumes {
  private final Storage storage;
  private final DistributedFileSystem dfs;
  private final Function<String, Path> resolve;

  HdfsVolumes(Storage storage, DistributedFileSystem dfs, Function<String, Path> resolve) {
    this.storage = storage;
    this.dfs = dfs;
    this.resolve = resolve;
  }

  @Override
  public String kind() {
    return "hdfs";
  }

  @Override
  public Optional<String> quotaRefusal() {
    return Optional.empty();
  }

  @Override
  public void create(String path, int mode) throws IOException {
    storage.mkdirs(path, mode);
  }

  @Override
  public void remove(String path) throws IOException {
    storage.delete(path, false);
  }

  @Override
  public void setQuota(String path, Limit space, Limit namespace) throws IOException {
    if (!space.changes() && !namespace.changes()) {
      return;
    }
    try {
      dfs.setQuota(resolve.apply(path), hdfs(namespace), hdfs(space));
    } catch (AccessControlException e) {
      throw new ZetaException("cannot set the quota of " + path + ": HDFS allows only its superuser to set quotas ("
          + firstLine(e.getMessage()) + ")",
          "run the command as the HDFS superuser (the NameNode's user or a member of dfs.permissions.superusergroup)", e);
    }
  }

  private static long hdfs(Limit limit) {
    return switch (limit.kind()) {
      case UNCHANGED -> HdfsConstants.QUOTA_DONT_SET;
      case NONE -> HdfsConstants.QUOTA_RESET;
      case SET -> limit.value();
    };
  }

  @Override
  public Usage usage(String path) throws IOException {
    QuotaUsage q = dfs.getQuotaUsage(resolve.apply(path));
    return new Usage(path, q.getSpaceQuota() < 0 ? Usage.NO_QUOTA : q.getSpaceQuota(), q.getSpaceConsumed(),
        q.getQuota() < 0 ? Usage.NO_QUOTA : q.getQuota(), q.getFileAndDirectoryCount());
  }

  @Override
  public long writeReservation(String path) {
    Path p = resolve.apply(path);
    return dfs.getDefaultBlockSize(p) * dfs.getDefaultReplication(p);
  }

  private static String firstLine(String s) {
    String t = s == null ? "" : s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
