package io.zeta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zeta.json.Json;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code -o table|wide|json|yaml} and its alias {@code --json}, on every leaf command (a mixin of
 * {@link Subcommand}). A command builds one document; json and yaml print it, table and wide are
 * the command's own rendering ({@link #wide} says whether to add the extra columns). The keys of
 * every document come from one vocabulary, listed in docs/CLI.md.
 */
final class OutputFormat {
  /** The formats of {@code -o}. */
  enum Format {
    table, wide, json, yaml
  }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Output format: table (default), wide (more columns), json or yaml.")
  Format format;

  @Option(names = "--json", description = "The same as -o json.")
  boolean json;

  Format format() {
    if (format != null) {
      return format;
    }
    return json ? Format.json : Format.table;
  }

  /** json or yaml: the command prints its document, not its table. */
  boolean structured() {
    Format f = format();
    return f == Format.json || f == Format.yaml;
  }

  boolean wide() {
    return format() == Format.wide;
  }

  /** Prints the document in the chosen structured format (json for table and wide). */
  void print(PrintWriter out, Object document) {
    if (format() == Format.yaml) {
      yaml(out, document);
    } else {
      Output.json(out, document);
    }
  }

  /**
   * YAML of the same tree as the JSON. Unsafe characters of untrusted text are escaped as on
   * tables ({@link Output#safeText}).
   */
  static void yaml(PrintWriter out, Object document) {
    try {
      JsonNode tree = Json.tree(document);
      String text = Output.safeText(YamlWriter.MAPPER.writeValueAsString(tree));
      out.print(text.endsWith("\n") ? text : text + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
    out.flush();
  }

  /**
   * The YAML writer, built on first use (a holder class): picocli creates this mixin for every
   * command, and a mapper built when OutputFormat was initialised loaded some 400 Jackson classes
   * into every command, tables included.
   */
  private static final class YamlWriter {
    static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        // Every string quoted: unquoted, YAML 1.1 readers take 1.0, yes, ~ or a time for other types.
        .build());
  }

  /**
   * The format the arguments ask for, read before (or without) parsing: an error found while
   * parsing is reported in it too.
   */
  static Format scan(String[] args) {
    Format found = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      }
      String value = null;
      if (a.equals("--json")) {
        value = found == null ? "json" : null;
      } else if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length) {
        value = args[++i];
      } else if (a.startsWith("--output=")) {
        value = a.substring("--output=".length());
      } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("--")) {
        value = a.substring(a.charAt(2) == '=' ? 3 : 2);
      }
      if (value != null) {
        for (Format f : Format.values()) {
          if (f.name().equalsIgnoreCase(value)) {
            found = f;
          }
        }
      }
    }
    return found == null ? Format.table : found;
  }

  static List<String> names() {
    return java.util.Arrays.stream(Format.values()).map(Enum::name).toList();
  }
}
