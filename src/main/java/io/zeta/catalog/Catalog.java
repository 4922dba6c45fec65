package io.zeta.catalog;

import io.zeta.ZetaException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Several repositories in priority order (first = highest). A name and version found in two
 * repositories resolves to the higher-priority one; "latest" is the highest releaseVersion.
 */
public final class Catalog {
  private final List<PackageRepository> repositories;

  public Catalog(List<PackageRepository> repositories) {
    this.repositories = List.copyOf(repositories);
  }

  public List<PackageRepository> repositories() {
    return repositories;
  }

  /** Every version of every package, each name+version once (from the highest-priority repository). */
  public List<PackageSummary> all() {
    Map<String, PackageSummary> seen = new LinkedHashMap<>();
    for (PackageRepository repo : repositories) {
      for (PackageSummary s : repo.packages()) {
        seen.putIfAbsent(s.name() + "\0" + s.version(), s);
      }
    }
    return new ArrayList<>(seen.values());
  }

  /**
   * The versions of one package in Cosmos's order: by repository priority, then newest release
   * first. The first is "latest": the highest releaseVersion of the highest-priority repository
   * that has the package (releaseVersions of different repositories are not comparable).
   */
  public List<PackageSummary> versions(String name) {
    List<PackageSummary> versions = all().stream().filter(s -> s.name().equals(name))
        .sorted(BY_PRIORITY_THEN_NEWEST.apply(this))
        .collect(Collectors.toList());
    if (versions.isEmpty()) {
      throw invalidOrUnknown(name);
    }
    return versions;
  }

  /** The named version, or the newest release when no version is given. */
  public PackageDefinition resolve(PackageRef ref) {
    List<PackageSummary> versions = versions(ref.name());
    PackageSummary chosen = ref.version()
        .map(v -> versions.stream().filter(s -> s.version().equals(v)).findFirst()
            .orElseThrow(() -> new ZetaException("package " + ref.name() + " has no version " + v
                + "; available: " + versions.stream().map(PackageSummary::version).distinct().collect(Collectors.joining(", ")))))
        .orElse(versions.get(0));
    return repository(chosen.repository()).load(chosen.name(), chosen.releaseVersion());
  }

  private static final java.util.function.Function<Catalog, Comparator<PackageSummary>> BY_PRIORITY_THEN_NEWEST =
      c -> Comparator.comparingInt((PackageSummary s) -> c.priority(s.repository()))
          .thenComparing(Comparator.comparingInt(PackageSummary::releaseVersion).reversed());

  /**
   * Search as Cosmos does: a query with {@code *} is an anchored wildcard pattern (case-sensitive,
   * as in Cosmos); otherwise a case-insensitive substring. Either is tried on the name, the
   * description and each tag of a package's latest version. Selected packages come first, then
   * by name.
   */
  public List<SearchResult> search(String query) {
    Map<String, List<PackageSummary>> byName = all().stream()
        .collect(Collectors.groupingBy(PackageSummary::name, LinkedHashMap::new, Collectors.toList()));
    java.util.function.Predicate<String> matches = matcher(query);
    List<SearchResult> results = new ArrayList<>();
    for (List<PackageSummary> versions : byName.values()) {
      versions.sort(BY_PRIORITY_THEN_NEWEST.apply(this));
      PackageSummary latest = versions.get(0);
      boolean hit = matches.test(latest.name()) || matches.test(latest.description())
          || latest.tags().stream().anyMatch(matches);
      if (hit) {
        Map<String, Integer> all = new LinkedHashMap<>();
        versions.forEach(v -> all.putIfAbsent(v.version(), v.releaseVersion()));
        results.add(new SearchResult(latest, all));
      }
    }
    results.sort(Comparator.comparing((SearchResult r) -> !r.latest().selected()).thenComparing(r -> r.latest().name()));
    return results;
  }

  /** One package in search results: its newest release and every version with its releaseVersion. */
  public record SearchResult(PackageSummary latest, Map<String, Integer> versions) {}

  static java.util.function.Predicate<String> matcher(String query) {
    if (query == null || query.isEmpty()) {
      return s -> true;
    }
    if (query.contains("*")) {
      StringBuilder regex = new StringBuilder("^");
      for (String part : query.split("\\*", -1)) {
        if (regex.length() > 1) {
          regex.append(".*");
        }
        regex.append(Pattern.quote(part));
      }
      Pattern p = Pattern.compile(regex.append("$").toString(), Pattern.DOTALL);
      return s -> s != null && p.matcher(s).matches();
    }
    String needle = query.toLowerCase(Locale.ROOT);
    return s -> s != null && s.toLowerCase(Locale.ROOT).contains(needle);
  }

  /** Problems of every repository, for reporting skipped packages. */
  public List<PackageProblem> problems() {
    List<PackageProblem> out = new ArrayList<>();
    repositories.forEach(r -> out.addAll(r.problems()));
    return out;
  }

  private PackageRepository repository(String name) {
    return repositories.stream().filter(r -> r.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no repository " + name));
  }

  private int priority(String repositoryName) {
    for (int i = 0; i < repositories.size(); i++) {
      if (repositories.get(i).name().equals(repositoryName)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** A package that exists only in broken versions is reported with why, not as unknown. */
  private ZetaException invalidOrUnknown(String name) {
    for (PackageRepository repo : repositories) {
      for (PackageListing l : repo.listing()) {
        if (!l.isValid() && name.equals(l.name())) {
          return new InvalidPackageException(l.problems());
        }
      }
    }
    return unknownPackage(name);
  }

  private ZetaException unknownPackage(String name) {
    if (repositories.isEmpty()) {
      return new ZetaException("no repositories configured, so package " + name + " cannot be found",
          "add one with `zeta package repo add NAME URI`, or pass --repo URI", null);
    }
    Optional<String> hint = similar(name);
    return new ZetaException("package " + name + " not found in " + repositories.stream().map(PackageRepository::name)
        .collect(Collectors.joining(", ")), hint.map(h -> "did you mean " + h + "?").orElse("see `zeta package search`"), null);
  }

  private Optional<String> similar(String name) {
    return all().stream().map(PackageSummary::name).distinct()
        .filter(n -> n.contains(name) || name.contains(n)).findFirst();
  }
}
