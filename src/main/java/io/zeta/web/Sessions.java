package io.zeta.web;

import io.zeta.http.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's logins, in memory (a restart of {@code zeta serve} logs everyone out, as it makes a
 * new token). The cookie carries only the random session id; the CSRF token is the session's
 * second secret, which the page reads from the login answer and sends back in a header.
 */
final class Sessions {
  static final int MAX = 10_000;

  /** One login: who, the CSRF token its changes must carry, and when it ends. */
  record Session(String id, String principal, String csrf, Instant expires, boolean admin) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final Clock clock;

  Sessions(Duration ttl, Clock clock) {
    this.ttl = ttl;
    this.clock = clock;
  }

  Duration ttl() {
    return ttl;
  }

  Session open(String principal, boolean admin) {
    expire();
    if (sessions.size() >= MAX) {
      // Bounded: a flood of logins drops the sessions closest to their end rather than growing.
      sessions.values().stream().min(java.util.Comparator.comparing(Session::expires))
          .ifPresent(s -> sessions.remove(s.id()));
    }
    Session s = new Session(Tokens.generate(), principal, Tokens.generate(), clock.instant().plus(ttl), admin);
    sessions.put(s.id(), s);
    return s;
  }

  Optional<Session> find(String id) {
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    if (!s.expires().isAfter(clock.instant())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(s);
  }

  void close(String id) {
    sessions.remove(id);
  }

  private void expire() {
    Instant now = clock.instant();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      if (!it.next().expires().isAfter(now)) {
        it.remove();
      }
    }
  }
}
