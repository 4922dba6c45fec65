package io.zeta.json;

/** One failed JSON Schema check: where in the instance (a JSON pointer, "" for the root) and what. */
public record SchemaViolation(String pointer, String message) {
  @Override
  public String toString() {
    return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
  }
}
