package io.zeta.scheduler.embedded;

import java.util.UUID;

/**
 * One change to one app that is under way. It is listed until the app reaches what the change
 * asked for, the way Marathon lists a deployment until it finished.
 */
final class Deployment {
  final String id = UUID.randomUUID().toString();
  final String version;
  final ManagedApp app;
  /** Marathon's action name: StartApplication, ScaleApplication, RestartApplication or StopApplication. */
  final String action;

  Deployment(String version, ManagedApp app, String action) {
    this.version = version;
    this.app = app;
    this.action = action;
  }
}
