package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.scheduler.AppValidator;
import io.zeta.scheduler.AppViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent accepts: what Marathon accepts, minus what needs a cluster (secrets, persistent
 * volumes) and the container settings it cannot run safely. What depends on the agent (its
 * container runtime, privileged containers) is checked by {@link AppSupervisor} as well.
 */
final class DefinitionCheck {
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
      ContainerSpec c = ContainerSpec.from(app);
      if (c != null) {
        violations.addAll(c.violations(app.get("container")));
      }
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
