package io.zeta.catalog;

import io.zeta.ZetaException;
import java.util.List;

/** A package version that fails validation; carries every problem found, not just the first. */
public class InvalidPackageException extends ZetaException {
  private static final long serialVersionUID = 1L;
  private final transient List<PackageProblem> problems;

  public InvalidPackageException(List<PackageProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<PackageProblem> problems() {
    return problems;
  }

  private static String summary(List<PackageProblem> problems) {
    String first = problems.get(0).toString();
    return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more problems)";
  }
}
