package io.zeta.catalog;

import java.util.List;

/** A source of packages: a Universe directory or a repository index. */
public interface PackageRepository {
  /** The name it was added under (or its URI when used ad hoc with --repo). */
  String name();

  /** The URI as given by the user; it becomes the DCOS_PACKAGE_SOURCE label. */
  String uri();

  /** Every package version found, valid or not, in the repository's order. */
  List<PackageListing> listing();

  /** Every valid package version. */
  default List<PackageSummary> packages() {
    return listing().stream().filter(PackageListing::isValid).map(PackageListing::summary).toList();
  }

  /** Why the invalid versions were skipped. */
  default List<PackageProblem> problems() {
    return listing().stream().flatMap(l -> l.problems().stream()).toList();
  }

  /** Loads and validates one version; throws {@link InvalidPackageException} if it is broken. */
  PackageDefinition load(String name, int releaseVersion);
}
