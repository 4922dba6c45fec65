package io.zeta.catalog;

import io.zeta.ZetaException;
import io.zeta.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A repository in Universe's directory layout, {@code <L>/<name>/<releaseVersion>/}, optionally
 * below a {@code packages/} directory. Scanning validates every version; the results are cached
 * per version directory, keyed by the names, sizes and modification times of its files, so an
 * unchanged repository is listed without reading a single package file. On top of that cache, a
 * {@link SearchIndex} of the whole listing, valid for exactly those stamps, is read
 * without parsing JSON: a catalog command over an unchanged repository costs one walk of its
 * file names and one small file.
 */
public final class DirectoryRepository implements PackageRepository {
  private static final Pattern RELEASE = Pattern.compile("^(0|[1-9][0-9]{0,8})$");
  private static final int CACHE_FORMAT = 3;

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
    // The operator chose the directory, so a link to it is followed; below it nothing is.
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      throw new ZetaException("repository " + uri + ": cannot read " + dir + ": " + e.getMessage());
    }
    Path packages = real.resolve("packages");
    if (Files.isSymbolicLink(packages)) {
      throw new ZetaException("repository " + uri + ": " + packages + " is a symbolic link; links inside a repository "
          + "are refused, so that its packages can only read their own files", "use the link's target as the repository", null);
    }
    Path root = Files.isDirectory(packages, LinkOption.NOFOLLOW_LINKS) ? packages : real;
    DirectoryRepository repo = new DirectoryRepository(name, uri, root);
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

  /**
   * Reads every file below a version directory (templates may sit in subdirectories). Only
   * regular files and directories are read, never through a link: a symbolic link, a hard link
   * (a regular file with more than one name), a FIFO, a socket or a device makes the package
   * invalid, each named with why, so a package can only ever read its own files.
   */
  static PackageFiles readFiles(Path dir) {
    Map<String, byte[]> files = new TreeMap<>();
    List<PackageProblem> problems = new ArrayList<>();
    try {
      Files.walkFileTree(dir, java.util.EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              String refused = refusedType(f, attrs);
              if (refused != null) {
                problems.add(new PackageProblem(f.toString(), "", refused));
              } else {
                byte[] bytes;
                try (var in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                  bytes = in.readAllBytes();
                }
                // Checked again after reading: a file replaced or linked meanwhile is not this package's.
                BasicFileAttributes after = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String now = refusedType(f, after);
                if (now != null || !java.util.Objects.equals(attrs.fileKey(), after.fileKey())) {
                  problems.add(new PackageProblem(f.toString(), "", now != null ? now : "changed while it was read"));
                } else {
                  files.put(dir.relativize(f).toString(), bytes);
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              problems.add(new PackageProblem(f.toString(), "", "cannot be read: " + e.getMessage()));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new ZetaException("cannot read package directory " + dir + ": " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new InvalidPackageException(problems);
    }
    return new PackageFiles(dir.toString(), files);
  }

  /**
   * Why an entry of a repository may not be read, or null for a regular file with one name or a
   * directory. Checked without following links.
   */
  static String refusedType(Path p, BasicFileAttributes basic) throws IOException {
    if (basic.isSymbolicLink()) {
      String target;
      try {
        target = Files.readSymbolicLink(p).toString();
      } catch (IOException | UnsupportedOperationException e) {
        target = "?";
      }
      return "is a symbolic link (to " + target + "); " + ONLY_OWN_FILES;
    }
    Map<String, Object> unix;
    try {
      unix = Files.readAttributes(p, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
      return basic.isOther() ? "is not a regular file or directory; " + ONLY_OWN_FILES : null;
    }
    int type = ((Integer) unix.get("mode")) & 0170000;
    String kind = switch (type) {
      case 0100000, 0040000 -> null;
      case 0010000 -> "a FIFO";
      case 0140000 -> "a socket";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      default -> "not a regular file";
    };
    if (kind != null) {
      return "is " + kind + "; " + ONLY_OWN_FILES;
    }
    int links = (Integer) unix.get("nlink");
    if (type == 0100000 && links > 1) {
      return "is a hard link (" + links + " names for one file); " + ONLY_OWN_FILES;
    }
    return null;
  }

  private static final String ONLY_OWN_FILES =
      "a package may only hold regular files and directories, so that it can only read its own files";

  private void scan(Path cacheDir) {
    Map<String, PackageListing> refused = new TreeMap<>();
    Map<String, VersionDir> found = listVersionDirs(refused);
    Map<String, String> stamps = new TreeMap<>();
    // The index is checked against the walk's text itself; a version's own hash (the scan cache's
    // key) is only computed when the index does not match (324 digests took a tenth of a search).
    found.forEach((rel, vd) -> stamps.put(rel, vd.files()));
    refused.forEach((rel, l) -> stamps.put(rel, "refused\0" + l.problems()));
    byte[] walk = SearchIndex.walk(stamps);
    Path indexFile = cacheDir == null ? null : cacheDir.resolve(cacheName().replace("dirrepo-", "index-").replace(".json", ".bin"));
    // The fast path: an index built from exactly these files, read without parsing JSON.
    List<SearchIndex.Entry> indexed = indexFile == null ? null
        : SearchIndex.read(indexFile, CODE_STAMP, identity(), walk);
    if (indexed != null && matchesWalk(indexed, found, refused)) {
      for (SearchIndex.Entry e : indexed) {
        listing.add(e.listing());
        if (e.listing().isValid() && !e.dir().isEmpty()) {
          versionDirs.put(key(e.listing().name(), e.listing().releaseVersion()), root.resolve(e.dir()));
        }
      }
      return;
    }
    Path cacheFile = cacheDir == null ? null : cacheDir.resolve(cacheName());
    Map<String, CacheEntry> cached = readCache(cacheFile);
    Map<String, CacheEntry> fresh = new TreeMap<>();
    List<SearchIndex.Entry> entries = new ArrayList<>();
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
      entries.add(new SearchIndex.Entry(e.getKey(), entry.listing()));
      if (entry.listing().isValid()) {
        versionDirs.put(key(entry.listing().name(), entry.listing().releaseVersion()), vd.dir());
      }
    }
    listing.addAll(refused.values());
    refused.values().forEach(l -> entries.add(new SearchIndex.Entry("", l)));
    if (changed && cacheFile != null) {
      writeCache(cacheFile, fresh);
    }
    if (indexFile != null) {
      SearchIndex.write(indexFile, CODE_STAMP, identity(), walk, entries);
    }
  }

  /**
   * Whether an index read back describes exactly the directories of this walk: one entry per
   * version directory (a valid one named and numbered as its directory) and one per refused
   * entry. An index edited with its checksum made to fit, or another repository's, is not used:
   * the repository is scanned and the index written again.
   */
  private static boolean matchesWalk(List<SearchIndex.Entry> entries, Map<String, VersionDir> found,
      Map<String, PackageListing> refused) {
    if (entries.size() != found.size() + refused.size()) {
      return false;
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    int unplaced = 0;
    for (SearchIndex.Entry e : entries) {
      PackageListing l = e.listing();
      if (e.dir().isEmpty()) {
        if (l.isValid()) {
          return false;
        }
        unplaced++;
        continue;
      }
      VersionDir vd = found.get(e.dir());
      if (vd == null || !seen.add(e.dir())) {
        return false;
      }
      if (l.isValid() && (!l.name().equals(vd.dir().getParent().getFileName().toString())
          || !String.valueOf(l.releaseVersion()).equals(vd.dir().getFileName().toString())
          || !l.summary().name().equals(l.name()) || l.summary().releaseVersion() != l.releaseVersion())) {
        return false;
      }
    }
    return unplaced == refused.size();
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
    Path file = dir.resolve(PackageFiles.PACKAGE);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (refusedType(file, attrs) != null || attrs.size() > Json.Limits.MAX_PACKAGE_FILE_BYTES) {
        return null;
      }
      byte[] bytes;
      try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readAllBytes();
      }
      var node = Json.parseUntrustedObject(bytes, file.toString());
      return node.path("version").isTextual() ? node.get("version").asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A version directory and the text of its walk: every file's name, size, modification time, type and link count. */
  private record VersionDir(Path dir, String files) {
    /** The scan cache's key for this version: a hash of {@link #files}. */
    String stamp() {
      return sha256(files);
    }
  }

  /** Below this depth nothing is descended into (a directory there is stamped as an entry). */
  private static final int MAX_DEPTH = 16;

  /**
   * Finds {@code <L>/<name>/<version>} directories and fingerprints their files in one walk.
   * Links and special files where a directory of the layout belongs go to {@code refused}: the
   * walk never follows a link, so what they point to is never read. Hidden directories are
   * skipped. The walk is every catalog command's freshness check, so it is hand-made rather than
   * {@code Files.walkFileTree}: one {@code lstat} per entry gives the type, size, modification
   * time and link count at once (the tree walker's lstat and a second one for the link count
   * took twice the system calls), and relative paths are built as strings on the way down
   * instead of relativized back from absolute ones (a third of the walk's CPU).
   */
  private Map<String, VersionDir> listVersionDirs(Map<String, PackageListing> refused) {
    Map<String, VersionDir> out = new TreeMap<>();
    walk(root, "", 0, null, out, refused);
    return out;
  }

  /**
   * Visits the directory {@code dir}, {@code rel} below the root and {@code depth} deep, whose
   * entries go into {@code version}'s stamp when it lies inside a version directory. A directory
   * that cannot be opened is refused, a hidden one skipped, one at depth 3 a version directory.
   */
  private void walk(Path dir, String rel, int depth, StringBuilder version, Map<String, VersionDir> out,
      Map<String, PackageListing> refused) {
    java.nio.file.DirectoryStream<Path> entries;
    try {
      entries = Files.newDirectoryStream(dir);
    } catch (IOException e) {
      if (depth == 0) {
        throw new UncheckedIOException(e);
      }
      refuseUnreadable(dir, rel, e, refused);
      return;
    }
    try (entries) {
      if (depth > 0 && dir.getFileName().toString().startsWith(".")) {
        return;
      }
      StringBuilder stamp = depth == 3 ? new StringBuilder() : version;
      for (Path f : entries) {
        String leaf = f.getFileName().toString();
        String fRel = depth == 0 ? leaf : rel + "/" + leaf;
        Stat st;
        try {
          st = Stat.of(f);
        } catch (IOException e) {
          refuseUnreadable(f, fRel, e, refused);
          continue;
        }
        if (st.directory() && depth + 1 < MAX_DEPTH) {
          walk(f, fRel, depth + 1, stamp, out, refused);
        } else if (depth + 1 > 3) {
          // Inside a version directory: the type and link count are part of the stamp, so a file
          // turned into a link is checked again.
          if (stamp != null) {
            stamp.append(fRel, nthSlash(fRel, 3) + 1, fRel.length()).append('\0').append(st.size()).append('\0')
                .append(st.modified()).append('\0').append(st.typeStamp()).append('\n');
          }
        } else if (!leaf.startsWith(".") && (st.link() || st.other())) {
          BasicFileAttributes attrs = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          String why = refusedType(f, attrs);
          String[] parts = fRel.split("/");
          String pkgName = parts.length >= 2 ? parts[1] : null;
          Integer release = parts.length == 3 && RELEASE.matcher(parts[2]).matches() ? Integer.valueOf(parts[2]) : null;
          refused.put(fRel, new PackageListing(pkgName, null, release, null,
              List.of(new PackageProblem(f.toString(), "", why + " (where the repository layout expects a directory)"))));
        }
      }
      if (depth == 3) {
        out.put(rel, new VersionDir(dir, stamp.toString()));
      }
    } catch (java.nio.file.DirectoryIteratorException e) {
      throw new UncheckedIOException(e.getCause());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void refuseUnreadable(Path f, String rel, IOException e, Map<String, PackageListing> refused) {
    int slash = rel.indexOf('/');
    String pkgName = null;
    if (slash >= 0) {
      int next = rel.indexOf('/', slash + 1);
      pkgName = rel.substring(slash + 1, next < 0 ? rel.length() : next);
    }
    refused.put(rel, new PackageListing(pkgName, null, null, null,
        List.of(new PackageProblem(f.toString(), "", "cannot be read: " + e.getMessage()))));
  }

  private static int nthSlash(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf('/', at + 1);
    }
    return at;
  }

  /** One entry's lstat: type, size, modification time and link count (-1 without a unix view). */
  private record Stat(boolean directory, boolean link, boolean other, long size, long modified, int links) {
    private static final String UNIX = "unix:mode,nlink,size,lastModifiedTime";

    static Stat of(Path p) throws IOException {
      Map<String, Object> unix;
      try {
        unix = Files.readAttributes(p, UNIX, LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
        BasicFileAttributes b = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new Stat(b.isDirectory(), b.isSymbolicLink(), b.isOther(), b.size(), b.lastModifiedTime().toMillis(), -1);
      }
      int type = ((Integer) unix.get("mode")) & 0170000;
      return new Stat(type == 0040000, type == 0120000, type != 0040000 && type != 0120000 && type != 0100000,
          (Long) unix.get("size"), ((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime")).toMillis(),
          (Integer) unix.get("nlink"));
    }

    /** The stamp's type field: "x" for what a package may not hold, else "f" and the link count. */
    String typeStamp() {
      return link || other ? "x" : links < 0 ? "f" : "f" + links;
    }
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

  /** What the cache files belong to: the root, and the name and URI the listing's summaries carry. */
  private String identity() {
    return root + "\0" + name + "\0" + uri;
  }

  /**
   * The scan cache's file name. Not a SHA-256: that loads and sets up the security providers
   * (a tenth of a search); both files record {@link #identity} and are checked against it, so two
   * repositories whose file names collide only take turns.
   */
  private String cacheName() {
    byte[] id = identity().getBytes(StandardCharsets.UTF_8);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(id);
    java.util.zip.Adler32 adler = new java.util.zip.Adler32();
    adler.update(id);
    return "dirrepo-" + HexFormat.of().toHexDigits(crc.getValue() << 32 | adler.getValue()) + HexFormat.of().toHexDigits(id.length)
        + ".json";
  }

  private Map<String, CacheEntry> readCache(Path file) {
    if (file == null) {
      return Map.of();
    }
    try {
      CacheFile c = Json.MAPPER.readValue(file.toFile(), CacheFile.class);
      if (c.format() == CACHE_FORMAT && CODE_STAMP.equals(c.code()) && identity().equals(c.root())
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
      Files.write(tmp, Json.compact(new CacheFile(CACHE_FORMAT, CODE_STAMP, identity(), entries)).getBytes(StandardCharsets.UTF_8));
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
