package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.MarathonClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's scheduler as the lifecycle uses it: a Marathon client (Marathon, or the embedded
 * scheduler that speaks its API), or the reason there is none right now. Installs never need it;
 * status answers from storage when it is unavailable.
 */
public final class AppRuntime {
  private final MarathonClient client;
  private final String unavailable;

  private AppRuntime(MarathonClient client, String unavailable) {
    this.client = client;
    this.unavailable = unavailable;
  }

  public static AppRuntime of(MarathonClient client) {
    return new AppRuntime(client, null);
  }

  /** A scheduler that cannot be used, and why (said to the user when it is needed). */
  public static AppRuntime unavailable(String why) {
    return new AppRuntime(null, why);
  }

  /** The client; fails with the reason when there is no scheduler. */
  public MarathonClient client() {
    if (client == null) {
      throw new ZetaException(unavailable);
    }
    return client;
  }

  public Optional<String> url() {
    return Optional.ofNullable(client).map(MarathonClient::url);
  }

  /** Zeta's state of every app under a prefix, by app id, in one scheduler call. */
  public Map<String, String> states(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    for (AppStatus app : client().apps(prefix)) {
      out.put(app.id(), app.state().id());
    }
    return out;
  }

  /** Destroys the apps the scheduler has (last first); absent ones are fine. */
  public void destroy(List<String> appIds, java.time.Duration timeout) {
    for (int i = appIds.size() - 1; i >= 0; i--) {
      client().destroyApp(appIds.get(i)).ifPresent(deployment -> client().awaitDeployment(deployment, timeout));
    }
  }
}
