package io.zeta.lifecycle;

/** Reports long transfers; the CLI draws a bar on a terminal and stays quiet otherwise. */
public interface Progress {
  Progress NONE = new Progress() {};

  /** A transfer begins; {@code total} is -1 when unknown. */
  default void start(String what, long total) {}

  default void advance(long bytes) {}

  default void done() {}

  /** A one-line note ("staged hello 1.0.0"). */
  default void note(String message) {}

  /**
   * Where a long wait is ("/team1/web: step 1/1 StartApplication, 0/1 tasks running, 4 s"); called
   * at every poll, the newest replaces the one before.
   */
  default void waiting(String status) {}

  /** The wait reported with {@link #waiting} is over. */
  default void waited() {}
}
