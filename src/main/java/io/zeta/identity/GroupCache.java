package io.zeta.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A user's groups, looked up in the directory at most once per expiry (default 60 s,
 * {@code identity.cacheSeconds}). In memory only: a cache a user could write (a file in ~/.zeta)
 * would let them grant themselves groups. A CLI command is one process, so it looks up once per
 * principal however many checks it makes (status over many roles); a long-running server (the
 * HTTP API) keeps answers for the expiry, so removing someone from a group takes effect within it.
 */
public final class GroupCache {
  public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);

  private record Entry(Set<String> groups, Instant fetched) {}

  private final Function<String, Set<String>> lookup;
  private final Duration expiry;
  private final Clock clock;
  private final ConcurrentHashMap<String, Entry> entries;
  private final AtomicLong lookups;
  private final AtomicLong hits;

  /** @param lookup the directory's answer for a user (its errors propagate, nothing is cached) */
  public GroupCache(Function<String, Set<String>> lookup, Duration expiry, Clock clock) {
    this(lookup, expiry, clock, new ConcurrentHashMap<>(), new AtomicLong(), new AtomicLong());
  }

  private GroupCache(Function<String, Set<String>> lookup, Duration expiry, Clock clock,
      ConcurrentHashMap<String, Entry> entries, AtomicLong lookups, AtomicLong hits) {
    if (expiry.isNegative()) {
      throw new IllegalArgumentException("negative expiry " + expiry);
    }
    this.lookup = lookup;
    this.expiry = expiry;
    this.clock = clock;
    this.entries = entries;
    this.lookups = lookups;
    this.hits = hits;
  }

  /** The same answers, looked up anew through {@code next} (a new connection to the same directory). */
  public GroupCache using(Function<String, Set<String>> next) {
    return new GroupCache(next, expiry, clock, entries, lookups, hits);
  }

  public GroupCache(Function<String, Set<String>> lookup, Duration expiry) {
    this(lookup, expiry, Clock.systemUTC());
  }

  public Set<String> groupsOf(String user) {
    Instant now = clock.instant();
    Entry e = entries.get(user);
    if (e != null && now.isBefore(e.fetched().plus(expiry))) {
      hits.incrementAndGet();
      return e.groups();
    }
    lookups.incrementAndGet();
    Set<String> groups = Set.copyOf(lookup.apply(user));
    if (!expiry.isZero()) {
      entries.put(user, new Entry(groups, now));
    }
    return groups;
  }

  /** Forgets every answer (after Zeta itself changed memberships). */
  public void clear() {
    entries.clear();
  }

  /** How many times the directory was asked. */
  public long lookups() {
    return lookups.get();
  }

  /** How many answers came from the cache. */
  public long hits() {
    return hits.get();
  }

  public Duration expiry() {
    return expiry;
  }
}
