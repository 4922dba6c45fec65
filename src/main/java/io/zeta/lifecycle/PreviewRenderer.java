package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.render.MarathonRenderer;
import io.zeta.render.Options;
import io.zeta.render.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What {@code package render} and {@code describe --render} print. A package with one Marathon
 * template renders as Cosmos renders it (one app). A multi-app package (zeta.json {@code apps})
 * renders as an install would, every app of it, as the group {@code marathon.json} holds:
 * {@code {"id": "/ROLE/ID", "apps": [...]}}, placed in role {@code render} with the package's
 * name as id (or at {@code --app-id /ROLE/ID}) on an example cluster.
 */
public final class PreviewRenderer {
  static final String ROLE = "render";

  private PreviewRenderer() {}

  /** Whether the package renders to a group of apps rather than one app. */
  public static boolean rendersGroup(PackageDefinition pkg) {
    return pkg.zeta().multiApp();
  }

  /**
   * Renders for printing: unless {@code showSecrets}, with every secret option masked (the real
   * values are rendered, and so checked, first).
   */
  public static ObjectNode render(PackageDefinition pkg, ObjectNode userOptions, Optional<String> appId, boolean showSecrets,
      TargetMarathon target) {
    if (!rendersGroup(pkg)) {
      // The real render is checked; what is printed may have its secrets masked. A Zeta package's
      // template id does not matter (install always makes it /ROLE/ID): it is checked with an example one.
      ObjectNode app = MarathonRenderer.render(pkg, userOptions, appId);
      if (pkg.hasZetaExtension() && appId.isEmpty()) {
        app.put("id", CheckRenderer.examplePlacement(pkg, ROLE).appId());
      }
      target.check(List.of(app));
      return MarathonRenderer.renderForDisplay(pkg, userOptions, appId, showSecrets);
    }
    InstanceRenderer.Placement at = placement(pkg, appId);
    Options options = Options.resolve(pkg, userOptions);
    InstanceRenderer.Rendered rendered;
    try {
      rendered = CheckRenderer.example(pkg, options, at);
    } catch (ZetaException e) {
      throw Secrets.of(pkg).redact(e, options.resolved());
    }
    try {
      target.check(rendered.apps());
    } catch (ZetaException e) {
      throw Secrets.of(pkg).redact(e, options.resolved());
    }
    ObjectNode real = rendered.marathon();
    Secrets secrets = Secrets.of(pkg);
    if (showSecrets || secrets.isEmpty()) {
      return real;
    }
    Options masked = new Options(secrets.mask(options.user()), secrets.mask(options.resolved()));
    try {
      return group(pkg, masked, at);
    } catch (ZetaException e) {
      // The mask does not fit a template (not JSON-safe where a number was): mask the text instead.
      return Json.parseObject(secrets.redact(Json.compact(real), options.resolved()).getBytes(StandardCharsets.UTF_8),
          "rendered apps");
    }
  }

  private static ObjectNode group(PackageDefinition pkg, Options options, InstanceRenderer.Placement at) {
    try {
      return CheckRenderer.example(pkg, options, at).marathon();
    } catch (ZetaException e) {
      throw Secrets.of(pkg).redact(e, options.resolved());
    }
  }

  private static InstanceRenderer.Placement placement(PackageDefinition pkg, Optional<String> appId) {
    if (appId.isEmpty()) {
      return CheckRenderer.examplePlacement(pkg, ROLE);
    }
    String id = MarathonRenderer.absoluteAppId(appId.get());
    String[] segments = id.substring(1).split("/", -1);
    if (segments.length != 2) {
      throw new ZetaException("--app-id " + id + ": " + pkg.name() + " is a multi-app package, rendered as an instance's "
          + "group: give its id as /ROLE/ID (for example /team1/" + pkg.name() + ")");
    }
    return new InstanceRenderer.Placement(Names.role(segments[0]), Names.instanceId(segments[1]),
        pkg.zeta().recommendedBaseDir());
  }
}
