package io.zeta.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.Catalog;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRef;
import io.zeta.catalog.PackageSummary;
import io.zeta.cluster.Cluster;
import io.zeta.http.HttpError;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.json.Json;
import io.zeta.lifecycle.StageManifest;
import io.zeta.lifecycle.StagedPackages;
import io.zeta.render.Secrets;
import io.zeta.server.Packages;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /zeta/v1/catalog?q=}: the catalog page in one answer (search with {@code package search}'s
 * semantics, selected first; per package its icon's URL on this server, what it requires and
 * whether this cluster offers it). {@code GET /zeta/v1/catalog/{name}?version=}: the package page
 * (versions, maintainer, notes, the options schema with secret defaults masked, what it stages,
 * and the staged versions with their artifacts, sizes and digests).
 */
final class CatalogResource implements Resource {
  private final Packages packages;
  private final Optional<Cluster> cluster;
  private final Object lock = new Object();
  private Catalog listedFor;
  private List<ObjectNode> listing;

  CatalogResource(Packages packages, Optional<Cluster> cluster) {
    this.packages = packages;
    this.cluster = cluster;
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/catalog", request -> {
      String q = request.first("q").orElse("");
      Catalog catalog = packages.catalog();
      List<ObjectNode> all = listing(catalog);
      Set<String> names = new java.util.HashSet<>();
      for (Catalog.SearchResult r : catalog.search(q)) {
        names.add(r.latest().name());
      }
      ObjectNode doc = Json.object();
      ArrayNode caps = doc.putArray("capabilities");
      capabilities().forEach(caps::add);
      ArrayNode out = doc.putArray("packages");
      for (ObjectNode p : all) {
        if (names.contains(p.get("package").asText())) {
          out.add(p);
        }
      }
      doc.put("versions", catalog.all().size());
      return Response.json(200, doc);
    });
    routes.get("/zeta/v1/catalog/{name}", request -> {
      PackageDefinition def = resolve(request.param("name"), request.first("version"));
      return Response.json(200, page(def));
    });
  }

  void warm() {
    listing(packages.catalog());
  }

  /** One entry per package (its newest release), computed once per opened catalog. */
  private List<ObjectNode> listing(Catalog catalog) {
    synchronized (lock) {
      if (listedFor == catalog) {
        return listing;
      }
    }
    Set<String> offered = capabilities();
    List<ObjectNode> out = new ArrayList<>();
    for (Catalog.SearchResult r : catalog.search("")) {
      PackageSummary latest = r.latest();
      ObjectNode p = Json.object();
      p.put("package", latest.name());
      p.put("version", latest.version());
      p.put("description", latest.description());
      ArrayNode tags = p.putArray("tags");
      latest.tags().forEach(tags::add);
      p.put("selected", latest.selected());
      p.put("framework", latest.framework());
      p.put("versionCount", r.versions().size());
      p.put("icon", IconResource.url(latest.name(), latest.version()));
      List<String> requires = List.of();
      try {
        requires = catalog.resolve(new PackageRef(latest.name(), Optional.of(latest.version()))).zeta().requires();
      } catch (RuntimeException e) {
        p.put("problem", e.getMessage());
      }
      ArrayNode req = p.putArray("requires");
      requires.forEach(req::add);
      ArrayNode missing = p.putArray("missing");
      requires.stream().filter(c -> !offered.contains(c)).forEach(missing::add);
      p.put("runnable", latest.hasTemplate() && missing.isEmpty() && !p.has("problem"));
      out.add(p);
    }
    synchronized (lock) {
      listedFor = catalog;
      listing = List.copyOf(out);
      return listing;
    }
  }

  Set<String> capabilities() {
    return cluster.map(Cluster::capabilities).map(s -> (Set<String>) new TreeSet<>(s)).orElse(Set.of());
  }

  PackageDefinition resolve(String name, Optional<String> version) {
    Catalog catalog = packages.catalog();
    if (catalog.all().stream().noneMatch(s -> s.name().equals(name))) {
      throw HttpError.of(404, "package '" + name + "' is in no repository of this server; search the catalog");
    }
    if (version.isPresent() && catalog.versions(name).stream().noneMatch(s -> s.version().equals(version.get()))) {
      throw HttpError.of(404, "package '" + name + "' has no version '" + version.get() + "'");
    }
    return catalog.resolve(new PackageRef(name, version));
  }

  private ObjectNode page(PackageDefinition def) throws IOException {
    ObjectNode p = Json.object();
    ObjectNode pj = def.packageJson();
    p.put("package", def.name());
    p.put("version", def.version());
    p.put("releaseVersion", def.releaseVersion());
    p.put("description", def.description());
    for (String k : List.of("maintainer", "website", "scm", "preInstallNotes", "postInstallNotes",
        "postUninstallNotes")) {
      if (pj.hasNonNull(k)) {
        p.put(k, pj.get(k).asText());
      }
    }
    ArrayNode tags = p.putArray("tags");
    def.tags().forEach(tags::add);
    if (pj.get("licenses") instanceof ArrayNode l) {
      p.set("licenses", l);
    }
    p.put("selected", def.selected());
    p.put("icon", IconResource.url(def.name(), def.version()));
    ArrayNode versions = p.putArray("versions");
    for (PackageSummary s : packages.catalog().versions(def.name())) {
      versions.addObject().put("version", s.version()).put("releaseVersion", s.releaseVersion());
    }
    p.put("hasTemplate", def.marathonTemplate().isPresent());
    if (def.config().isPresent()) {
      p.set("config", Secrets.of(def).maskSchema(def.config().get()));
    }
    ObjectNode zeta = p.putObject("zeta");
    ArrayNode req = zeta.putArray("requires");
    def.zeta().requires().forEach(req::add);
    Set<String> offered = capabilities();
    ArrayNode missing = zeta.putArray("missing");
    def.zeta().requires().stream().filter(c -> !offered.contains(c)).forEach(missing::add);
    zeta.put("instancePolicy", def.zeta().instancePolicy().toString());
    zeta.put("recommendedBaseDir", def.zeta().recommendedBaseDir());
    ArrayNode artifacts = zeta.putArray("artifacts");
    def.zeta().artifacts().values().forEach(a -> {
      ObjectNode o = artifacts.addObject().put("alias", a.alias()).put("url", a.url());
      a.sha256().ifPresent(d -> o.put("sha256", d));
      a.size().ifPresent(sz -> o.put("size", sz));
    });
    p.set("staged", staged(def.name()));
    return p;
  }

  private JsonNode staged(String name) throws IOException {
    ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    if (cluster.isEmpty()) {
      return out;
    }
    for (StageManifest m : new StagedPackages(cluster.get().storage()).versions(name)) {
      ObjectNode s = out.addObject();
      s.put("version", m.version());
      s.put("releaseVersion", m.releaseVersion());
      s.put("stagedAt", m.stagedAt());
      s.put("stagedBy", m.stagedBy());
      s.put("source", m.source());
      ArrayNode a = s.putArray("artifacts");
      long total = 0;
      for (StageManifest.StagedArtifact x : m.artifacts()) {
        a.addObject().put("alias", x.alias()).put("origin", x.origin()).put("url", x.url()).put("file", x.file())
            .put("size", x.size()).put("sha256", x.sha256());
        total += x.size();
      }
      s.put("size", total);
      ObjectNode images = s.putObject("images");
      m.images().forEach(images::put);
    }
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
