package io.zeta.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small package repositories in Universe's directory layout for tests. */
public final class TestRepo {
  private final Path root;

  public TestRepo(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path dir(String name, int release) {
    return root.resolve(name.substring(0, 1).toUpperCase()).resolve(name).resolve(String.valueOf(release));
  }

  public TestRepo file(String name, int release, String file, String content) {
    try {
      Path p = dir(name, release).resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A minimal valid 3.0 package whose template interpolates a port option. */
  public TestRepo simple(String name, int release, String version) {
    file(name, release, "package.json", """
        {"packagingVersion": "3.0", "name": "%s", "version": "%s", "maintainer": "t@example.com",
         "description": "test package %s", "tags": ["test"]}""".formatted(name, version, name));
    file(name, release, "config.json", """
        {"type": "object", "additionalProperties": false,
         "properties": {"port": {"type": "integer", "default": 8080, "minimum": 1},
                        "name": {"type": "string", "default": "%s"}}}""".formatted(name));
    file(name, release, "marathon.json.mustache", """
        {"id": "{{name}}", "cmd": "serve --port {{port}}", "cpus": 0.1, "mem": 32, "instances": 1}""");
    return this;
  }
}
