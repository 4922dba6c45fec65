package io.zeta.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Renders a package's Marathon app as Cosmos does: options resolved and validated, the template
 * rendered with options and {@code resource} (and, for installs, Zeta's context) as its context,
 * the result checked to be a JSON object with string labels, {@code id} replaced by the requested
 * app id, then the DCOS_PACKAGE_* labels merged over the template's own.
 */
public final class MarathonRenderer {
  public static final String LABEL_NAME = "DCOS_PACKAGE_NAME";
  public static final String LABEL_VERSION = "DCOS_PACKAGE_VERSION";
  public static final String LABEL_SOURCE = "DCOS_PACKAGE_SOURCE";
  public static final String LABEL_OPTIONS = "DCOS_PACKAGE_OPTIONS";
  public static final String LABEL_DEFINITION = "DCOS_PACKAGE_DEFINITION";

  private MarathonRenderer() {}

  /** {@code dcos package describe --render}: the package's own template with these options. */
  public static ObjectNode render(PackageDefinition pkg, ObjectNode userOptions, Optional<String> appId) {
    String template = pkg.marathonTemplate().orElseThrow(() -> new ZetaException(pkg.name() + "@" + pkg.version()
        + " has no Marathon template (marathon.json.mustache): there is no app to render"));
    Options options = Options.resolve(pkg, userOptions);
    return renderApp(pkg, template, "marathon.json.mustache", context(pkg, options, Json.object()), options.user(), appId);
  }

  /**
   * As {@link #render}, for printing: unless {@code showSecrets}, the app as it renders with every
   * secret option set to {@link Secrets#MASK}. The real values are rendered (and checked) first.
   */
  public static ObjectNode renderForDisplay(PackageDefinition pkg, ObjectNode userOptions, Optional<String> appId,
      boolean showSecrets) {
    ObjectNode real = render(pkg, userOptions, appId);
    Secrets secrets = Secrets.of(pkg);
    if (showSecrets || secrets.isEmpty()) {
      return real;
    }
    Options options = Options.merge(pkg, userOptions);
    Options masked = new Options(secrets.mask(options.user()), secrets.mask(options.resolved()));
    String template = pkg.marathonTemplate().orElseThrow();
    try {
      return renderApp(pkg, template, "marathon.json.mustache", context(pkg, masked, Json.object()), masked.user(), appId);
    } catch (ZetaException e) {
      // The mask does not fit the template (it is not JSON-safe where a number was): mask the text instead.
      return Json.parseObject(secrets.redact(Json.compact(real), options.resolved()).getBytes(StandardCharsets.UTF_8),
          "rendered app");
    }
  }

  /**
   * The template context: resolved options, then {@code resource}, then {@code extra} merged on
   * top (later wins), as Cosmos orders them.
   */
  public static ObjectNode context(PackageDefinition pkg, Options options, ObjectNode extra) {
    ObjectNode context = options.resolved();
    Optional<ObjectNode> resource = pkg.resource();
    if (resource.isPresent()) {
      ObjectNode wrapper = Json.object();
      wrapper.set("resource", resource.get());
      context = Json.deepMerge(context, wrapper);
    }
    return Json.deepMerge(context, extra);
  }

  /** Renders one app template of the package with a prepared context and decorates it. */
  public static ObjectNode renderApp(PackageDefinition pkg, String template, String templateName, ObjectNode context,
      ObjectNode userOptions, Optional<String> appId) {
    Secrets secrets = Secrets.of(pkg);
    ObjectNode app;
    try {
      String text = TemplateEngine.render(template, pkg.name() + " " + templateName, context, TemplateEngine.Strings.JSON_ESCAPED);
      app = parseRendered(pkg, templateName, text);
    } catch (ZetaException e) {
      // A template error may quote the rendered text, secret values and all.
      throw secrets.redact(e, context);
    }
    appId.ifPresent(id -> app.put("id", absoluteAppId(id)));
    ObjectNode labels = Json.object();
    labels.put(LABEL_NAME, pkg.name());
    labels.put(LABEL_VERSION, pkg.version());
    labels.put(LABEL_SOURCE, pkg.sourceUri());
    // Unlike Cosmos, the label leaves secret options out: anyone who can read the app would read them.
    labels.put(LABEL_OPTIONS, base64(Json.compact(Json.dropNullKeys(secrets.strip(userOptions)))));
    labels.put(LABEL_DEFINITION, definitionLabel(pkg));
    JsonNode own = app.get("labels");
    ObjectNode merged = own == null || own.isNull() ? Json.object() : ((ObjectNode) own).deepCopy();
    merged.setAll(labels);
    app.set("labels", merged);
    return app;
  }

  /** The gzip envelope of a package is the same for every render of it: computed once per definition. */
  private static final java.util.Map<PackageDefinition, String> DEFINITION_LABELS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  static String definitionLabel(PackageDefinition pkg) {
    return DEFINITION_LABELS.computeIfAbsent(pkg, p -> base64(Json.compact(StorageEnvelope.of(p))));
  }

  /** Marathon app ids are absolute paths: {@code helloworld} becomes {@code /helloworld}. */
  public static String absoluteAppId(String id) {
    return id.startsWith("/") ? id : "/" + id;
  }

  private static ObjectNode parseRendered(PackageDefinition pkg, String templateName, String text) {
    String what = pkg.name() + "@" + pkg.version() + " " + templateName;
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw new ZetaException(what + " renders invalid JSON" + where + ": " + e.getOriginalMessage()
          + near(text, e), "check the template, or the options it interpolates", e);
    }
    if (node == null || !node.isObject()) {
      throw new ZetaException(what + " must render a JSON object, but rendered " + Json.typeName(node));
    }
    JsonNode labels = node.get("labels");
    if (labels != null && !labels.isNull()) {
      if (!labels.isObject()) {
        throw new ZetaException(what + ": labels must be an object of strings, found " + Json.typeName(labels));
      }
      labels.fields().forEachRemaining(e -> {
        if (!e.getValue().isTextual()) {
          throw new ZetaException(what + ": label " + e.getKey() + " must be a string, found " + Json.typeName(e.getValue()));
        }
      });
    }
    return (ObjectNode) node;
  }

  private static String near(String text, JsonProcessingException e) {
    if (e.getLocation() == null || e.getLocation().getLineNr() < 1) {
      return "";
    }
    String[] lines = text.split("\n", -1);
    int line = e.getLocation().getLineNr();
    if (line > lines.length) {
      return "";
    }
    String l = lines[line - 1].strip();
    return " (near: " + (l.length() > 80 ? l.substring(0, 80) + "..." : l) + ")";
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
