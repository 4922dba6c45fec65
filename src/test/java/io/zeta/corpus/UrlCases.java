package io.zeta.corpus;

import java.util.LinkedHashMap;
import java.util.Map;

/** Artifact URLs (zeta.json artifacts and resource.json assets.uris) that cannot be, or must not be, staged. */
final class UrlCases {
  static final String CATEGORY = "URLs";

  private UrlCases() {}

  /** @param http the test's HTTP server: /status/N answers N, /loop redirects to itself */
  static void add(Corpus c, String http) {
    Map<String, String[]> bad = new LinkedHashMap<>();
    // what -> {url, what the error names}
    bad.put("no host", new String[] {"http://", "invalid URL 'http://'"});
    bad.put("a space in the host", new String[] {"http://exa mple.com/x.bin", "invalid URL"});
    bad.put("an unclosed IPv6 host", new String[] {"http://[::1/x.bin", "invalid URL"});
    bad.put("a bad escape", new String[] {"files/%zz.bin", "invalid URL"});
    bad.put("a bare percent", new String[] {"%", "invalid URL"});
    bad.put("a missing package file", new String[] {"files/missing.bin", "no such file"});
    bad.put("a refused port", new String[] {"http://127.0.0.1:1/x.bin", "cannot download http://127.0.0.1:1/x.bin"});
    bad.put("HTTP 404", new String[] {http + "/status/404/x.bin", "HTTP 404"});
    bad.put("HTTP 500", new String[] {http + "/status/500/x.bin", "HTTP 500"});
    bad.put("HTTP 403", new String[] {http + "/status/403/x.bin", "HTTP 403"});
    bad.put("HTTP 204", new String[] {http + "/status/204/x.bin", "HTTP 204"});
    bad.put("a redirect loop", new String[] {http + "/loop/x.bin", "redirected too many"});
    bad.put("a redirect to file:", new String[] {http + "/to-file/x.bin", "HTTP 302"});
    int n = 0;
    for (Map.Entry<String, String[]> e : bad.entrySet()) {
      String url = e.getValue()[0];
      String zeta = "{\"zetaVersion\": \"1\", \"artifacts\": {\"a\": {\"url\": \"" + url + "\"}}}";
      c.stage(CATEGORY, "zeta.json url: " + e.getKey(), c.withFile("url", "zeta.json", zeta), e.getValue()[1], zeta);
      if (n++ % 2 == 0) {
        String resource = "{\"assets\": {\"uris\": {\"a\": \"" + url + "\"}}}";
        c.stage(CATEGORY, "resource.json uri: " + e.getKey(), c.withFile("url", "resource.json", resource),
            e.getValue()[1], resource);
      }
    }
    String pkg = c.withFile("url", "zeta.json", "{\"zetaVersion\": \"1\", \"artifacts\": {\"a\": {\"url\": \"http://127.0.0.1/a.bin\"}}}");
    c.add(CATEGORY, "--mirror a directory that does not exist", true, "no such file", null,
        "package", "stage", pkg, "--repo", c.repoOf(pkg).toString(), "--mirror", c.repoOf(pkg).resolve("no-mirror").toString());
    c.add(CATEGORY, "--mirror a server without the file", true, "HTTP 404", null,
        "package", "stage", pkg, "--repo", c.repoOf(pkg).toString(), "--mirror", http + "/status/404/");
  }
}
