package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.render.Options;
import java.io.IOException;
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

  ObjectNode read(ZetaEnv env) {
    ObjectNode options = Json.object();
    if (optionsFile != null) {
      Path file = env.path(optionsFile);
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ZetaException("cannot read options file " + file + ": " + e.getMessage());
      }
      options = Json.parseObject(bytes, "options file " + file);
    }
    for (String set : sets) {
      options = Options.set(options, set);
    }
    return options;
  }
}
