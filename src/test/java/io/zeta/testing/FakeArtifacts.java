package io.zeta.testing;

import io.zeta.lifecycle.ArchiveInspector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small stand-ins for real artifacts, for a local mirror: an archive name gets a valid archive of
 * that type holding one file (staging checks archives), any other name a line of text.
 */
public final class FakeArtifacts {
  private FakeArtifacts() {}

  public static void write(Path file) throws IOException {
    String content = "fake artifact " + file.getFileName() + "\n";
    if (ArchiveInspector.type(file.getFileName().toString()).isPresent()) {
      Archives.write(file, List.of(Archives.Entry.file("README", content)));
    } else {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    }
  }
}
