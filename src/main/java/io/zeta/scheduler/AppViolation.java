package io.zeta.scheduler;

/** One reason an app definition is refused: where (a JSON pointer, "" for the whole app) and why. */
public record AppViolation(String pointer, String message) {
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
