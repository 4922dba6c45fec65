package io.zeta.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.zeta.ZetaException;
import java.io.IOException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * YAML options files, read as untrusted input: plain data only. Within the same bounds as JSON
 * options ({@link Json.Limits}: 4 MiB, 64 levels), one document whose root is a mapping, and
 * neither anchors and aliases ({@code &a}, {@code *a}: the "billion laughs" expand a few lines into
 * gigabytes) nor tags ({@code !!binary}, {@code !!python/object}, {@code !foo}). Errors name the
 * line and column but never quote the text, which may hold a password.
 */
public final class Yaml {
  private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
      .loaderOptions(loaderOptions())
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(Json.Limits.MAX_PACKAGE_NESTING)
          .maxStringLength(Json.Limits.MAX_PACKAGE_FILE_BYTES)
          .maxDocumentLength(Json.Limits.MAX_PACKAGE_FILE_BYTES)
          .build())
      .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private Yaml() {}

  /** SnakeYAML's own bounds, so that its scanner stops at the same limits before Jackson sees a token. */
  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Json.Limits.MAX_PACKAGE_FILE_BYTES);
    options.setNestingDepthLimit(Json.Limits.MAX_PACKAGE_NESTING);
    options.setMaxAliasesForCollections(0);
    options.setAllowRecursiveKeys(false);
    // As JSON options are read: a repeated key keeps its last value.
    options.setAllowDuplicateKeys(true);
    return options;
  }

  /** Parses one YAML document that must be a mapping; see the class comment for what is refused. */
  public static ObjectNode parseUntrustedObject(byte[] bytes, String source) {
    if (bytes.length > Json.Limits.MAX_PACKAGE_FILE_BYTES) {
      throw new ZetaException(source + ": " + bytes.length + " bytes; at most " + Json.Limits.MAX_PACKAGE_FILE_BYTES
          + " (4 MiB) are read");
    }
    check(bytes, source);
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      throw refused(e, source);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new ZetaException(source + ": empty document, expected a YAML mapping (port: 8080)");
    }
    if (!node.isObject()) {
      throw new ZetaException(source + ": expected a YAML mapping (port: 8080), found " + Json.typeName(node));
    }
    return (ObjectNode) node;
  }

  /** One pass over the tokens before building anything: no anchor, alias or tag, not too deep, one document. */
  private static void check(byte[] bytes, String source) {
    try (JsonParser p = MAPPER.getFactory().createParser(bytes)) {
      YAMLParser yaml = (YAMLParser) p;
      int depth = 0;
      boolean rootDone = false;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (rootDone) {
          throw new ZetaException(source + ": more than one YAML document" + where(p.currentLocation()),
              "put all options in one document (no second '---')", null);
        }
        if (yaml.isCurrentAlias() || yaml.getObjectId() != null) {
          throw new ZetaException(source + ": YAML anchors and aliases (&name, *name) are refused" + where(p.currentLocation()),
              "write each value out in full", null);
        }
        if (yaml.getTypeId() != null) {
          throw new ZetaException(source + ": YAML tags (!!binary, !name...) are refused" + where(p.currentLocation()),
              "options are plain data: write strings in quotes instead of tagging them", null);
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
          if (depth > Json.Limits.MAX_PACKAGE_NESTING) {
            throw new ZetaException(source + ": refused" + where(p.currentLocation()) + ": nested deeper than "
                + Json.Limits.MAX_PACKAGE_NESTING + " levels");
          }
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0) {
          rootDone = true;
        }
      }
    } catch (ZetaException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw refused(e, source);
    }
  }

  /** SnakeYAML's and Jackson's messages quote the text around the error: keep the place and the reason only. */
  private static ZetaException refused(Throwable e, String source) {
    Throwable cause = e;
    while (cause != null && !(cause instanceof MarkedYAMLException)) {
      cause = cause.getCause();
    }
    if (cause instanceof MarkedYAMLException marked) {
      String at = marked.getProblemMark() == null ? "" : " at line " + (marked.getProblemMark().getLine() + 1)
          + ", column " + (marked.getProblemMark().getColumn() + 1);
      return new ZetaException(source + ": invalid YAML" + at + ": " + marked.getProblem(),
          "the text is not shown, as options may hold secrets", null);
    }
    String m = String.valueOf(e.getMessage());
    String reason;
    if (m.contains("nesting depth") || m.contains("Nesting Depth")) {
      reason = "nested deeper than " + Json.Limits.MAX_PACKAGE_NESTING + " levels";
    } else if (m.contains("alias") || m.contains("Alias")) {
      reason = "YAML anchors and aliases are refused";
    } else if (m.contains("code points") || m.contains("Document length") || m.contains("String value length")) {
      reason = "longer than " + Json.Limits.MAX_PACKAGE_FILE_BYTES + " characters";
    } else {
      reason = "not readable YAML";
    }
    JsonLocation loc = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    return new ZetaException(source + ": invalid YAML" + where(loc) + ": " + reason,
        "the text is not shown, as options may hold secrets", null);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
