package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Marathon's {@code /v2/queue}: the apps with tasks that should run but have not been launched
 * (waiting for resources or for their launch delay), with why the agent's resources did not fit.
 * Called under the supervisor's lock.
 */
final class LaunchQueue {
  private LaunchQueue() {}

  /** How many tasks of the app wait to be launched: wanted, minus the live tasks of its current version. */
  static int waiting(ManagedApp app) {
    if (app.retiring) {
      return 0;
    }
    long current = app.tasks.stream()
        .filter(t -> t.isLive() && t.configVersion.equals(app.lastConfigChangeAt)).count();
    return (int) Math.max(0, app.spec.instances() - current);
  }

  static ObjectNode entry(ManagedApp app, ObjectNode appJson, ResourceLedger ledger, boolean lastUnusedOffers,
      Instant now) {
    ObjectNode out = Json.object();
    out.put("count", waiting(app));
    OfferStats o = app.offers;
    Instant since = o.since == null ? now : o.since;
    // As Marathon: the time left until the launch delay ends; overdue once it has passed.
    Instant notBefore = app.backoff.notBefore().isAfter(since) ? app.backoff.notBefore() : since;
    long timeLeft = Duration.between(now, notBefore).toSeconds();
    ObjectNode delay = out.putObject("delay");
    delay.put("timeLeftSeconds", Math.max(0, timeLeft));
    delay.put("overdue", timeLeft < 0);
    out.put("since", MarathonTime.format(since));
    ObjectNode summary = out.putObject("processedOffersSummary");
    summary.put("processedOffersCount", o.processed);
    summary.put("unusedOffersCount", o.unused);
    putTime(summary, "lastUnusedOfferAt", o.lastUnusedAt);
    putTime(summary, "lastUsedOfferAt", o.lastUsedAt);
    ArrayNode reasons = summary.putArray("rejectSummaryLastOffers");
    ArrayNode attempt = summary.putArray("rejectSummaryLaunchAttempt");
    for (String reason : ResourceLedger.REASONS) {
      long declined = o.declined.getOrDefault(reason, 0L);
      for (ArrayNode list : List.of(reasons, attempt)) {
        ObjectNode r = list.addObject();
        r.put("reason", reason);
        r.put("declined", declined);
        r.put("processed", o.processed);
      }
    }
    if (lastUnusedOffers) {
      ArrayNode offers = out.putArray("lastUnusedOffers");
      if (o.lastUnusedAt != null) {
        ObjectNode unused = offers.addObject();
        unused.set("offer", offer(ledger));
        ArrayNode why = unused.putArray("reason");
        o.lastReasons.forEach(why::add);
        unused.put("timestamp", MarathonTime.format(o.lastUnusedAt));
      }
    }
    out.set("app", appJson);
    return out;
  }

  /** The agent's free resources in the shape of a Mesos offer. */
  private static ObjectNode offer(ResourceLedger ledger) {
    AgentResources total = ledger.total();
    ObjectNode offer = Json.object();
    offer.put("id", "zeta-agent-offer");
    offer.put("agentId", "zeta-agent");
    offer.put("hostname", TaskEnvironment.HOST);
    ArrayNode resources = offer.putArray("resources");
    for (Map.Entry<String, Double> e : List.of(Map.entry("cpus", total.cpus() - ledger.usedCpus()),
        Map.entry("mem", total.mem() - ledger.usedMem()), Map.entry("disk", total.disk() - ledger.usedDisk()))) {
      ObjectNode r = resources.addObject();
      r.put("name", e.getKey());
      r.put("scalar", Math.max(0, e.getValue()));
      r.putArray("ranges");
      r.putArray("set");
      r.put("role", "*");
    }
    ObjectNode ports = resources.addObject();
    ports.put("name", "ports");
    ports.put("scalar", 0);
    ObjectNode range = ports.putArray("ranges").addObject();
    range.put("begin", total.firstPort());
    range.put("end", total.lastPort());
    ports.putArray("set");
    ports.put("role", "*");
    offer.putArray("attributes");
    return offer;
  }

  private static void putTime(ObjectNode out, String field, Instant t) {
    if (t == null) {
      out.putNull(field);
    } else {
      out.put(field, MarathonTime.format(t));
    }
  }
}
