package io.zeta.scheduler.embedded;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Marathon's processedOffersSummary for one app in the launch queue. The agent has no offers; each
 * pass of its loop that tries to launch a waiting task counts as one offer of the agent's free
 * resources, declined for the reasons the task did not fit. Guarded by the supervisor's lock.
 */
final class OfferStats {
  /** When the app started waiting (the queue's {@code since}); null while nothing waits. */
  Instant since;
  long processed;
  long unused;
  Instant lastUnusedAt;
  Instant lastUsedAt;
  final Map<String, Long> declined = new LinkedHashMap<>();
  /** The reasons of the last declined offer, for the agent's own log and the queue's lastUnusedOffers. */
  List<String> lastReasons = List.of();

  void waiting(int count, Instant now) {
    if (count <= 0) {
      since = null;
      processed = 0;
      unused = 0;
      declined.clear();
      lastReasons = List.of();
    } else if (since == null) {
      since = now;
    }
  }

  void used(Instant now) {
    processed++;
    lastUsedAt = now;
  }

  void declined(Instant now, List<String> reasons) {
    processed++;
    unused++;
    lastUnusedAt = now;
    lastReasons = List.copyOf(reasons);
    reasons.forEach(r -> declined.merge(r, 1L, Long::sum));
  }
}
