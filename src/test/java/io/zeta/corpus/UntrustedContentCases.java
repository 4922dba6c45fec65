package io.zeta.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a package may not do with its content: read through links or special files, read files
 * with partials, name paths Zeta could mistake for its own, or exhaust the machine; and text with
 * control characters, which an error must not print raw.
 */
final class UntrustedContentCases {
  private UntrustedContentCases() {}

  static void add(Corpus c, Path outside) {
    links(c, outside);
    partials(c, outside);
    bombs(c);
    names(c);
  }

  private static void links(Corpus c, Path outside) {
    String cat = PackageFileCases.CATEGORY;
    String pkg = c.simple("ln");
    link(c.dir(pkg).resolve("notes.txt"), outside);
    c.stage(cat, "a symbolic link to a file outside", pkg, "is a symbolic link", null);
    pkg = c.simple("ln");
    link(c.dir(pkg).resolve("environ"), Path.of("/proc/self/environ"));
    c.stage(cat, "a symbolic link to /proc/self/environ", pkg, "is a symbolic link", null);
    pkg = c.simple("ln");
    try {
      Files.delete(c.dir(pkg).resolve("config.json"));
      Files.createSymbolicLink(c.dir(pkg).resolve("config.json"), outside);
      Files.createLink(c.dir(pkg).resolve("hard.txt"), outside);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.stage(cat, "config.json a symbolic link, and a hard link", pkg, "is a", null);
    pkg = c.simple("ln");
    try {
      Files.createLink(c.dir(pkg).resolve("hard.txt"), outside);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    c.stage(cat, "a hard link to a file outside", pkg, "is a hard link", null);
    pkg = c.simple("ln");
    link(c.dir(pkg).resolve("templates"), outside.getParent());
    c.stage(cat, "a symbolic link to a directory outside", pkg, "is a symbolic link", null);
    pkg = c.simple("ln");
    try {
      if (new ProcessBuilder("mkfifo", c.dir(pkg).resolve("pipe").toString()).start().waitFor() != 0) {
        throw new IllegalStateException("mkfifo failed");
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("mkfifo", e);
    }
    c.stage(cat, "a FIFO", pkg, "is a FIFO", null);
    pkg = c.withFile("ln", "a:b.txt", "x");
    c.stage(cat, "a file name that cannot be a URI path ('a:b.txt')", pkg, "file name may only hold", null);
  }

  private static void link(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {{>name}} (and {{<name}}) would read a file: refused in every template a package has. */
  private static void partials(Corpus c, Path outside) {
    String cat = PackageFileCases.CATEGORY;
    for (String tag : List.of("{{>" + outside + "}}", "{{>config.json}}", "{{<" + outside + "}}{{/" + outside + "}}")) {
      String text = "{\"id\": \"x\", \"cmd\": \"" + tag + "\"}";
      c.stage(cat, "marathon.json.mustache: partial " + tag.substring(0, 3), c.withFile("pt", "marathon.json.mustache", text),
          "marathon.json.mustache", text);
    }
    String zeta = "{\"zetaVersion\": \"1\", \"env\": {\"LEAK\": \"{{>" + outside + "}}\"}}";
    c.stage(ZetaJsonCases.CATEGORY, "a partial in an env value", c.withFile("pt", "zeta.json", zeta), "zeta.json/env/LEAK", zeta);
    zeta = "{\"zetaVersion\": \"1\", \"configFiles\": [{\"content\": \"{{>" + outside + "}}\", \"target\": \"a\"}]}";
    c.stage(ZetaJsonCases.CATEGORY, "a partial in a config file", c.withFile("pt", "zeta.json", zeta), "zeta.json", zeta);
    zeta = "{\"zetaVersion\": \"1\", \"apps\": [{\"name\": \"a\", \"template\": \"marathon.json.mustache\", \"copies\": \"{{>"
        + outside + "}}\"}]}";
    c.stage(ZetaJsonCases.CATEGORY, "a partial in copies", c.withFile("pt", "zeta.json", zeta), "zeta.json", zeta);
  }

  /** Nesting, size and expansion beyond Zeta's limits (docs/PACKAGE-FORMAT.md "Limits and refused files"). */
  private static void bombs(Corpus c) {
    String cat = PackageFileCases.CATEGORY;
    String deep = "{\"type\": \"object\", \"properties\": {\"a\": " + "{\"type\": \"object\", \"properties\": {\"a\": ".repeat(40)
        + "{}" + "}}".repeat(40) + "}}";
    c.stage(cat, "config.json nested 80 levels", c.withFile("bb", "config.json", deep), "nested deeper than 64 levels", null);
    String big = "{\"packagingVersion\": \"3.0\", \"x\": \"" + "a".repeat(4 << 20) + "\"}";
    c.stage(cat, "package.json over 4 MiB", c.withFile("bb", "package.json", big), "at most 4194304", null);
    // 10^9 iterations of a list option's default: refused as it renders, at install.
    String pkg = c.withFile("bb", "config.json", "{\"type\": \"object\", \"properties\": {\"l\": {\"type\": \"array\", \"default\": ["
        + "1,".repeat(999) + "1]}}}");
    c.withFileOf(pkg, "marathon.json.mustache", "{\"id\": \"x\", \"cmd\": \"{{#l}}{{#l}}{{#l}}xxxxxxxx{{/l}}{{/l}}{{/l}}\"}");
    c.prestage(pkg);
    c.install(cat, "a template that expands beyond 16 MiB", pkg, "template refused", null);
    String opts = OptionCases.CATEGORY;
    Path deepOptions = c.file("options/deep.json", "{\"a\": ".repeat(70) + "1" + "}".repeat(70));
    c.install(opts, "options file nested 70 levels", Corpus.GOOD, "nested deeper than", null, "--options", deepOptions.toString());
    Path bigOptions = c.file("options/big.json", "{\"name\": \"" + "a".repeat(5 << 20) + "\"}");
    c.install(opts, "options file over 4 MiB", Corpus.GOOD, "at most", null, "--options", bigOptions.toString());
    c.install(opts, "options file /dev/zero", Corpus.GOOD, "/dev/zero", null, "--options", "/dev/zero");
    c.install(opts, "--set value over 4 MiB", Corpus.GOOD, "at most", null, "--set", "name=" + "a".repeat(5 << 20));
    c.install(opts, "--set key of 5000 segments", Corpus.GOOD, "nested deeper than", null, "--set", "a.".repeat(5000) + "b=1");
    c.install(opts, "--set value nested 70 levels", Corpus.GOOD, "nested deeper than", null,
        "--set", "name=" + "[".repeat(70) + "]".repeat(70));
  }

  /** Names Zeta could mistake for its own, and control characters, which errors must escape. */
  private static void names(Corpus c) {
    for (String v : List.of(".zeta-tmp-x", "-rf", ".hidden", "1.0\u001b[2J")) {
      String pkg = c.simple("nm");
      String text = "{\"packagingVersion\": \"3.0\", \"name\": \"" + pkg + "\", \"version\": \"" + v.replace("\u001b", "\\u001b")
          + "\", \"maintainer\": \"m\", \"description\": \"d\", \"tags\": []}";
      c.withFileOf(pkg, "package.json", text);
      c.stage(NameCases.VERSIONS, "package version '" + Corpus.shown(v) + "'", pkg, "package.json at /version", text);
    }
    for (String id : List.of("a\u001b[31mb", "a\nzeta: forged", "a\rb", "a\u0085b", "a\u202eb")) {
      c.add(NameCases.IDS, "instance id '" + Corpus.shown(id) + "'", true, "invalid instance id", null,
          "package", "install", Corpus.GOOD, "--role", Corpus.ROLE, "--id", id);
    }
    for (String role : List.of("a\u001b[2Jb", "x\ny", "t\u0007")) {
      c.add(NameCases.IDS, "role add '" + Corpus.shown(role) + "'", true, "invalid role", null, "role", "add", role);
    }
    String text = "{\"packagingVersion\": \"3.0\", \"name\": \"\\u001b[2J\", \"version\": \"1.0\", \"maintainer\": \"m\","
        + " \"description\": \"d\", \"tags\": []}";
    c.stage(PackageFileCases.CATEGORY, "package.json: a name with an escape sequence", c.withFile("nm", "package.json", text),
        "package.json", text);
  }
}
