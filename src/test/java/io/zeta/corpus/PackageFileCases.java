package io.zeta.corpus;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;

/** Universe files broken every way: not JSON, not an object, wrong types, missing fields, bombs. */
final class PackageFileCases {
  static final String CATEGORY = "package files";

  private PackageFileCases() {}

  static void add(Corpus c) {
    notJson(c);
    packageJson(c);
    configJson(c);
    resourceJson(c);
    template(c);
    layout(c);
  }

  /** Text that is not one JSON object, in each of the four JSON files. */
  private static void notJson(Corpus c) {
    Map<String, String> broken = new java.util.LinkedHashMap<>();
    broken.put("empty file", "");
    broken.put("cut short", "{\"name\": ");
    broken.put("trailing comma", "{\"a\": 1,}");
    broken.put("single quotes", "{'a': 1}");
    broken.put("a comment", "// x\n{}");
    broken.put("two documents", "{} {}");
    broken.put("a NUL byte", "{\"a\": \"\u0000\"}");
    broken.put("an array", "[]");
    broken.put("a string", "\"package\"");
    broken.put("a number", "3.0");
    broken.put("null", "null");
    broken.put("nesting deeper than 1000", "[".repeat(1200) + "]".repeat(1200));
    for (String file : List.of("package.json", "config.json", "resource.json")) {
      broken.forEach((what, text) -> c.stage(CATEGORY, file + ": " + what, c.withFile("nj", file, text), file, text));
    }
    // zeta.json is optional, so it is broken in the same ways once more.
    for (String what : List.of("empty file", "cut short", "an array", "two documents")) {
      String text = broken.get(what);
      c.stage(CATEGORY, "zeta.json: " + what, c.withFile("nj", "zeta.json", text), "zeta.json", text);
    }
    // jqwik: random printable text is no JSON object.
    for (String text : Corpus.sample("garbage", Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40)
        .filter(s -> !s.strip().startsWith("{")), 6)) {
      c.stage(CATEGORY, "package.json: garbage " + Corpus.shown(text), c.withFile("nj", "package.json", text),
          "package.json", text);
    }
  }

  private static String pkg(String name, String fields) {
    return "{\"packagingVersion\": \"3.0\", \"name\": \"" + name + "\", \"version\": \"1.0\", \"maintainer\": \"m@example.com\","
        + " \"description\": \"d\", \"tags\": [\"t\"]" + fields + "}";
  }

  /** package.json that parses but breaks Universe's schema. */
  private static void packageJson(Corpus c) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("version a number", ", \"version\": 1");
    fields.put("version an object", ", \"version\": {}");
    fields.put("maintainer a number", ", \"maintainer\": 1");
    fields.put("description an array", ", \"description\": []");
    fields.put("tags a string", ", \"tags\": \"web\"");
    fields.put("a tag a number", ", \"tags\": [1]");
    fields.put("a tag with spaces", ", \"tags\": [\"a b\"]");
    fields.put("framework a string", ", \"framework\": \"yes\"");
    fields.put("selected a string", ", \"selected\": \"true\"");
    fields.put("preInstallNotes a number", ", \"preInstallNotes\": 5");
    fields.put("licenses a string", ", \"licenses\": \"MIT\"");
    fields.put("scm a number", ", \"scm\": 1");
    fields.put("minDcosReleaseVersion a number", ", \"minDcosReleaseVersion\": 1.10");

    fields.forEach((what, extra) -> {
      String name = c.simple("pj");
      String text = pkg(name, extra);
      c.stage(CATEGORY, "package.json: " + what, c.withFileOf(name, "package.json", text), "package.json at /", text);
    });
    String unknown = c.simple("pj");
    String colour = pkg(unknown, ", \"colour\": \"red\"");
    c.stage(CATEGORY, "package.json: an unknown field", c.withFileOf(unknown, "package.json", colour), "'colour'", colour);
    for (String field : List.of("name", "version", "maintainer", "description", "packagingVersion")) {
      String name = c.simple("pj");
      String text = pkg(name, "").replaceFirst("\"" + field + "\": (\"[^\"]*\"|\\[[^]]*]),? ?", "");
      c.stage(CATEGORY, "package.json: no " + field, c.withFileOf(name, "package.json", text), "package.json", text);
    }
    for (String pv : List.of("1.0", "6.0", "", "3", "3.0 ", "v3.0")) {
      String name = c.simple("pj");
      String text = pkg(name, ", \"packagingVersion\": \"" + pv + "\"");
      c.stage(CATEGORY, "packagingVersion '" + pv + "'", c.withFileOf(name, "package.json", text),
          "unknown packagingVersion \"" + pv + "\"", text);
    }
    String name = c.simple("pj");
    String text = pkg(name, ", \"packagingVersion\": 3.0");
    c.stage(CATEGORY, "packagingVersion a number", c.withFileOf(name, "package.json", text), "packagingVersion", text);
    name = c.simple("pj");
    text = pkg("someone-else", "");
    c.stage(CATEGORY, "package.json: name not its directory's", c.withFileOf(name, "package.json", text),
        "does not match its directory " + name, text);
    name = c.simple("pj");
    text = pkg("Upper", "");
    c.stage(CATEGORY, "package.json: name in capitals", c.withFileOf(name, "package.json", text), "package.json at /name", text);
  }

  private static String config(String properties) {
    return "{\"type\": \"object\", \"properties\": " + properties + "}";
  }

  /** config.json that is not a usable draft-04 options schema. */
  private static void configJson(Corpus c) {
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("properties an array", config("[]"));
    bad.put("an unknown type", config("{\"port\": {\"type\": \"integr\"}}"));
    bad.put("minimum a string", config("{\"port\": {\"type\": \"integer\", \"minimum\": \"a\"}}"));
    bad.put("required a string", "{\"type\": \"object\", \"required\": \"port\", \"properties\": {}}");
    bad.put("additionalProperties a string", "{\"type\": \"object\", \"additionalProperties\": \"no\"}");
    bad.put("a pattern that is not a regex", config("{\"name\": {\"type\": \"string\", \"pattern\": \"([\"}}"));
    bad.put("enum empty", config("{\"name\": {\"enum\": []}}"));
    bad.put("type an array of nonsense", "{\"type\": [\"object\", 1]}");
    each(c, "config.json", bad);
  }

  /** resource.json with the wrong shapes for assets, images and cli. */
  private static void resourceJson(Corpus c) {
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("assets a string", "{\"assets\": \"x\"}");
    bad.put("assets.uris an array", "{\"assets\": {\"uris\": []}}");
    bad.put("an asset URI a number", "{\"assets\": {\"uris\": {\"a\": 1}}}");
    bad.put("docker images an array", "{\"assets\": {\"container\": {\"docker\": [\"x\"]}}}");
    bad.put("images a string", "{\"images\": \"icon.png\"}");
    bad.put("an icon a number", "{\"images\": {\"icon-small\": 1}}");
    bad.put("cli a string", "{\"cli\": \"dcos-x\"}");
    bad.put("cli binaries wrong", "{\"cli\": {\"binaries\": {\"linux\": 1}}}");
    each(c, "resource.json", bad);
  }

  /** One package per text, as that file; the error names the file. */
  private static void each(Corpus c, String file, Map<String, String> texts) {
    texts.forEach((what, text) -> c.stage(CATEGORY, file + ": " + what, c.withFile("pf", file, text), file, text));
  }

  /** Templates that are not mustache, and the files a packagingVersion forbids or needs. */
  private static void template(Corpus c) {
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("an unclosed section", "{\"id\": \"x\"{{#a}}}");
    bad.put("a section closed twice", "{\"id\": \"x\"}{{/a}}");
    bad.put("a bad delimiter change", "{{=<% =}}{\"id\": \"x\"}");
    bad.forEach((what, text) -> c.stage(CATEGORY, "marathon.json.mustache: " + what,
        c.withFile("mt", "marathon.json.mustache", text), "not a valid mustache template", text));
    String name = c.simple("mt");
    String v4 = pkg(name, ", \"packagingVersion\": \"4.0\"");
    c.withFileOf(name, "package.json", v4);
    c.withFileOf(name, "command.json", "{\"pip\": [\"x\"]}");
    c.stage(CATEGORY, "command.json in packagingVersion 4.0", name, "command.json is not allowed", v4);
    name = c.simple("mt");
    c.withFileOf(name, "package.json", pkg(name, ", \"packagingVersion\": \"2.0\""));
    c.deleteFile(name, "marathon.json.mustache");
    c.stage(CATEGORY, "packagingVersion 2.0 without a template", name, "requires a marathon.json.mustache", null);
  }

  /** The repository layout itself: release directories and a package without package.json. */
  private static void layout(Corpus c) {
    String name = c.simple("ly");
    c.deleteFile(name, "package.json");
    c.stage(CATEGORY, "no package.json", name, "every package needs a package.json", null);
    for (String release : List.of("abc", "01", "-1")) {
      String pkgName = "ly-" + release.replaceAll("[^a-z0-9]", "x") + "-rel";
      c.repoFor(pkgName).simple(pkgName, 0, "1.0");
      c.moveRelease(pkgName, release);
      c.stage(CATEGORY, "release directory '" + release + "'", pkgName, "releaseVersion, a non-negative integer", null);
    }
  }
}
