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
}
