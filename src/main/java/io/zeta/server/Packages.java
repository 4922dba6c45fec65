package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.PackageSummary;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The served catalog: the cluster's repository list, opened into a {@link Catalog} that is kept
 * for a while (Cosmos keeps its package cache a minute) and dropped when the list changes here.
 */
public final class Packages {
  private final RepositoryList list;
  private final Path cacheDir;
  private final Duration ttl;
  private final Object lock = new Object();
  private Catalog catalog;
  private long openedAt;
  private java.util.Set<String> resourceUrls;

  public Packages(RepositoryList list, Path cacheDir, Duration ttl) {
    this.list = list;
    this.cacheDir = cacheDir;
    this.ttl = ttl;
  }

  public RepositoryList list() {
    return list;
  }

  /** The catalog (opened again once it is older than the time to live). */
  public Catalog catalog() {
    synchronized (lock) {
      long now = System.nanoTime();
      if (catalog == null || now - openedAt > ttl.toNanos()) {
        List<PackageRepository> repos = new ArrayList<>();
        for (RepositoryRef ref : list.list()) {
          repos.add(Repositories.open(ref, cacheDir));
        }
        catalog = new Catalog(repos);
        openedAt = now;
        resourceUrls = null;
      }
      return catalog;
    }
  }

  /** The URLs of the packages' resources, computed once per catalog. */
  java.util.Set<String> resourceUrls(java.util.function.Supplier<java.util.Set<String>> compute) {
    catalog();
    synchronized (lock) {
      if (resourceUrls == null) {
        resourceUrls = java.util.Set.copyOf(compute.get());
      }
      return resourceUrls;
    }
  }

  /** Drops the cached catalog: the next request reads the list again. */
  void invalidate() {
    synchronized (lock) {
      catalog = null;
    }
  }

  /** A package version, or Cosmos's {@code PackageNotFound} / {@code VersionNotFound}. */
  PackageDefinition resolve(String name, Optional<String> version) {
    Catalog c = catalog();
    List<PackageSummary> all = c.all().stream().filter(s -> s.name().equals(name)).toList();
    if (all.isEmpty()) {
      ObjectNode data = Json.object();
      data.put("packageName", name);
      throw CosmosError.of(400, "PackageNotFound", "Package [" + name + "] not found", data, Map.of());
    }
    if (version.isPresent() && all.stream().noneMatch(s -> s.version().equals(version.get()))) {
      ObjectNode data = Json.object();
      data.put("packageName", name);
      data.put("packageVersion", version.get());
      throw CosmosError.of(400, "VersionNotFound", "Version [" + version.get() + "] of package [" + name
          + "] not found", data, Map.of());
    }
    return c.resolve(new PackageRef(name, version));
  }

  /** Every version of a package, newest release first, or {@code PackageNotFound}. */
  List<PackageSummary> versions(String name) {
    resolveName(name);
    return catalog().versions(name);
  }

  private void resolveName(String name) {
    if (catalog().all().stream().noneMatch(s -> s.name().equals(name))) {
      ObjectNode data = Json.object();
      data.put("packageName", name);
      throw CosmosError.of(400, "PackageNotFound", "Package [" + name + "] not found", data, Map.of());
    }
  }
}
