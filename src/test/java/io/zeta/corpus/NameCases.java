package io.zeta.corpus;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Instance ids, role names and versions: every name that becomes a path or a scheduler id. */
final class NameCases {
  static final String IDS = "ids and roles";
  static final String VERSIONS = "versions";

  private NameCases() {}

  static void add(Corpus c) {
    ids(c);
    roles(c);
    versions(c);
  }

  /** Not one Marathon path segment of [a-z0-9-], or reserved. */
  private static void ids(Corpus c) {
    List<String> bad = List.of("", "-a", "a-", "A", "aB", "a_b", "a.b", "a/b", "..", ".", "../x", "a b", "é", "日本",
        "x".repeat(64), "x".repeat(300), "restart", "tasks", "versions", "stage");
    for (String id : bad) {
      c.add(IDS, "instance id '" + Corpus.shown(id) + "'", true, "invalid instance id '" + id + "'", null,
          "package", "install", Corpus.GOOD, "--role", Corpus.ROLE, "--id", id);
    }
    // jqwik: an id with one character Zeta does not allow, anywhere in it.
    Arbitrary<String> withBadChar = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(0).ofMaxLength(8)
        .flatMap(prefix -> Arbitraries.of('_', '.', '/', ' ', 'A', 'Z', '@', ':', '+', '~', '$', '*', 'ß', 'Ω')
            .map(bad2 -> prefix + bad2 + "x"));
    for (String id : Corpus.sample("ids", withBadChar, 10)) {
      c.add(IDS, "instance id '" + Corpus.shown(id) + "' (generated)", true, "invalid instance id '" + id + "'", null,
          "package", "install", Corpus.GOOD, "--role", Corpus.ROLE, "--id", id);
    }
    for (String target : List.of("team1", "team1/", "/good1", "team1/good1/x", "Team1/good1", "team1/Good1")) {
      c.add(IDS, "ROLE/ID '" + target + "'", false, "'", null, "package", "uninstall", target);
    }
    c.add(IDS, "an instance that is not installed", true, "team1/nosuch", null, "package", "uninstall", "team1/nosuch");
    c.add(IDS, "an id already installed", true, "team1/good1 is already installed", null,
        "package", "install", Corpus.GOOD, "--role", Corpus.ROLE, "--id", Corpus.GOOD_ID);
  }

  private static void roles(Corpus c) {
    List<String> bad = List.of("", "1a", "A", "Team", "a-b", "a_b", "a/b", "..", "a b", "é", "x".repeat(33));
    for (String role : bad) {
      c.add(IDS, "role add '" + Corpus.shown(role) + "'", true, "invalid role '" + role + "'", null, "role", "add", role);
    }
    Arbitrary<String> withBadChar = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)
        .flatMap(prefix -> Arbitraries.of('-', '_', '.', '/', 'Q', '!', '#', 'ñ').map(bad2 -> prefix + bad2));
    for (String role : Corpus.sample("roles", withBadChar, 8)) {
      c.add(IDS, "role add '" + Corpus.shown(role) + "' (generated)", true, "invalid role '" + role + "'", null,
          "role", "add", role);
    }
    for (String role : List.of("Team1", "team-1", "../x")) {
      c.add(IDS, "install into role '" + role + "'", true, "invalid role '" + role + "'", null,
          "package", "install", Corpus.GOOD, "--role", role, "--id", "r1");
    }
    c.add(IDS, "install into an unknown role", true, "unknown role 'team9'", null,
        "package", "install", Corpus.GOOD, "--role", "team9", "--id", "r1");
    // A role that exists is fine with the same settings (role add is idempotent); a quota on file: is not.
    c.add(IDS, "a role that exists, with a quota on file:", true, "quotas need HDFS (or MapR); this cluster is on file:",
        null, "role", "add", Corpus.ROLE, "--space-quota", "1g");
    for (String quota : List.of("10q", "-1m", "0", "1.5q", "x", "99999999999p", "apps=", "nosuch=1g")) {
      c.add(IDS, "role add --space-quota '" + quota + "'", false, "--space-quota '", null,
          "role", "add", "team7", "--space-quota", quota);
    }
    for (String quota : List.of("1.5m", "-3", "0", "1g")) {
      c.add(IDS, "role set --namespace-quota '" + quota + "'", false, "--namespace-quota '", null,
          "role", "set", Corpus.ROLE, "--namespace-quota", quota);
    }
  }

  /** A package's version becomes a directory name: refused at stage. And versions asked for that do not exist. */
  private static void versions(Corpus c) {
    for (String v : List.of("..", ".", "a/b", "a b", "1.0é", "1.0_1", "1.0+build", "x".repeat(129), "1.0;rm")) {
      String pkg = c.simple("ver");
      String text = "{\"packagingVersion\": \"3.0\", \"name\": \"" + pkg + "\", \"version\": \"" + v
          + "\", \"maintainer\": \"m\", \"description\": \"d\", \"tags\": []}";
      c.withFileOf(pkg, "package.json", text);
      c.stage(VERSIONS, "package version '" + Corpus.shown(v) + "'", pkg, "package.json at /version", text);
    }
    for (String ref : List.of("good@", "good@../x", "good@a/b", "good@1.0@2", "Good", "good@1 0")) {
      c.add(VERSIONS, "package ref '" + ref + "'", true, "invalid package", null,
          "package", "stage", ref, "--repo", c.repoRoot().toString());
    }
    c.add(VERSIONS, "a version the repository lacks", true, "package good has no version 9.9", null,
        "package", "stage", "good@9.9", "--repo", c.repoRoot().toString());
    c.add(VERSIONS, "install of a version not staged", true, "good@9.9 is not staged", null,
        "package", "install", "good@9.9", "--role", Corpus.ROLE, "--id", "v1");
    c.add(VERSIONS, "unstage of a version not staged", true, "good@9.9", null, "package", "unstage", "good@9.9");
    c.add(VERSIONS, "unstage of a version in use", true, "good@1.0 is in use by team1/good1", null,
        "package", "unstage", "good@1.0");
  }
}
