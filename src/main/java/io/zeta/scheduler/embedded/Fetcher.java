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

  /**
   * What one task's archives may expand to: {@code maxBytes} in all (the app's disk), and no
   * archive more than {@code maxRatio} times its own size once past {@code ratioFloorBytes}.
   * Mutable: it counts what the task's archives have written so far.
   */
  static final class Limits {
    final long maxBytes;
    final double maxRatio;
    final long ratioFloorBytes;
    final boolean fromAppDisk;
    long written;

    Limits(long maxBytes, double maxRatio, long ratioFloorBytes, boolean fromAppDisk) {
      this.maxBytes = maxBytes;
      this.maxRatio = maxRatio;
      this.ratioFloorBytes = ratioFloorBytes;
      this.fromAppDisk = fromAppDisk;
    }

    static Limits of(SandboxPolicy policy, AppSpec app) {
      return new Limits(policy.extractLimitBytes(app), policy.maxExpansionRatio(), policy.ratioFloorBytes(),
          app.disk() > 0);
    }

    static Limits defaults() {
      SandboxPolicy d = SandboxPolicy.defaults();
      return new Limits(d.defaultExtractLimitMb() * 1024 * 1024, d.maxExpansionRatio(), d.ratioFloorBytes(), false);
    }
  }

  static void fetchAll(List<Artifact> artifacts, Path sandbox) {
    fetchAll(artifacts, sandbox, Limits.defaults());
  }

  static void fetchAll(List<Artifact> artifacts, Path sandbox, Limits limits) {
    for (Artifact a : artifacts) {
      fetch(a, sandbox, limits);
    }
  }

  static void fetch(Artifact artifact, Path sandboxDir) {
    fetch(artifact, sandboxDir, Limits.defaults());
  }

  static void fetch(Artifact artifact, Path sandboxDir, Limits limits) {
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
      ArchiveExtractor.extract(target, format.get(), sandbox, limits);
    } else if (name.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      ArchiveExtractor.gunzip(target, limits);
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
