package io.zeta.corpus;

import java.util.LinkedHashMap;
import java.util.Map;

/** zeta.json with every field wrong: refused when the package is loaded, or at install where it renders. */
final class ZetaJsonCases {
  static final String CATEGORY = "zeta.json";

  private ZetaJsonCases() {}

  private static String zeta(String fields) {
    return "{\"zetaVersion\": \"1\"" + fields + "}";
  }

  static void add(Corpus c) {
    Map<String, String[]> bad = new LinkedHashMap<>();
    // what -> {zeta.json, what the error names}
    bad.put("no zetaVersion", new String[] {"{}", "zetaVersion"});
    bad.put("zetaVersion 2", new String[] {"{\"zetaVersion\": \"2\"}", "/zetaVersion"});
    bad.put("zetaVersion a number", new String[] {"{\"zetaVersion\": 1}", "/zetaVersion"});
    bad.put("an unknown field", new String[] {zeta(", \"artefacts\": {}"), "artefacts"});
    bad.put("requires a string", new String[] {zeta(", \"requires\": \"docker\""), "/requires"});
    bad.put("requires a number", new String[] {zeta(", \"requires\": [1]"), "/requires/0"});
    bad.put("requires in capitals", new String[] {zeta(", \"requires\": [\"Docker\"]"), "/requires/0"});
    bad.put("requires twice the same", new String[] {zeta(", \"requires\": [\"docker\", \"docker\"]"), "/requires"});
    bad.put("instancePolicy unknown", new String[] {zeta(", \"instancePolicy\": \"many\""), "/instancePolicy"});
    bad.put("instancePolicy a number", new String[] {zeta(", \"instancePolicy\": 1"), "/instancePolicy"});
    bad.put("recommendedBaseDir tmp", new String[] {zeta(", \"recommendedBaseDir\": \"tmp\""), "/recommendedBaseDir"});
    bad.put("recommendedBaseDir absolute", new String[] {zeta(", \"recommendedBaseDir\": \"/apps\""), "/recommendedBaseDir"});
    dirs(bad);
    configFiles(bad);
    bad.put("env a lowercase name", new String[] {zeta(", \"env\": {\"port\": \"1\"}"), "/env"});
    bad.put("env a name with '-'", new String[] {zeta(", \"env\": {\"A-B\": \"1\"}"), "/env"});
    bad.put("env a number value", new String[] {zeta(", \"env\": {\"PORT\": 1}"), "/env/PORT"});
    bad.put("env an array", new String[] {zeta(", \"env\": []"), "/env"});
    artifacts(bad);
    apps(bad);
    bad.forEach((what, z) -> c.stage(CATEGORY, what, c.withFile("zj", "zeta.json", z[0]), z[1], z[0]));

    String pkg = c.withFile("zj", "zeta.json", zeta(", \"requires\": [\"gpu\"]"));
    c.stage(CATEGORY, "requires a capability the cluster lacks", pkg, "gpu", null);
    pkg = c.withFile("zj", "zeta.json", zeta(", \"env\": {\"PORT\": \"{{#port}}\"}"));
    c.stage(CATEGORY, "env value not mustache", pkg, "not a valid mustache template", null);
    pkg = c.withFile("zj", "zeta.json", zeta(", \"configFiles\": [{\"content\": \"{{/x}}\", \"target\": \"a\"}]"));
    c.stage(CATEGORY, "inline config content not mustache", pkg, "not a valid mustache template", null);
    installTime(c);
  }

  private static void dirs(Map<String, String[]> bad) {
    bad.put("directories an object", new String[] {zeta(", \"directories\": {}"), "/directories"});
    bad.put("a directory without path", new String[] {zeta(", \"directories\": [{}]"), "/directories/0"});
    for (String path : new String[] {"/abs", "../up", "a/../b", "a//b", "./a", "a b", "dätä", ""}) {
      bad.put("a directory path '" + path + "'",
          new String[] {zeta(", \"directories\": [{\"path\": \"" + path + "\"}]"), "/directories/0/path"});
    }
    bad.put("a directory mode 999", new String[] {zeta(", \"directories\": [{\"path\": \"d\", \"mode\": \"0999\"}]"), "/mode"});
    bad.put("a directory mode a number", new String[] {zeta(", \"directories\": [{\"path\": \"d\", \"mode\": 750}]"), "/mode"});
    bad.put("persistent a string", new String[] {zeta(", \"directories\": [{\"path\": \"d\", \"persistent\": \"yes\"}]"), "/persistent"});
  }

