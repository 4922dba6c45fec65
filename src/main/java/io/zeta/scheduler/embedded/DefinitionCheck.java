package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.scheduler.AppValidator;
import io.zeta.scheduler.AppViolation;
import java.util.ArrayList;
import java.util.List;

/** What the agent accepts: what Marathon accepts, minus what needs a cluster (containers, secrets). */
final class DefinitionCheck {
  static final String NO_CONTAINERS = "no container runtime here: the embedded scheduler runs commands as local "
      + "processes; give the app a cmd or args instead of a container, or deploy it to a Marathon cluster";

  private DefinitionCheck() {}

  static void check(ObjectNode app) {
    List<AppViolation> violations = violations(app);
    if (!violations.isEmpty()) {
      throw ApiError.invalid(violations);
    }
  }

  static List<AppViolation> violations(ObjectNode app) {
    List<AppViolation> violations = new ArrayList<>(AppValidator.validate(app));
    if (app.hasNonNull("container")) {
      violations.add(new AppViolation("/container", NO_CONTAINERS));
    }
    app.path("env").fields().forEachRemaining(e -> {
      if (e.getValue().isObject()) {
        violations.add(new AppViolation("/env/" + e.getKey(), "secrets are not supported by the embedded scheduler"));
      }
    });
    if (app.hasNonNull("user")) {
      TaskUser.refusal(app.get("user").asText()).ifPresent(why -> violations.add(new AppViolation("/user", why)));
    }
    return violations;
  }
}
