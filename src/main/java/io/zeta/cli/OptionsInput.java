package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.render.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The user's package options: {@code --options FILE} then each {@code --set key=value} on top. */
final class OptionsInput {
  @Option(names = "--options", paramLabel = "FILE", description = "A JSON file of options (a JSON object).")
  String optionsFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Set one option; KEY may be dotted (service.name=web). VALUE is read as JSON when it parses "
          + "(8080, true, [\"a\"]), as a string otherwise. Repeatable; applied after --options.")
  List<String> sets = new ArrayList<>();

  /**
   * Options are bounded as package files are ({@link Json.Limits}): at most 4 MiB and 64 levels,
   * the file and the result of every --set together, so that what install stores in
   * instance.json every later command can read back.
   */
  ObjectNode read(ZetaEnv env) {
    ObjectNode options = Json.object();
    if (optionsFile != null) {
      Path file = env.path(optionsFile);
      byte[] bytes;
      // Read at most one byte past the limit: the "file" may be /dev/zero or a pipe.
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(Json.Limits.MAX_PACKAGE_FILE_BYTES + 1);
      } catch (IOException e) {
        throw new ZetaException("cannot read options file " + file + ": " + e.getMessage());
      }
      options = Json.parseUntrustedObject(bytes, "options file " + file);
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
}
