package io.zeta.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * The scheduler as the lifecycle sees it. Installs never touch it; uninstall destroys an
 * instance's apps; status asks for their states. A cluster without a reachable scheduler still
 * answers status from storage.
 */
public interface AppRuntime {
  /** For instances never started: nothing to destroy, no states to add. */
  AppRuntime NONE = new AppRuntime() {
    @Override
    public void destroy(List<String> appIds) {}

    @Override
    public Map<String, String> states(String prefix) {
      return Map.of();
    }
  };

  /** Stops and removes these apps if the scheduler has them; absent apps are fine. */
  void destroy(List<String> appIds);

  /**
   * The state of every app under an id prefix ("/" for all), by app id: deploying, running,
   * stopped or failed. Throws {@link io.zeta.ZetaException} when the scheduler cannot be reached.
   */
  Map<String, String> states(String prefix);
}
