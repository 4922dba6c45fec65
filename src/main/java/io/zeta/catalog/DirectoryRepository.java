package io.zeta.catalog;

import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A repository in Universe's directory layout, {@code <L>/<name>/<releaseVersion>/}, optionally
 * below a {@code packages/} directory. Scanning validates every version; the results are cached
 * per version directory, keyed by the names, sizes and modification times of its files, so an
 * unchanged repository is listed without reading a single package file.
 */
public final class DirectoryRepository implements PackageRepository {
  private static final Pattern RELEASE = Pattern.compile("^(0|[1-9][0-9]{0,8})$");
  private static final int CACHE_FORMAT = 2;

  private final String name;
  private final String uri;
  private final Path root;
  private final List<PackageListing> listing = new ArrayList<>();
  private final Map<String, Path> versionDirs = new HashMap<>();

  private DirectoryRepository(String name, String uri, Path root) {
    this.name = name;
    this.uri = uri;
    this.root = root;
  }

  /**
   * Opens and scans a repository directory.
   *
   * @param cacheDir where to keep the scan cache, or null to scan without one
   */
  public static DirectoryRepository open(String name, String uri, Path dir, Path cacheDir) {
    if (!Files.isDirectory(dir)) {
      throw new ZetaException("repository " + uri + ": no such directory " + dir);
    }
    Path root = Files.isDirectory(dir.resolve("packages")) ? dir.resolve("packages") : dir;
    DirectoryRepository repo = new DirectoryRepository(name, uri, root.toAbsolutePath().normalize());
    repo.scan(cacheDir);
    return repo;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public List<PackageListing> listing() {
    return List.copyOf(listing);
  }

  @Override
  public PackageDefinition load(String packageName, int releaseVersion) {
    Path dir = versionDirs.get(key(packageName, releaseVersion));
    if (dir == null) {
      throw new ZetaException("repository " + uri + " has no release " + releaseVersion + " of " + packageName);
    }
    return loadDir(dir, releaseVersion);
  }

  private PackageDefinition loadDir(Path dir, int releaseVersion) {
    PackageFiles files = readFiles(dir);
    PackageDefinition def = PackageLoader.load(files, releaseVersion, dir.toUri(), uri);
    String dirName = dir.getParent().getFileName().toString();
    if (!def.name().equals(dirName)) {
      throw new InvalidPackageException(List.of(new PackageProblem(files.describe(PackageFiles.PACKAGE), "/name",
          "name \"" + def.name() + "\" does not match its directory " + dirName)));
    }
    return def;
  }

  /** Reads every regular file below a version directory (templates may sit in subdirectories). */
  static PackageFiles readFiles(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    try (var stream = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) stream::iterator) {
        if (Files.isRegularFile(p)) {
          files.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PackageFiles(dir.toString(), files);
  }

  private void scan(Path cacheDir) {
    Map<String, VersionDir> found = listVersionDirs();
    Path cacheFile = cacheDir == null ? null : cacheDir.resolve(cacheName());
    Map<String, CacheEntry> cached = readCache(cacheFile);
    Map<String, CacheEntry> fresh = new TreeMap<>();
    boolean changed = cached.size() != found.size();
    for (Map.Entry<String, VersionDir> e : found.entrySet()) {
      VersionDir vd = e.getValue();
      CacheEntry entry = cached.get(e.getKey());
      if (entry == null || !entry.stamp().equals(vd.stamp())) {
        entry = evaluate(vd);
        changed = true;
      }
      fresh.put(e.getKey(), entry);
      listing.add(entry.listing());
      if (entry.listing().isValid()) {
        versionDirs.put(key(entry.listing().name(), entry.listing().releaseVersion()), vd.dir());
      }
    }
    if (changed && cacheFile != null) {
      writeCache(cacheFile, fresh);
    }
  }

  private CacheEntry evaluate(VersionDir vd) {
    String dirName = vd.dir().getParent().getFileName().toString();
    String leaf = vd.dir().getFileName().toString();
    if (!RELEASE.matcher(leaf).matches()) {
      return new CacheEntry(vd.stamp(), new PackageListing(dirName, null, null, null, List.of(new PackageProblem(
          vd.dir().toString(), "", "directory name must be the package's releaseVersion, a non-negative integer"))));
    }
    int release = Integer.parseInt(leaf);
    try {
      PackageDefinition def = loadDir(vd.dir(), release);
      return new CacheEntry(vd.stamp(), PackageListing.valid(def.summary(name)));
    } catch (InvalidPackageException e) {
      return new CacheEntry(vd.stamp(), new PackageListing(dirName, versionOf(vd.dir()), release, null, e.problems()));
    } catch (ZetaException e) {
      return new CacheEntry(vd.stamp(), new PackageListing(dirName, versionOf(vd.dir()), release, null,
          List.of(new PackageProblem(vd.dir().toString(), "", e.getMessage()))));
    }
  }

  /** The version a broken package claims, if its package.json can be read at all. */
  private static String versionOf(Path dir) {
    try {
      var node = Json.MAPPER.readTree(dir.resolve(PackageFiles.PACKAGE).toFile());
      return node != null && node.path("version").isTextual() ? node.get("version").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private record VersionDir(Path dir, String stamp) {}

  /** Finds {@code <L>/<name>/<version>} directories and fingerprints their files in one walk. */
  private Map<String, VersionDir> listVersionDirs() {
    Map<String, StringBuilder> stamps = new LinkedHashMap<>();
    Map<String, Path> dirs = new HashMap<>();
    try {
      Files.walkFileTree(root, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), 16,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              int depth = root.relativize(d).getNameCount();
              String leaf = d.getFileName() == null ? "" : d.getFileName().toString();
              if (!d.equals(root) && leaf.startsWith(".")) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (depth == 3 && !d.equals(root)) {
                String rel = root.relativize(d).toString();
                stamps.put(rel, new StringBuilder());
                dirs.put(rel, d);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              Path rel = root.relativize(f);
              if (rel.getNameCount() > 3) {
                String key = rel.subpath(0, 3).toString();
                StringBuilder sb = stamps.get(key);
                if (sb != null) {
                  sb.append(rel.subpath(3, rel.getNameCount())).append('\0').append(attrs.size()).append('\0')
                      .append(attrs.lastModifiedTime().toMillis()).append('\n');
                }
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, VersionDir> out = new TreeMap<>();
    stamps.forEach((rel, sb) -> out.put(rel, new VersionDir(dirs.get(rel), sha256(sb.toString()))));
    return out;
  }

  record CacheEntry(String stamp, PackageListing listing) {}

  record CacheFile(int format, String code, String root, Map<String, CacheEntry> entries) {}

  /** Identifies the build that wrote a cache: results of another build's validation are not reused. */
  private static final String CODE_STAMP = codeStamp();

  private static String codeStamp() {
    try {
      Path code = Path.of(DirectoryRepository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path file = Files.isDirectory(code) ? code.resolve("io/zeta/catalog/PackageLoader.class") : code;
      return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private String cacheName() {
    return "dirrepo-" + sha256(root + "\0" + name + "\0" + uri).substring(0, 24) + ".json";
  }

  private Map<String, CacheEntry> readCache(Path file) {
    if (file == null) {
      return Map.of();
    }
    try {
      CacheFile c = Json.MAPPER.readValue(file.toFile(), CacheFile.class);
      if (c.format() == CACHE_FORMAT && CODE_STAMP.equals(c.code()) && root.toString().equals(c.root())
          && c.entries() != null) {
        return c.entries();
      }
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      return Map.of();
    } catch (IOException | RuntimeException e) {
      // A damaged cache is only a slower scan.
    }
    return Map.of();
  }

  private void writeCache(Path file, Map<String, CacheEntry> entries) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".cache", ".tmp");
      Files.write(tmp, Json.compact(new CacheFile(CACHE_FORMAT, CODE_STAMP, root.toString(), entries)).getBytes(StandardCharsets.UTF_8));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // The cache is an optimisation: failing to write it must not fail the command.
    }
  }

  private static String key(String name, int releaseVersion) {
    return name + "\0" + releaseVersion;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
