package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The agent's files are its user's alone: apps (with their env, secrets included), task records,
 * sandboxes and task output. Directories are 0700 and files 0600 from the moment they exist (the
 * mode is given to mkdir(2)/open(2), so no umask opens a window); one that exists is narrowed.
 */
public final class OwnerOnly {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /** Creates a directory (parents as mkdir -p) with mode 0700, or narrows an existing one to it. */
  public static Path directory(Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dir, attribute(DIR));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      Files.setPosixFilePermissions(dir, DIR);
    }
    return dir;
  }

  /** Creates an empty file with mode 0600 unless it exists, then makes sure it has that mode. */
  public static Path file(Path file) throws IOException {
    try {
      Files.createFile(file, attribute(FILE));
    } catch (FileAlreadyExistsException e) {
      Files.setPosixFilePermissions(file, FILE);
    }
    return file;
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
    return PosixFilePermissions.asFileAttribute(perms);
  }
}
