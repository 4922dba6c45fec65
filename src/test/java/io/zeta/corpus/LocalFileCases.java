package io.zeta.corpus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a package may not reach or claim on the operator's machine and in an instance home: local
 * files as artifacts, schemes other than http(s), Zeta's own home files, other instances' exports,
 * and downloads that are not what they say.
 */
final class LocalFileCases {
  private LocalFileCases() {}

  private static String artifact(String url, String fields) {
    return "{\"zetaVersion\": \"1\", \"artifacts\": {\"a\": {\"url\": \"" + url + "\"" + fields + "}}}";
  }

  /** @param http the test's HTTP server (/short/... announces more bytes than it sends) */
  static void add(Corpus c, String http) {
    Map<String, String[]> urls = new LinkedHashMap<>();
    urls.put("file:///etc/passwd", new String[] {"file:///etc/passwd", "local file URL 'file:///etc/passwd' refused"});
    urls.put("file:/etc/shadow", new String[] {"file:/etc/shadow", "local file URL 'file:/etc/shadow' refused"});
    urls.put("a relative URL up to /etc", new String[] {"../../../../../../../../etc/passwd", "leaves the package"});
    urls.put("a relative URL up via files/", new String[] {"files/../../../x.bin", "leaves the package"});
    urls.put("ftp:", new String[] {"ftp://127.0.0.1:1/x.bin", "URL scheme 'ftp' refused"});
    urls.put("hdfs:", new String[] {"hdfs://127.0.0.1:1/x.bin", "URL scheme 'hdfs' refused"});
    urls.put("s3a:", new String[] {"s3a://bucket/x.bin", "URL scheme 's3a' refused"});
    urls.put("jar:", new String[] {"jar:file:///x.jar!/a.bin", "URL scheme 'jar' refused"});
    urls.put("javascript:", new String[] {"javascript:alert(1)", "URL scheme 'javascript' refused"});
    urls.forEach((what, u) -> {
      String zeta = artifact(u[0], "");
      c.stage(UrlCases.CATEGORY, "zeta.json url: " + what, c.withFile("lf", "zeta.json", zeta), u[1], zeta);
    });
    String resource = "{\"assets\": {\"uris\": {\"a\": \"file:///etc/shadow\"}}}";
    c.stage(UrlCases.CATEGORY, "resource.json uri: file:///etc/shadow", c.withFile("lf", "resource.json", resource),
        "local file URL 'file:///etc/shadow' refused", resource);
    String pkg = c.withFile("lf", "zeta.json", artifact("files/s.bin", ", \"size\": 5"));
    c.withFileOf(pkg, "files/s.bin", "eleven bytes");
    c.stage(ArchiveCases.CATEGORY, "a declared size the file does not have", pkg, "declares size 5", null);
    pkg = c.withFile("lf", "zeta.json", artifact(http + "/short/s.bin", ""));
    c.stage(UrlCases.CATEGORY, "a body shorter than its Content-Length", pkg, "nothing was staged", null);
    pkg = c.withFile("lf", "zeta.json", artifact("files/s.bin", ""));
    c.withFileOf(pkg, "files/s.bin", "eleven bytes");
    c.add(UrlCases.CATEGORY, "an artifact above --max-artifact-size", true, "above the maximum artifact size", null,
        "package", "stage", pkg, "--repo", c.repoOf(pkg).toString(), "--max-artifact-size", "4");
    c.add(UrlCases.CATEGORY, "--max-artifact-size not a size", true, "--max-artifact-size 'lots'", null,
        "package", "stage", pkg, "--repo", c.repoOf(pkg).toString(), "--max-artifact-size", "lots");
    c.add(UrlCases.CATEGORY, "--allow-local-artifacts not a directory", true, "--allow-local-artifacts", null,
        "package", "stage", pkg, "--repo", c.repoOf(pkg).toString(), "--allow-local-artifacts", "/no/such/dir");
    reserved(c);
  }

  /** Zeta's own files in an instance home, and env names that are not the instance's own. */
  private static void reserved(Corpus c) {
    for (String target : new String[] {"instance.json", "marathon.json", "env.sh", ".zeta-tmp-x"}) {
      String zeta = "{\"zetaVersion\": \"1\", \"configFiles\": [{\"content\": \"x\", \"target\": \"" + target + "\"}]}";
      c.stage(ZetaJsonCases.CATEGORY, "a config target '" + target + "'", c.withFile("rs", "zeta.json", zeta), "is reserved", zeta);
    }
    String zeta = "{\"zetaVersion\": \"1\", \"directories\": [{\"path\": \"instance.json\"}]}";
    c.stage(ZetaJsonCases.CATEGORY, "a directory 'instance.json'", c.withFile("rs", "zeta.json", zeta), "is reserved", zeta);
    for (String name : new String[] {"PATH", "LD_PRELOAD"}) {
      zeta = "{\"zetaVersion\": \"1\", \"env\": {\"" + name + "\": \"/tmp/x\"}, \"ownEnv\": [\"" + name + "\"]}";
      c.stage(ZetaJsonCases.CATEGORY, "an export of its own named " + name, c.withFile("rs", "zeta.json", zeta),
          "zeta.json at /ownEnv/0", zeta);
    }
    Map<String, String[]> env = new LinkedHashMap<>();
    env.put("an export of another instance's name", new String[] {"{\"ZETA_OTHER_PORT\": \"1\"}", "is not this instance's"});
    env.put("an export name rendering to no name", new String[] {"{\"ZETA_{{name}}\": \"1\"}", "not a shell variable name"});
    env.forEach((what, e) -> {
      String pkg = c.withFile("rs", "zeta.json", "{\"zetaVersion\": \"1\", \"env\": " + e[0] + "}");
      c.prestage(pkg);
      c.install(ZetaJsonCases.CATEGORY, what, pkg, e[1], null, "--set", "name=a b");
    });
  }
}
