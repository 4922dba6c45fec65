package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.render.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The user's package options: each {@code --options FILE} (JSON or YAML; {@code -} is standard
 * input) deep-merged in the order given, then each {@code --set key=value}, {@code --set-string
 * key=value} and {@code --set-file key=FILE} on top, in that order, as Helm applies its flags.
 * The last keeps secret values off the command line, where {@code ps} shows them to every user.
 */
final class OptionsInput {
  /** The most an options file, standard input or a --set-file file may hold: as much as a package file. */
  static final int MAX_BYTES = Json.Limits.MAX_PACKAGE_FILE_BYTES;

  @Option(names = {"-f", "--options"}, paramLabel = "FILE",
      description = "A file of options: a JSON object, or a YAML mapping (.yaml/.yml, or any file not starting with '{' or '['); "
          + "'-' reads it from standard input. Repeatable: later files are deep-merged over earlier ones.")
  List<String> optionsFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set one option; KEY may be dotted (service.name=web). VALUE is read as JSON when it parses "
          + "(8080, true, [\"a\"], also 1.10), as a string otherwise. Repeatable; applied after --options.")
  List<String> sets = new ArrayList<>();

  @Option(names = "--set-string", paramLabel = "KEY=VALUE",
      description = "Set one option to VALUE as a string, always (version=1.10 stays \"1.10\", port=80 is \"80\"). "
          + "Repeatable; applied after --set.")
  List<String> setStrings = new ArrayList<>();

  @Option(names = "--set-file", paramLabel = "KEY=FILE",
      description = "Set one option to the content of FILE, as a string (one final newline dropped; at most 4 MiB): "
          + "for passwords and keys, which --set would show in `ps`. Repeatable; applied after --set-string.")
  List<String> setFiles = new ArrayList<>();

  boolean given() {
    return !optionsFiles.isEmpty() || !sets.isEmpty() || !setStrings.isEmpty() || !setFiles.isEmpty();
  }

  /**
   * Options are bounded as package files are ({@link Json.Limits}): at most 4 MiB and 64 levels,
   * the file (or standard input), every --set-file and the result of every --set together, so
   * that what install stores in instance.json every later command can read back.
   */
  ObjectNode read(ZetaEnv env) {
    ObjectNode options = Json.object();
    if (optionsFiles.stream().filter("-"::equals).count() > 1) {
      throw new ZetaException("--options - given twice: standard input can be read only once");
    }
    for (String optionsFile : optionsFiles) {
      ObjectNode file;
      if (optionsFile.equals("-")) {
        file = parseOptions(bounded(env.in(), "the options on standard input"), "the options on standard input", null);
      } else {
        Path path = env.path(optionsFile);
        file = parseOptions(readFile(path, "options file " + path), "options file " + path, path.getFileName().toString());
      }
      options = Json.deepMerge(options, file);
    }
    for (String set : sets) {
      int eq = set.indexOf('=');
      String key = eq < 0 ? set : set.substring(0, eq);
      if (set.length() > Json.Limits.MAX_PACKAGE_FILE_BYTES) {
        throw new ZetaException("--set " + key + ": value of " + set.length() + " characters; at most "
            + Json.Limits.MAX_PACKAGE_FILE_BYTES + " (4 MiB)", "put large values in a file and pass --options FILE", null);
      }
      if (key.split("\\.", -1).length >= Json.Limits.MAX_PACKAGE_NESTING) {
        throw new ZetaException("--set: key nested deeper than " + (Json.Limits.MAX_PACKAGE_NESTING - 1) + " levels");
      }
      options = Options.set(options, set);
    }
    for (String set : setStrings) {
      int eq = set.indexOf('=');
      if (eq <= 0) {
        throw new ZetaException("--set-string expects KEY=VALUE (KEY may be dotted: service.version=1.10), got '"
            + Output.safe(set.length() > 80 ? set.substring(0, 80) + "..." : set) + "'");
      }
      String key = set.substring(0, eq);
      if (set.length() > Json.Limits.MAX_PACKAGE_FILE_BYTES) {
        throw new ZetaException("--set-string " + key + ": value of " + set.length() + " characters; at most "
            + Json.Limits.MAX_PACKAGE_FILE_BYTES + " (4 MiB)", "put large values in a file and pass --set-file KEY=FILE", null);
      }
      if (key.split("\\.", -1).length >= Json.Limits.MAX_PACKAGE_NESTING) {
        throw new ZetaException("--set-string: key nested deeper than " + (Json.Limits.MAX_PACKAGE_NESTING - 1) + " levels");
      }
      options = Options.set(options, key + "=\"\"");
      options = setText(options, key, set.substring(eq + 1));
    }
    for (String setFile : setFiles) {
      int eq = setFile.indexOf('=');
      if (eq <= 0 || eq == setFile.length() - 1) {
        throw new ZetaException("--set-file expects KEY=FILE (KEY may be dotted: db.password=secret.txt), got '" + setFile + "'");
      }
      String key = setFile.substring(0, eq);
      Path file = env.path(setFile.substring(eq + 1));
      String value = text(readFile(file, "--set-file " + key + " file " + file), "--set-file " + key + " file " + file);
      if (value.endsWith("\r\n")) {
        value = value.substring(0, value.length() - 2);
      } else if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - 1);
      }
      // Set as a string, never parsed: a password that happens to read as JSON stays as typed.
      options = Options.set(options, key + "=\"\"");
      options = setText(options, key, value);
    }
    int depth = Json.depth(options);
    if (depth > Json.Limits.MAX_PACKAGE_NESTING) {
      throw new ZetaException("options nested deeper than " + Json.Limits.MAX_PACKAGE_NESTING + " levels (found " + depth + ")");
    }
    int size = Json.compact(options).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (size > Json.Limits.MAX_PACKAGE_FILE_BYTES) {
      throw new ZetaException("options of " + size + " bytes once combined; at most " + Json.Limits.MAX_PACKAGE_FILE_BYTES
          + " (4 MiB)");
    }
    return options;
  }

  /**
   * Parses an options object: YAML for a .yaml or .yml file, JSON for a .json file; otherwise (and
   * on standard input) JSON when the text starts with '{' or '[', YAML when it does not. A syntax error
   * names its place but not the text there (options may hold passwords).
   */
  private static ObjectNode parseOptions(byte[] bytes, String what, String fileName) {
    String text = text(bytes, what);
    String lower = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT);
    boolean yaml = lower.endsWith(".yaml") || lower.endsWith(".yml")
        || (!lower.endsWith(".json") && !text.stripLeading().startsWith("{") && !text.stripLeading().startsWith("["));
    if (yaml) {
      return io.zeta.json.Yaml.parseUntrustedObject(bytes, what);
    }
    try {
      return Json.parseUntrustedObject(bytes, what);
    } catch (ZetaException e) {
      java.util.regex.Matcher m = INVALID_JSON.matcher(e.getMessage());
      if (m.matches()) {
        throw new ZetaException(m.group(1),
            "options are a JSON object such as {\"port\": 8080}; the text is not shown, as options may hold secrets", null);
      }
      throw e;
    }
  }

  /** Json's syntax error: its place, then Jackson's words with the text it stumbled on. */
  private static final java.util.regex.Pattern INVALID_JSON =
      java.util.regex.Pattern.compile("^(.*?: invalid JSON(?: at line \\d+, column \\d+)?): .*$", java.util.regex.Pattern.DOTALL);

  private static ObjectNode setText(ObjectNode options, String key, String value) {
    String[] path = key.split("\\.", -1);
    ObjectNode cursor = options;
    for (int i = 0; i < path.length - 1; i++) {
      cursor = (ObjectNode) cursor.get(path[i]);
    }
    cursor.set(path[path.length - 1], TextNode.valueOf(value));
    return options;
  }

  private static byte[] readFile(Path file, String what) {
    if (Files.isDirectory(file)) {
      throw new ZetaException("cannot read " + what + ": it is a directory");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return bounded(in, what);
    } catch (IOException e) {
      throw new ZetaException("cannot read " + what + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
  }

  private static byte[] bounded(InputStream in, String what) {
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new ZetaException(what + ": more than " + MAX_BYTES + " bytes; at most " + MAX_BYTES + " ("
            + (MAX_BYTES / (1024 * 1024)) + " MiB) are read", "options are small: pass large content as a file the package reads", null);
      }
      return bytes;
    } catch (IOException e) {
      throw new ZetaException("cannot read " + what + ": " + e.getMessage());
    }
  }

  private static String text(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ZetaException(what + " is not UTF-8 text", "options are text; pass binary content base64-encoded", null);
    }
  }
}
