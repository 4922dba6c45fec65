package io.zeta.corpus;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;

/**
 * Options for an install of the good package (config.json: port an integer >= 1, name a string,
 * no other keys): --set and options files with wrong types, unknown keys, bad JSON.
 */
final class OptionCases {
  static final String CATEGORY = "options";

  private OptionCases() {}

  static void add(Corpus c) {
    Map<String, String> sets = new LinkedHashMap<>();
    // --set argument -> what the error names
    sets.put("port=0", "/port");
    sets.put("port=-1", "/port");
    sets.put("port=abc", "/port");
    sets.put("port=1.5", "/port");
    sets.put("port=true", "/port");
    sets.put("port=[8080]", "/port");
    sets.put("port={}", "/port");
    sets.put("port=\"8080\"", "/port");
    sets.put("port=null", "/port");
    sets.put("port=1e400", "/port");
    sets.put("name=1", "/name");
    sets.put("name=[]", "/name");
    sets.put("name={\"a\": 1}", "/name");
    sets.put("colour=red", "colour");
    sets.put("port.number=1", "/port");
    sets.put("=1", "--set expects KEY=VALUE");
    sets.put("port", "--set expects KEY=VALUE");
    sets.put("", "--set expects KEY=VALUE");
    sets.put(".port=1", "empty segment");
    sets.put("port.=1", "empty segment");
    sets.put("a..b=1", "empty segment");
    sets.forEach((set, says) -> c.install(CATEGORY, "--set " + set, Corpus.GOOD, says, null, "--set", set));
    // jqwik: no string that is not a number is a port, no integer below 1 either, and no other key is known.
    for (String word : Corpus.sample("port-words", Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12)
        .filter(s -> !s.equals("true") && !s.equals("false") && !s.equals("null")), 8)) {
      c.install(CATEGORY, "--set port=" + word, Corpus.GOOD, "/port", null, "--set", "port=" + word);
    }
    for (long n : Corpus.sample("port-numbers", Arbitraries.longs().lessOrEqual(0), 5)) {
      c.install(CATEGORY, "--set port=" + n, Corpus.GOOD, "/port", null, "--set", "port=" + n);
    }
    for (String key : Corpus.sample("keys", Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
        .filter(k -> !k.equals("port") && !k.equals("name")), 5)) {
      c.install(CATEGORY, "--set " + key + "=1 (unknown)", Corpus.GOOD, "'" + key + "'", null, "--set", key + "=1");
    }
    files(c);
  }

  private static void files(Corpus c) {
    Map<String, String[]> files = new LinkedHashMap<>();
    // what -> {content, what the error names}
    files.put("not JSON", new String[] {"port: 1\n", "invalid JSON"});
    files.put("empty", new String[] {"", "empty document"});
    files.put("an array", new String[] {"[{\"port\": 1}]", "expected a JSON object"});
    files.put("a string", new String[] {"\"port=1\"", "expected a JSON object"});
    files.put("a number", new String[] {"8080", "expected a JSON object"});
    files.put("two objects", new String[] {"{} {}", "invalid JSON"});
    files.put("a trailing comma", new String[] {"{\"port\": 1,}", "invalid JSON"});
    files.put("a NUL byte", new String[] {"{\"name\": \"a\u0000\"}", "invalid JSON"});
    files.put("nested deeper than 1000", new String[] {"{\"a\":".repeat(1100) + "1" + "}".repeat(1100), "options file"});
    files.put("a wrong type", new String[] {"{\"port\": \"http\"}", "/port"});
    files.put("an unknown key", new String[] {"{\"colour\": \"red\"}", "colour"});
    files.put("a key nested wrong", new String[] {"{\"name\": {\"first\": \"a\"}}", "/name"});
    int n = 0;
    for (Map.Entry<String, String[]> e : files.entrySet()) {
      Path f = c.file("options/" + (++n) + ".json", e.getValue()[0]);
      c.install(CATEGORY, "options file: " + e.getKey(), Corpus.GOOD, e.getValue()[1], e.getValue()[0], "--options", f.toString());
    }
    Path missing = c.file("options/exists", "").resolveSibling("missing.json");
    c.install(CATEGORY, "options file: missing", Corpus.GOOD, "cannot read options file " + missing, null,
        "--options", missing.toString());
    Path dir = missing.getParent();
    c.install(CATEGORY, "options file: a directory", Corpus.GOOD, "cannot read options file " + dir, null,
        "--options", dir.toString());
    // jqwik: binary noise is not an options file.
    for (byte[] noise : Corpus.sample("noise", Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64)
        .filter(b -> b[0] != '{' && b[0] != '[' && b[0] != '"'), 4)) {
      Path f = c.file("options/noise-" + (++n) + ".bin", noise);
      c.install(CATEGORY, "options file: " + noise.length + " random bytes", Corpus.GOOD, "options file " + f, null,
          "--options", f.toString());
    }
    c.install(CATEGORY, "options and --set disagree", Corpus.GOOD, "/port", null,
        "--options", c.file("options/ok.json", "{\"port\": 8080}").toString(), "--set", "port=none");
  }
}
