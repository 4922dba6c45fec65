package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.ZetaException;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an app definition before it is sent: Marathon 1.7's JSON Schema (draft-04), then the rules
 * Marathon's server applies on top of it (ids, cmd/args/container, uris/fetch, labels, port names).
 * Fields later releases added ({@code marathon-additions.json}: check and tty in 1.8, role in 1.9,
 * resourceLimits in 1.10) are checked against their own schema when the target Marathon has them,
 * and refused, naming the release that added them, when it does not.
 */
public final class AppValidator {
  static final String SCHEMA_RESOURCE = "/io/zeta/scheduler/marathon-schema/AppDefinition.json";
  /** What Marathon's server accepts for one segment of a path id (state/PathId.scala). */
  private static final Pattern ID_SEGMENT =
      Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])|(\\.|\\.\\.)$");
  private static final Set<String> RESERVED_LAST_SEGMENTS = Set.of("restart", "tasks", "versions", ".", "..");
  /** The RAML's port name pattern; the 1.7 schema's ({@code ^[a-z][a-z0-9-]*$}) lets a trailing dash through. */
  private static final Pattern PORT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  static final String CMD_ARGS_CONTAINER = "AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'.";

  private AppValidator() {}

  /**
   * Every violation, ordered by pointer; empty when Marathon would accept the app. A field set to
   * null counts as absent, as Marathon's readers take it (the schema alone would refuse it).
   */
  public static List<AppViolation> validate(JsonNode definition) {
    return validate(definition, MarathonVersion.BASELINE);
  }

  /** As {@link #validate(JsonNode)}, for the given Marathon release. */
  public static List<AppViolation> validate(JsonNode definition, MarathonVersion target) {
    JsonNode app = Json.dropNullKeys(definition);
    List<AppViolation> out = new ArrayList<>();
    if (app.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode rest = ((com.fasterxml.jackson.databind.node.ObjectNode) app).deepCopy();
      for (Addition a : Additions.INSTANCE) {
        JsonNode value = rest.remove(a.field());
        if (value == null) {
          continue;
        }
        if (!target.atLeast(a.since())) {
          out.add(new AppViolation("/" + a.field(), a.field() + " came with Marathon " + a.since() + " (" + a.what()
              + "); Marathon " + target + " refuses it"));
          continue;
        }
        for (SchemaViolation v : a.schema().validate(value)) {
          out.add(new AppViolation("/" + a.field() + v.pointer(), v.message()));
        }
      }
      app = rest;
    }
    Set<String> schemaPointers = new HashSet<>();
    for (SchemaViolation v : Schema.INSTANCE.validate(app)) {
      out.add(new AppViolation(v.pointer(), v.message()));
      schemaPointers.add(v.pointer());
    }
    if (app.isObject()) {
      List<AppViolation> rules = new ArrayList<>();
      checkId(app.get("id"), rules);
      checkCommand(app, rules);
      if (present(app, "uris") && present(app, "fetch")) {
        rules.add(new AppViolation("", "cannot specify both uris and fetch fields"));
      }
      checkLabels(app.get("labels"), rules);
      checkPortNames(app.get("portDefinitions"), rules);
      // The schema already explains some of these (label types, port name patterns) in its words.
      rules.stream().filter(v -> v.pointer().isEmpty() || v.pointer().equals("/id")
          || !schemaPointers.contains(v.pointer())).forEach(out::add);
    }
    out.sort(Comparator.comparing(AppViolation::pointer).thenComparing(AppViolation::message));
    return out;
  }

  /** Throws an {@link InvalidAppException} naming every violation. */
  public static void check(JsonNode app) {
    check(app, MarathonVersion.BASELINE);
  }

  /** As {@link #check(JsonNode)}, for the given Marathon release. */
  public static void check(JsonNode app, MarathonVersion target) {
    List<AppViolation> violations = validate(app, target);
    if (!violations.isEmpty()) {
      String id = app.path("id").isTextual() ? "app " + app.get("id").asText() : "the app";
      throw new InvalidAppException(0, id + " is not a valid Marathon app" + (target.equals(MarathonVersion.BASELINE) ? ""
          : " (for Marathon " + target + ")"), violations);
    }
  }

  /**
   * The oldest release that has every later field the violations name as missing from the
   * target ({@code role} needs 1.9), or empty when no violation is about such a field.
   */
  public static java.util.Optional<MarathonVersion> releaseNeeded(JsonNode app) {
    MarathonVersion needed = null;
    for (Addition a : Additions.INSTANCE) {
      if (app.hasNonNull(a.field()) && (needed == null || a.since().compareTo(needed) > 0)) {
        needed = a.since();
      }
    }
    return java.util.Optional.ofNullable(needed);
  }

  /** A field a release after the baseline added: its name, the release, a few words, its schema. */
  record Addition(String field, MarathonVersion since, String what, JsonSchema schema) {}

  /** The fields of {@code marathon-additions.json}, read once. */
  private static final class Additions {
    static final List<Addition> INSTANCE = load();

    private static List<Addition> load() {
      String resource = "/io/zeta/scheduler/marathon-additions.json";
      try (InputStream in = AppValidator.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " is missing from the Zeta jar");
        }
        JsonNode doc = Json.parse(in.readAllBytes(), resource);
        List<Addition> out = new ArrayList<>();
        for (JsonNode f : doc.path("fields")) {
          out.add(new Addition(f.get("field").asText(), MarathonVersion.fromInfo(f.get("since").asText()).orElseThrow(),
              f.get("what").asText(), JsonSchema.compile(f.get("schema"), resource + " " + f.get("field").asText())));
        }
        return List.copyOf(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void checkId(JsonNode id, List<AppViolation> out) {
    if (id == null || !id.isTextual()) {
      return;
    }
    AppId parsed = AppId.parse(id.asText());
    if (parsed.isRoot()) {
      out.add(new AppViolation("/id", "an app id must name an app, not the root group"));
      return;
    }
    for (String segment : parsed.segments()) {
      if (!ID_SEGMENT.matcher(segment).matches()) {
        out.add(new AppViolation("/id", "'" + segment + "' is not a valid id segment: use lower-case letters, "
            + "digits, dashes and dots, and start and end each name with a letter or digit"));
      }
    }
    String last = parsed.segments().get(parsed.segments().size() - 1);
    if (RESERVED_LAST_SEGMENTS.contains(last)) {
      out.add(new AppViolation("/id", "an app id must not end with '" + last + "': Marathon reserves it"));
    }
  }

  private static void checkCommand(JsonNode app, List<AppViolation> out) {
    boolean cmd = present(app, "cmd");
    // Marathon reads a missing args as an empty list, and only a non-empty one as given.
    boolean args = present(app, "args") && !(app.get("args").isArray() && app.get("args").isEmpty());
    if (!present(app, "container") && cmd == args) {
      out.add(new AppViolation("", CMD_ARGS_CONTAINER));
    }
  }

  private static void checkLabels(JsonNode labels, List<AppViolation> out) {
    if (labels == null || labels.isNull()) {
      return;
    }
    if (!labels.isObject()) {
      out.add(new AppViolation("/labels", "labels must be an object of strings, found " + Json.typeName(labels)));
      return;
    }
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) labels::fields) {
      if (!e.getValue().isTextual()) {
        out.add(new AppViolation("/labels/" + escape(e.getKey()), "a label value must be a string, found "
            + Json.typeName(e.getValue())));
      }
    }
  }

  private static void checkPortNames(JsonNode defs, List<AppViolation> out) {
    if (defs == null || !defs.isArray()) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < defs.size(); i++) {
      JsonNode name = defs.get(i).get("name");
      if (name == null || !name.isTextual()) {
        continue;
      }
      String pointer = "/portDefinitions/" + i + "/name";
      if (!PORT_NAME.matcher(name.asText()).matches()) {
        out.add(new AppViolation(pointer, "'" + name.asText() + "' is not a valid port name: use lower-case letters, "
            + "digits and dashes, and start and end with a letter or digit"));
      } else if (!seen.add(name.asText())) {
        out.add(new AppViolation(pointer, "port name '" + name.asText() + "' is used twice; names must be unique"));
      }
    }
  }

  private static boolean present(JsonNode app, String field) {
    return app.hasNonNull(field);
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** Compiled once, on first use. */
  private static final class Schema {
    static final JsonSchema INSTANCE = load();

    private static JsonSchema load() {
      try (InputStream in = AppValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new ZetaException("Marathon's app schema is missing from the Zeta jar (" + SCHEMA_RESOURCE + ")",
              "rebuild Zeta with the shared fixtures (-Dfixtures.dir=...)", null);
        }
        return JsonSchema.compile(Json.parse(in.readAllBytes(), SCHEMA_RESOURCE), SCHEMA_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
