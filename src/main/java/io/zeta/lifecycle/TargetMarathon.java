package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.SchedulerInfo;
import io.zeta.scheduler.AppValidator;
import io.zeta.scheduler.AppViolation;
import io.zeta.scheduler.MarathonClient;
import io.zeta.scheduler.MarathonVersion;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Marathon release apps are checked for, and where that came from: {@code --marathon-version},
 * else what the cluster recorded ({@link SchedulerInfo}), else Marathon 1.7, the oldest release
 * Zeta knows (so that an app valid for it is valid for every later one, as far as fields go).
 */
public record TargetMarathon(MarathonVersion version, String source) {
  public static final String FLAG = "--marathon-version";

  /** Without a cluster: the flag, or the oldest release. */
  public static TargetMarathon of(Optional<String> override) {
    if (override.isPresent()) {
      return new TargetMarathon(MarathonVersion.parse(override.get(), FLAG), FLAG);
    }
    return new TargetMarathon(MarathonVersion.BASELINE, "Zeta's default when the scheduler's release is not known");
  }

  /** For a cluster: the flag, else the cluster's record, else the oldest release. */
  public static TargetMarathon of(Cluster cluster, Optional<String> override) {
    if (override.isPresent()) {
      return of(override);
    }
    Optional<SchedulerInfo> info = SchedulerInfo.read(cluster.storage());
    Optional<MarathonVersion> recorded = info.flatMap(i -> MarathonVersion.fromInfo(i.marathonVersion()));
    if (recorded.isPresent()) {
      return new TargetMarathon(recorded.get(), "the cluster's, recorded from " + info.get().source());
    }
    return of(Optional.empty());
  }

  /**
   * Asks the scheduler ({@code GET /v2/info}) which release it runs; when it cannot be asked or
   * does not say, the cluster's record stands.
   */
  public static TargetMarathon observe(Cluster cluster, MarathonClient client) {
    TargetMarathon recorded = of(cluster, Optional.empty());
    String reported;
    try {
      reported = client.info().path("version").asText(null);
    } catch (RuntimeException e) {
      return recorded;
    }
    Optional<MarathonVersion> v = MarathonVersion.fromInfo(reported);
    if (v.isEmpty()) {
      return recorded;
    }
    return new TargetMarathon(v.get(), INFO_SOURCE + client.url());
  }

  private static final String INFO_SOURCE = "/v2/info of ";

  /**
   * Records what {@link #observe} read when the cluster's record says otherwise (the first start,
   * or Marathon was upgraded). Called once the command has done its work, so a refused command
   * changes nothing.
   */
  public void remember(Cluster cluster) {
    if (!source.startsWith(INFO_SOURCE)) {
      return;
    }
    Optional<SchedulerInfo> info = SchedulerInfo.read(cluster.storage());
    if (info.flatMap(i -> MarathonVersion.fromInfo(i.marathonVersion())).filter(version::equals).isPresent()) {
      return;
    }
    try {
      SchedulerInfo.write(cluster.storage(), version.toString(), source);
    } catch (IOException e) {
      // Only a record: the next start asks again.
    }
  }

  /** Refuses, in one line, the first app this Marathon would not accept, naming every reason. */
  public void check(List<? extends JsonNode> apps) {
    for (JsonNode app : apps) {
      List<AppViolation> violations = AppValidator.validate(app, version);
      if (violations.isEmpty()) {
        continue;
      }
      String id = app.path("id").isTextual() ? "app " + app.get("id").asText() : "the app";
      Optional<MarathonVersion> needed = AppValidator.releaseNeeded(app).filter(n -> n.compareTo(version) > 0);
      String hint = needed.map(n -> "if the scheduler runs Marathon " + n + " or later, say so with " + FLAG + " " + n)
          .orElse("fix the package's template, or the options it is rendered with");
      throw new ZetaException(id + " is not a valid app for Marathon " + version + " (" + source + "): "
          + violations.stream().map(AppViolation::toString).collect(Collectors.joining("; ")), hint, null);
    }
  }
}
