package io.zeta.cluster.volume;

/**
 * What a role directory holds and may hold. Space is what the quota counts: on HDFS the bytes of
 * every replica ({@code getQuotaUsage().getSpaceConsumed()}), on a POSIX mount the files' lengths.
 * The namespace counts files and directories, the directory itself included (as HDFS does).
 *
 * @param spaceQuota bytes, or -1 when there is none
 * @param namespaceQuota files and directories, or -1 when there is none
 */
public record Usage(String path, long spaceQuota, long spaceUsed, long namespaceQuota, long namespaceUsed) {
  public static final long NO_QUOTA = -1;

  public boolean hasSpaceQuota() {
    return spaceQuota >= 0;
  }

  public boolean hasNamespaceQuota() {
    return namespaceQuota >= 0;
  }
}
