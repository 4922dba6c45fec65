package io.zeta.catalog;

/**
 * Why one package version could not be used: the file, the JSON pointer inside it ("" when the
 * problem is the file as a whole) and a message.
 */
public record PackageProblem(String file, String pointer, String message) {
  @Override
  public String toString() {
    return file + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + message;
  }
}
