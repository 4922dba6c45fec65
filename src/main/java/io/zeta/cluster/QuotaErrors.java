package io.zeta.cluster;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import io.zeta.cluster.volume.QuotaSizes;
import io.zeta.cluster.volume.Usage;
import io.zeta.cluster.volume.Volumes;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A write that HDFS refused for a quota ({@code DSQuotaExceededException},
 * {@code NSQuotaExceededException}, possibly wrapped by the command that wrote) as one line that
 * names the role, the directory, its quota and what it holds, and says what to do. Whatever
 * command wrote has already undone its own writes (installs and stages build aside).
 */
public final class QuotaErrors {
  private static final Pattern SPACE = Pattern.compile("DiskSpace quota of (\\S+) is exceeded: quota = (\\d+) B.*?consumed = (\\d+) B");
  private static final Pattern NAMES = Pattern.compile("NameSpace quota \\(directories and files\\)(?: of directory (\\S+))? "
      + "is exceeded: quota=(\\d+) file count=(\\d+)");

  private QuotaErrors() {}

  /** The explanation when {@code e} (or one of its causes) is a quota refusal. */
  public static Optional<ZetaException> explain(Throwable e, Storage storage) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = quotaText(t);
      if (text == null) {
        continue;
      }
      Matcher space = SPACE.matcher(text);
      if (space.find()) {
        return Optional.of(space(storage, clusterPath(storage, space.group(1)), Long.parseLong(space.group(2)),
            Long.parseLong(space.group(3)), e));
      }
      Matcher names = NAMES.matcher(text);
      if (names.find()) {
        return Optional.of(names(storage, names.group(1) == null ? null : clusterPath(storage, names.group(1)),
            Long.parseLong(names.group(2)), e));
      }
    }
    return Optional.empty();
  }

  /** The message of a quota exception, local or still wrapped as the NameNode's RemoteException. */
  private static String quotaText(Throwable t) {
    if (t instanceof org.apache.hadoop.hdfs.protocol.QuotaExceededException) {
      return t.getMessage();
    }
    if (t instanceof org.apache.hadoop.ipc.RemoteException re && re.getClassName().endsWith("QuotaExceededException")) {
      return re.getMessage();
    }
    return null;
  }

  private static ZetaException space(Storage storage, String dir, long quota, long wanted, Throwable cause) {
    Optional<Usage> now = usage(storage, dir);
    long used = now.map(Usage::spaceUsed).orElse(0L);
    String role = role(dir);
    String needed = QuotaSizes.bytes(Math.max(0, wanted - used));
    String message = (role == null ? "" : "role " + role + ": ") + "space quota exceeded on " + dir + ": quota "
        + QuotaSizes.bytes(quota) + ", used " + QuotaSizes.bytes(used) + ", the write needed " + needed + " more"
        + " (HDFS counts every replica and reserves a whole block for a file being written)";
    long suggested = Math.max(quota * 2, wanted + wanted / 4);
    String hint = role == null
        ? "free space in " + dir + " or ask the HDFS administrator to raise its quota"
        : "free space in " + dir + ", or raise the quota: `zeta role set " + role + " --space-quota "
            + baseOf(dir) + "=" + QuotaSizes.spaceInput(suggested) + "`";
    return new ZetaException(message, hint, cause);
  }

  private static ZetaException names(Storage storage, String dir, long quota, Throwable cause) {
    Optional<Usage> now = dir == null ? Optional.empty() : usage(storage, dir);
    String role = dir == null ? null : role(dir);
    String message = (role == null ? "" : "role " + role + ": ") + "namespace quota exceeded on "
        + (dir == null ? "a directory" : dir) + ": quota " + quota + " files and directories, used "
        + now.map(u -> String.valueOf(u.namespaceUsed())).orElse(String.valueOf(quota));
    String hint = role == null
        ? "remove files there or ask the HDFS administrator to raise its quota"
        : "remove files in " + dir + ", or raise the quota: `zeta role set " + role + " --namespace-quota "
            + baseOf(dir) + "=" + (quota * 2) + "`";
    return new ZetaException(message, hint, cause);
  }

  private static Optional<Usage> usage(Storage storage, String dir) {
    try {
      return Optional.of(Volumes.of(storage).usage(dir));
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The NameNode names the directory by its full path; below the cluster root it is a cluster path. */
  static String clusterPath(Storage storage, String hdfsPath) {
    String rootPath = URI.create(storage.rootUri()).getPath().replaceAll("/+$", "");
    if (!rootPath.isEmpty() && hdfsPath.startsWith(rootPath + "/")) {
      return hdfsPath.substring(rootPath.length());
    }
    return hdfsPath; // a quota an administrator set above the cluster root: named as HDFS names it
  }

  /** The role of a role directory "/apps/R", or null for any other directory. */
  private static String role(String dir) {
    String[] parts = dir.split("/");
    return parts.length == 3 && Names.BASE_DIRS.contains(parts[1]) ? parts[2] : null;
  }

  private static String baseOf(String dir) {
    return dir.split("/")[1];
  }
}