  private static void configFiles(Map<String, String[]> bad) {
    String at = "/configFiles/0";
    bad.put("a config file with neither template nor content", new String[] {zeta(", \"configFiles\": [{\"target\": \"a\"}]"), at});
    bad.put("a config file with template and content",
        new String[] {zeta(", \"configFiles\": [{\"template\": \"config.json\", \"content\": \"x\", \"target\": \"a\"}]"), at});
    bad.put("a config template not in the package",
        new String[] {zeta(", \"configFiles\": [{\"template\": \"no/such.mustache\", \"target\": \"a\"}]"), "is not in the package"});
    for (String target : new String[] {"/etc/passwd", "../../x", "conf/../../x", "~/x"}) {
      bad.put("a config target '" + target + "'",
          new String[] {zeta(", \"configFiles\": [{\"content\": \"x\", \"target\": \"" + target + "\"}]"), at + "/target"});
    }
    bad.put("a config template '../x'",
        new String[] {zeta(", \"configFiles\": [{\"template\": \"../x\", \"target\": \"a\"}]"), at + "/template"});
    bad.put("a config mode 0800", new String[] {zeta(", \"configFiles\": [{\"content\": \"x\", \"target\": \"a\", \"mode\": \"0800\"}]"), at + "/mode"});
    bad.put("config content a number", new String[] {zeta(", \"configFiles\": [{\"content\": 1, \"target\": \"a\"}]"), at + "/content"});
  }

  private static void artifacts(Map<String, String[]> bad) {
    String ok = "\"url\": \"http://127.0.0.1/x.bin\"";
    bad.put("artifacts an array", new String[] {zeta(", \"artifacts\": []"), "/artifacts"});
    bad.put("an artifact alias '-x'", new String[] {zeta(", \"artifacts\": {\"-x\": {" + ok + "}}"), "/artifacts"});
    bad.put("an artifact alias 'a/b'", new String[] {zeta(", \"artifacts\": {\"a/b\": {" + ok + "}}"), "/artifacts"});
    bad.put("an artifact without url", new String[] {zeta(", \"artifacts\": {\"a\": {}}"), "/artifacts/a"});
    bad.put("an artifact url empty", new String[] {zeta(", \"artifacts\": {\"a\": {\"url\": \"\"}}"), "/artifacts/a/url"});
    bad.put("an artifact url a number", new String[] {zeta(", \"artifacts\": {\"a\": {\"url\": 1}}"), "/artifacts/a/url"});
    bad.put("a sha256 too short", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"sha256\": \"abc\"}}"), "/sha256"});
    bad.put("a sha256 not hex", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"sha256\": \"" + "g".repeat(64) + "\"}}"), "/sha256"});
    bad.put("a size below zero", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"size\": -1}}"), "/size"});
    bad.put("a size a string", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"size\": \"1k\"}}"), "/size"});
    bad.put("executable a string", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"executable\": \"yes\"}}"), "/executable"});
    bad.put("extract a number", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"extract\": 1}}"), "/extract"});
    bad.put("an unknown artifact field", new String[] {zeta(", \"artifacts\": {\"a\": {" + ok + ", \"md5\": \"x\"}}"), "/artifacts/a"});
  }

  private static void apps(Map<String, String[]> bad) {
    String t = "\"template\": \"marathon.json.mustache\"";
    bad.put("apps empty", new String[] {zeta(", \"apps\": []"), "/apps"});
    bad.put("an app without a name", new String[] {zeta(", \"apps\": [{" + t + "}]"), "/apps/0"});
    bad.put("an app name in capitals", new String[] {zeta(", \"apps\": [{\"name\": \"Web\", " + t + "}]"), "/apps/0/name"});
    bad.put("an app template not in the package",
        new String[] {zeta(", \"apps\": [{\"name\": \"web\", \"template\": \"no.mustache\"}]"), "is not in the package"});
    bad.put("two apps of one name",
        new String[] {zeta(", \"apps\": [{\"name\": \"web\", " + t + "}, {\"name\": \"web\", " + t + "}]"), "duplicate app name web"});
    bad.put("copies an object", new String[] {zeta(", \"apps\": [{\"name\": \"web\", " + t + ", \"copies\": {}}]"), "/copies"});
    bad.put("copies a boolean", new String[] {zeta(", \"apps\": [{\"name\": \"web\", " + t + ", \"copies\": true}]"), "/copies"});
  }

  /** Valid when loaded, refused when an install renders them: staged first, then installed. */
  private static void installTime(Corpus c) {
    Map<String, String[]> bad = new LinkedHashMap<>();
    String t = "\"template\": \"marathon.json.mustache\"";
    bad.put("copies not a number", new String[] {"\"abc\"", "copies"});
    bad.put("copies below zero", new String[] {"-1", "copies"});
    bad.put("copies rendering to text", new String[] {"\"{{name}}\"", "copies"});
    bad.forEach((what, z) -> {
      String pkg = c.withFile("zi", "zeta.json", zeta(", \"apps\": [{\"name\": \"web\", " + t + ", \"copies\": " + z[0] + "}]"));
      c.prestage(pkg);
      c.install(CATEGORY, what, pkg, z[1], null);
    });
  }
}
