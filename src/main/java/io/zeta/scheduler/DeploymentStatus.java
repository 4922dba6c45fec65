package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A deployment that is still running, from {@code GET /v2/deployments}.
 *
 * @param currentActions the actions of the current step, such as {@code StartApplication /zeta/kafka}
 */
public record DeploymentStatus(String id, String version, List<String> affectedApps, int currentStep, int totalSteps,
    List<String> currentActions) {
  public DeploymentStatus {
    affectedApps = List.copyOf(affectedApps);
    currentActions = List.copyOf(currentActions);
  }

  static DeploymentStatus from(JsonNode n) {
    return new DeploymentStatus(MarathonFields.text(n, "id"), MarathonFields.text(n, "version"),
        MarathonFields.array(n, "affectedApps").stream().map(JsonNode::asText).toList(),
        MarathonFields.integer(n, "currentStep", 0), MarathonFields.integer(n, "totalSteps", 0),
        MarathonFields.array(n, "currentActions").stream()
            .map(a -> MarathonFields.text(a, "action") + " " + MarathonFields.text(a, "app")).toList());
  }
}
