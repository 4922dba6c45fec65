package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An app as {@code GET /v2/apps/{id}} reports it, with its tasks and deployments embedded.
 *
 * @param deployments ids of the deployments that still change the app
 */
public record AppStatus(String id, String version, int instances, int tasksRunning, int tasksStaged, int tasksHealthy,
    int tasksUnhealthy, boolean hasHealthChecks, List<String> deployments, Map<String, String> labels,
    List<TaskStatus> tasks, Optional<TaskFailure> lastTaskFailure) {
  public AppStatus {
    deployments = List.copyOf(deployments);
    labels = Map.copyOf(labels);
    tasks = List.copyOf(tasks);
  }

  public AppState state() {
    return AppState.of(this);
  }

  /** Reads the {@code app} object of Marathon's answer (the value of {@code "app"}, or one of {@code "apps"}). */
  public static AppStatus from(JsonNode app) {
    Map<String, String> labels = new LinkedHashMap<>();
    app.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    JsonNode failure = app.get("lastTaskFailure");
    return new AppStatus(MarathonFields.text(app, "id"), MarathonFields.text(app, "version"),
        MarathonFields.integer(app, "instances", 1),
        MarathonFields.integer(app, "tasksRunning", 0), MarathonFields.integer(app, "tasksStaged", 0),
        MarathonFields.integer(app, "tasksHealthy", 0), MarathonFields.integer(app, "tasksUnhealthy", 0),
        !MarathonFields.array(app, "healthChecks").isEmpty(),
        MarathonFields.array(app, "deployments").stream().map(d -> MarathonFields.text(d, "id")).toList(),
        labels,
        MarathonFields.array(app, "tasks").stream().map(TaskStatus::from).toList(),
        failure == null || !failure.isObject() ? Optional.empty() : Optional.of(TaskFailure.from(failure)));
  }
}
