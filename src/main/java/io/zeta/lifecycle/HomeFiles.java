package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.Access;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The files of an instance's home on shared storage: names, sizes, owners and modes, breadth
 * first, at most {@link #MAX_ENTRIES} entries and {@link #MAX_DEPTH} levels. The home is the
 * tenant's to write, so a link found in it is listed as a link (its target named) and never
 * followed, and a home that is itself a link is refused. Reads only; needs the right to read the
 * role's status.
 */
public final class HomeFiles {
  public static final int MAX_ENTRIES = 1000;
  public static final int MAX_DEPTH = 8;
  private final Cluster cluster;

  public HomeFiles(Cluster cluster) {
    this.cluster = cluster;
  }

  /**
   * @param path relative to the home ("data/db")
   * @param link the link's target when the entry is a link (its size, owner and mode are then the link's target's, not shown)
   */
  public record Entry(String path, boolean directory, Optional<String> link, long size, long modified, String owner,
      String group, int mode) {}

  /** @param truncated whether entries were left out (over {@link #MAX_ENTRIES} or deeper than {@link #MAX_DEPTH}) */
  public record Listing(String home, List<Entry> entries, boolean truncated) {}

  public Listing run(String role, String id) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    cluster.access().require(Access.Action.STATUS, role);
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    Storage storage = cluster.storage();
    String home = entry.home();
    Optional<Storage.Link> planted = storage.firstLink(home);
    if (planted.isPresent()) {
      throw new ZetaException(planted.get().path() + " is a link (to " + planted.get().target() + "): the home of "
          + role + "/" + id + " is not listed through it", "run `zeta cluster doctor`", null);
    }
    List<Entry> out = new ArrayList<>();
    boolean truncated = false;
    Deque<String[]> todo = new ArrayDeque<>(); // {cluster path, path relative to the home, depth}
    todo.add(new String[] {home, "", "1"});
    while (!todo.isEmpty()) {
      String[] dir = todo.poll();
      int depth = Integer.parseInt(dir[2]);
      List<FileInfo> listed;
      try {
        listed = storage.list(dir[0]);
      } catch (java.nio.file.AccessDeniedException | org.apache.hadoop.security.AccessControlException e) {
        // A directory the server may not read (a task's own): listed, its content not.
        truncated = true;
        continue;
      }
      for (FileInfo f : listed) {
        if (out.size() >= MAX_ENTRIES) {
          return new Listing(home, out, true);
        }
        String rel = dir[1].isEmpty() ? f.name() : dir[1] + "/" + f.name();
        // The parents are not links (they were listed here), so a link found is this entry.
        Optional<Storage.Link> link = storage.firstLink(f.path());
        if (link.isPresent()) {
          out.add(new Entry(rel, false, Optional.of(link.get().target()), 0, f.modified(), "", "", 0));
          continue;
        }
        out.add(new Entry(rel, f.directory(), Optional.empty(), f.directory() ? 0 : f.length(), f.modified(), f.owner(),
            f.group(), f.mode()));
        if (f.directory()) {
          if (depth < MAX_DEPTH) {
            todo.add(new String[] {f.path(), rel, String.valueOf(depth + 1)});
          } else {
            truncated = true;
          }
        }
      }
    }
    return new Listing(home, out, truncated);
  }
}
