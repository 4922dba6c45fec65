package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Mesos fetcher rules, on archives made by Debian's tar, gzip, bzip2, xz and zip. */
class FetcherTest {
  @TempDir
  static Path shared;
  static Path content;
  static HttpServer http;

  @TempDir
  Path work;

  @BeforeAll
  static void makeContent() throws IOException {
    content = shared.resolve("content");
    Files.createDirectories(content.resolve("pkg/bin"));
    Files.writeString(content.resolve("pkg/bin/run.sh"), "#!/bin/sh\necho hello\n");
    Files.setPosixFilePermissions(content.resolve("pkg/bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(content.resolve("pkg/data.txt"), "data\n");
    Files.createSymbolicLink(content.resolve("pkg/current"), Path.of("bin"));
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> {
      Path file = shared.resolve(exchange.getRequestURI().getPath().substring(1));
      if (Files.isRegularFile(file)) {
        byte[] bytes = Files.readAllBytes(file);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      } else {
        exchange.sendResponseHeaders(404, -1);
      }
      exchange.close();
    });
    http.start();
  }

  @AfterAll
  static void stopServer() {
    http.stop(0);
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
  }

  private Path sandbox() throws IOException {
    return Files.createDirectories(work.resolve("sandbox"));
  }

  private static Path archive(String name) throws Exception {
    Path file = shared.resolve(name);
    if (Files.exists(file)) {
      return file;
    }
    String abs = file.toString();
    if (name.endsWith(".zip")) {
      run(content, "zip", "-q", "-r", "-y", abs, "pkg");
    } else {
      String flag = name.endsWith(".tar") ? "" : name.endsWith("gz") ? "z" : name.endsWith("bz2") ? "j" : "J";
      run(content, "tar", "-c" + flag + "f", abs, "pkg");
    }
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.tar", "a.tar.gz", "a.tgz", "a.tar.bz2", "a.tbz2", "a.tar.xz", "a.txz", "a.zip"})
  void extractsEveryArchiveTypeKeepingModesAndLinks(String name) throws Exception {
    Path sandbox = sandbox();
    Fetcher.fetch(new Artifact(archive(name).toUri().toString(), true, false, false, null), sandbox);
    assertThat(sandbox.resolve(name)).as("the archive stays").isRegularFile();
    assertThat(sandbox.resolve("pkg/data.txt")).hasContent("data");
    assertThat(Files.isExecutable(sandbox.resolve("pkg/bin/run.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(sandbox.resolve("pkg/current"))).isEqualTo(Path.of("bin"));
  }

  @Test
  void gunzipsABareGz() throws Exception {
    Path plain = shared.resolve("notes.txt");
    Files.writeString(plain, "compressed notes\n");
    run(shared, "gzip", "-kf", plain.toString());
    Path sandbox = sandbox();
    Fetcher.fetch(new Artifact(shared.resolve("notes.txt.gz").toString(), true, false, false, null), sandbox);
    assertThat(sandbox.resolve("notes.txt")).hasContent("compressed notes");
  }

  @Test
  void executableMeansChmodAndNoExtraction() throws Exception {
    Path sandbox = sandbox();
    Fetcher.fetch(new Artifact(archive("a.tgz").toString(), true, true, false, null), sandbox);
    assertThat(Files.getPosixFilePermissions(sandbox.resolve("a.tgz")))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(sandbox.resolve("pkg")).doesNotExist();
  }

  @Test
  void extractFalseOnlyCopies() throws Exception {
    Path sandbox = sandbox();
    Fetcher.fetch(new Artifact(archive("a.tgz").toString(), false, false, false, null), sandbox);
    assertThat(sandbox.resolve("a.tgz")).isRegularFile();
    assertThat(sandbox.resolve("pkg")).doesNotExist();
  }

  @Test
  void destPathRenamesAndDecidesOnExtraction() throws Exception {
    Path sandbox = sandbox();
    Fetcher.fetch(new Artifact(archive("a.tgz").toString(), true, false, false, "renamed.bin"), sandbox);
    assertThat(sandbox.resolve("renamed.bin")).isRegularFile();
    assertThat(sandbox.resolve("pkg")).doesNotExist();
    assertThatThrownBy(() -> Fetcher.fetch(new Artifact(archive("a.tgz").toString(), true, false, false, "../x"),
        sandbox)).isInstanceOf(FetchException.class).hasMessageContaining("must be a file name inside the sandbox");
  }

  @Test
  void downloadsOverHttpByBasename() throws Exception {
    Path sandbox = sandbox();
    archive("a.tar.gz");
    Fetcher.fetch(Artifact.fromLegacyUri("http://127.0.0.1:" + http.getAddress().getPort() + "/a.tar.gz"), sandbox);
    assertThat(sandbox.resolve("pkg/data.txt")).hasContent("data");
  }

  @Test
  void http404AndMissingFilesFail() throws Exception {
    Path sandbox = sandbox();
    String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/missing.tgz";
    assertThatThrownBy(() -> Fetcher.fetch(Artifact.fromLegacyUri(url), sandbox))
        .isInstanceOf(FetchException.class).hasMessage("cannot fetch " + url + ": HTTP 404");
    assertThat(sandbox.resolve("missing.tgz")).doesNotExist();
    assertThatThrownBy(() -> Fetcher.fetch(Artifact.fromLegacyUri("file:///no/such/file.txt"), sandbox))
        .isInstanceOf(FetchException.class).hasMessageContaining("no such file /no/such/file.txt");
    assertThatThrownBy(() -> Fetcher.fetch(Artifact.fromLegacyUri("relative/file.txt"), sandbox))
        .isInstanceOf(FetchException.class).hasMessageContaining("a relative path");
  }

  @Test
  void legacyUrisAreExtractedOnlyWhenMarathonWouldExtractThem() {
    assertThat(Artifact.fromLegacyUri("http://h/x.tar.gz").extract()).isTrue();
    assertThat(Artifact.fromLegacyUri("http://h/x.jar").extract()).isFalse();
    assertThat(ArtifactSource.basename("http://h/dir/x.tgz?v=1")).isEqualTo("x.tgz?v=1");
    assertThat(ArtifactSource.basename("/opt/x.tgz")).isEqualTo("x.tgz");
  }

  // --- archives that try to leave the sandbox

  private interface TarContent {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private Path tar(String name, TarContent body) throws IOException {
    Path file = work.resolve(name);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      body.write(tar);
    }
    return file;
  }

  private static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, true);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, type, true);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private void assertRefused(Path archive, String reason) throws IOException {
    Path sandbox = sandbox();
    assertThatThrownBy(() -> Fetcher.fetch(new Artifact(archive.toString(), true, false, false, null), sandbox))
        .isInstanceOf(FetchException.class).hasMessageContaining("refused to extract").hasMessageContaining(reason);
    assertThat(work.resolve("evil")).doesNotExist();
  }

  private List<String> sandboxFiles() throws IOException {
    try (Stream<Path> s = Files.list(work.resolve("sandbox"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void refusesDotDotEntriesBeforeWritingAnything() throws IOException {
    Path archive = tar("dotdot.tar", t -> {
      file(t, "good.txt", "fine");
      file(t, "../evil", "outside");
    });
    assertRefused(archive, "entry '../evil' climbs out of the sandbox");
    assertThat(sandboxFiles()).containsExactly("dotdot.tar");
  }

  @Test
  void refusesAbsoluteEntries() throws IOException {
    Path evil = work.resolve("evil");
    assertRefused(tar("abs.tar", t -> file(t, evil.toString(), "outside")), "has an absolute path");
  }

  @Test
  void refusesLinksPointingOutside() throws IOException {
    assertRefused(tar("up.tar", t -> link(t, "up", "../..", TarArchiveEntry.LF_SYMLINK)), "outside the sandbox");
    assertRefused(tar("etc.tar", t -> link(t, "passwd", "/etc/passwd", TarArchiveEntry.LF_SYMLINK)),
        "links to the absolute path /etc/passwd");
    assertRefused(tar("hard.tar", t -> link(t, "h", "../evil", TarArchiveEntry.LF_LINK)), "outside the sandbox");
  }

  @Test
  void refusesLinksThatLeaveThroughOtherLinks() throws IOException {
    // Each name stays inside on paper; "here" -> "." makes "here/../x" the sandbox's parent.
    Path archive = tar("chain.tar", t -> {
      link(t, "here", ".", TarArchiveEntry.LF_SYMLINK);
      link(t, "out", "here/../evil", TarArchiveEntry.LF_SYMLINK);
    });
    assertRefused(archive, "the link out leads outside the sandbox");
    assertThat(work.resolve("sandbox/out")).doesNotExist();
  }

  @Test
  void refusesWritingThroughALink() throws IOException {
    Path archive = tar("through.tar", t -> {
      link(t, "d", ".", TarArchiveEntry.LF_SYMLINK);
      file(t, "d/f.txt", "x");
    });
    assertRefused(archive, "entry 'd/f.txt' would be written through a link");
  }

  @Test
  void refusesZipEntriesThatClimbOut() throws IOException {
    Path zip = work.resolve("evil.zip");
    try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(zip)) {
      ZipArchiveEntry e = new ZipArchiveEntry("../evil");
      out.putArchiveEntry(e);
      out.write("x".getBytes(StandardCharsets.UTF_8));
      out.closeArchiveEntry();
    }
    assertRefused(zip, "entry '../evil' climbs out of the sandbox");
  }
}
