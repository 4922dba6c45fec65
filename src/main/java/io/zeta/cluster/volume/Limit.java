package io.zeta.cluster.volume;

/**
 * One quota to apply to a directory: leave it as it is, remove it, or set it to a number (bytes
 * for space, files and directories for the namespace).
 */
public record Limit(Kind kind, long value) {
  public enum Kind {
    UNCHANGED, NONE, SET
  }

  public static final Limit UNCHANGED = new Limit(Kind.UNCHANGED, 0);
  public static final Limit NONE = new Limit(Kind.NONE, 0);

  public Limit {
    if (kind == Kind.SET && value < 1) {
      throw new IllegalArgumentException("a quota is at least 1: " + value);
    }
  }

  public static Limit of(long value) {
    return new Limit(Kind.SET, value);
  }

  public boolean changes() {
    return kind != Kind.UNCHANGED;
  }

  /** Whether a directory whose quota is {@code current} (-1: none) already has this limit. */
  public boolean matches(long current) {
    return switch (kind) {
      case UNCHANGED -> true;
      case NONE -> current < 0;
      case SET -> current == value;
    };
  }
}
