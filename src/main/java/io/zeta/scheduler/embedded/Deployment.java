package io.zeta.scheduler.embedded;

import io.zeta.scheduler.AppId;
import java.util.List;
import java.util.UUID;

/**
 * One change to one or more apps that is under way, as one Marathon deployment plan (a group
 * change or a kill with scale touches several apps at once). It is listed until every app reached
 * what the change asked for, the way Marathon lists a deployment until it finished.
 */
final class Deployment {
  /**
   * What the deployment does to one app: Marathon's action name (StartApplication,
   * ScaleApplication, RestartApplication or StopApplication), and the app as it was before, for a
   * rollback (null when the deployment created it).
   */
  record Action(ManagedApp app, String action, StoredApp before) {}

  final String id = UUID.randomUUID().toString();
  final String version;
  final List<Action> actions;

  Deployment(String version, List<Action> actions) {
    this.version = version;
    this.actions = List.copyOf(actions);
  }

  Deployment(String version, ManagedApp app, String action) {
    this(version, List.of(new Action(app, action, null)));
  }

  boolean affects(AppId appId) {
    return actions.stream().anyMatch(a -> a.app().id.equals(appId));
  }
}
