package io.zeta.scheduler.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Mesos fetcher's rules: each artifact is copied into the sandbox under its URI's basename (or
 * {@code destPath}); then it is made executable (and not extracted), or extracted when it is an
 * archive, or gunzipped when it is a bare {@code .gz}, or left as it is. The first failure stops
 * the fetch.
 */
final class Fetcher {
  private Fetcher() {}

  static void fetchAll(List<Artifact> artifacts, Path sandbox) {
    for (Artifact a : artifacts) {
      fetch(a, sandbox);
    }
  }

  static void fetch(Artifact artifact, Path sandboxDir) {
    Path sandbox = sandboxDir.toAbsolutePath().normalize();
    Path target = outputPath(artifact, sandbox);
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new FetchException("cannot fetch " + artifact.uri() + ": " + e.getMessage(), e);
    }
    ArtifactSource.copy(artifact.uri(), target);
    String name = target.getFileName().toString();
    if (artifact.executable()) {
      try {
        Files.setPosixFilePermissions(target, ArchiveExtractor.permissions(0755));
      } catch (IOException e) {
        throw new FetchException("cannot make " + name + " executable: " + e.getMessage(), e);
      }
      return;
    }
    if (!artifact.extract()) {
      return;
    }
    Optional<ArchiveExtractor.Format> format = ArchiveExtractor.Format.of(name);
    if (format.isPresent()) {
      ArchiveExtractor.extract(target, format.get(), sandbox);
    } else if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      ArchiveExtractor.gunzip(target);
    }
  }

  private static Path outputPath(Artifact artifact, Path sandbox) {
    String name = artifact.destPath() != null ? artifact.destPath() : ArtifactSource.basename(artifact.uri());
    Path target = sandbox.resolve(name).normalize();
    if (Path.of(name).isAbsolute() || !target.startsWith(sandbox) || target.equals(sandbox)) {
      throw new FetchException("cannot fetch " + artifact.uri() + ": destPath " + name
          + " must be a file name inside the sandbox");
    }
    return target;
  }
}
