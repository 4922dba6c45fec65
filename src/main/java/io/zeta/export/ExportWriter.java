package io.zeta.export;

import io.zeta.ZetaException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes exported packages into a Universe directory {@code DIR/<L>/<name>/<releaseVersion>/}:
 * every package is built in a temporary directory inside DIR and renamed into place, so a crash
 * leaves either no export or a whole one. Refuses (before writing anything) a DIR or a layout
 * level that is a symbolic link or not a directory, and an existing release directory unless
 * {@code force}, in which case the old one is moved aside first and deleted after.
 */
public final class ExportWriter {
  private ExportWriter() {}

  /** Returns the release directories written. */
  public static List<Path> write(Path dir, List<UniverseExport.Exported> packages, boolean force) throws IOException {
    checkDir(dir, "--to " + dir);
    List<Path> targets = new ArrayList<>();
    for (UniverseExport.Exported p : packages) {
      Path letter = dir.resolve(p.name().substring(0, 1).toUpperCase(Locale.ROOT));
      Path name = letter.resolve(p.name());
      Path release = name.resolve(Integer.toString(p.releaseVersion()));
      for (Path level : List.of(letter, name)) {
        if (Files.exists(level, LinkOption.NOFOLLOW_LINKS)) {
          checkDir(level, dir.relativize(level).toString());
        }
      }
      if (Files.exists(release, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.isSymbolicLink(release) || !Files.isDirectory(release, LinkOption.NOFOLLOW_LINKS)) {
          throw new ZetaException(dir.relativize(release) + " in --to " + dir + " is not a directory (a link or a file)",
              "remove it or export somewhere else", null);
        }
        if (!force) {
          throw new ZetaException("--to " + dir + " already holds " + dir.relativize(release),
              "pass --force to replace it, or export somewhere else", null);
        }
      }
      targets.add(release);
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      UniverseExport.Exported p = packages.get(i);
      Path release = targets.get(i);
      Path tmp = Files.createTempDirectory(dir, ".zeta-tmp-export-");
      try {
        Path build = tmp.resolve("release");
        Files.createDirectory(build);
        for (Map.Entry<String, byte[]> f : p.files().entrySet()) {
          Files.write(build.resolve(f.getKey()), f.getValue());
        }
        Files.createDirectories(release.getParent());
        Path old = tmp.resolve("old");
        if (Files.exists(release, LinkOption.NOFOLLOW_LINKS)) {
          move(release, old);
        }
        move(build, release);
      } finally {
        deleteTree(tmp);
      }
      written.add(release);
    }
    return written;
  }

  private static void checkDir(Path path, String what) {
    if (Files.isSymbolicLink(path)) {
      throw new ZetaException(what + " is a symbolic link; the export writes only into real directories",
          "give the directory the link points to", null);
    }
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new ZetaException(what + " is not a directory", "give a directory (it is created if missing)", null);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      throw new ZetaException("cannot move " + from + " to " + to + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
