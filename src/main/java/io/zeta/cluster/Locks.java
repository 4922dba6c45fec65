package io.zeta.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.storage.AlreadyExistsException;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Locks on shared storage, one file per lock under {@code /zeta/kstore/locks}, taken with the
 * filesystem's atomic create-if-absent: works across hosts with nothing but the filesystem. A lock
 * file records its holder (host, pid, process start time, user), the operation, a lease and the
 * operation's intent, so that:
 * <ul>
 *   <li>a lock whose holder is gone ({@link LockLease}: dead process on this host, expired lease
 *       from another) is taken over at once, with a note and an audit line; the take-over first
 *       claims the stale lock with a create-if-absent of a file named after its content, so of
 *       two takers of one stale lock exactly one proceeds;</li>
 *   <li>a held lock's lease is renewed by a daemon thread rewriting the file every third of a lease;</li>
 *   <li>waiting for a live holder is bounded and says who it is;</li>
 *   <li>a crashed operation can be finished or undone by {@code zeta cluster doctor} (or by the
 *       {@link Recovery} a take-over runs) from the intent.</li>
 * </ul>
 * Closing releases every lock still held and stops the renewal; it may be called more than once.
 */
public final class Locks implements Closeable {
  /** How long a command waits for a live holder unless told otherwise. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
  /** Claims of stale locks being taken over; kept for a while so that a late second taker cannot win too. */
  static final String CLAIM = ".stale-";
  private static final Duration KEEP_CLAIMS = Duration.ofHours(1);

  private final Storage storage;
  private final Actor actor;
  private final Clock clock;
  private final LockLease.Processes processes;
  private final Duration lease;
  private final Instant processStart;
  private final List<Lock> held = new CopyOnWriteArrayList<>();
  private volatile Duration defaultWait = DEFAULT_WAIT;
  private volatile Consumer<String> notes = note -> { };
  private volatile Recovery recovery;
  private ScheduledExecutorService renewer;
  private boolean closed;

  /** Finishes or undoes the operation of an abandoned lock before its new holder goes on. */
  @FunctionalInterface
  public interface Recovery {
    void recover(LockInfo abandoned) throws IOException;
  }

  public Locks(Storage storage, Actor actor) {
    this(storage, actor, Clock.systemUTC(), LockLease.Processes.system(), LockLease.DEFAULT_LEASE,
        ProcessHandle.current().info().startInstant().orElse(null));
  }

  /** With a clock, process table and lease of one's own (tests). */
  public Locks(Storage storage, Actor actor, Clock clock, LockLease.Processes processes, Duration lease,
      Instant processStart) {
    this.storage = storage;
    this.actor = actor;
    this.clock = clock;
    this.processes = processes;
    this.lease = lease;
    this.processStart = processStart;
  }

  /** How long {@link #acquire(String, String, ObjectNode)} waits for a live holder (the CLI's --wait). */
  public Locks waitingUpTo(Duration wait) {
    this.defaultWait = wait;
    return this;
  }

  /** Where one-line notes go (waiting, take-overs, a lock lost to another client). */
  public Locks notesTo(Consumer<String> sink) {
    this.notes = sink;
    return this;
  }

  public Locks recoveringWith(Recovery r) {
    this.recovery = r;
    return this;
  }

  public Duration defaultWait() {
    return defaultWait;
  }

  /** A held lock; closing it releases it (once; later closes do nothing). */
  public final class Lock implements AutoCloseable {
    private final String name;
    private final String token;
    private final LockInfo info;
    private volatile boolean released;
    private volatile boolean lost;
    private volatile String phase = "";

    private Lock(String name, String token, LockInfo info) {
      this.name = name;
      this.token = token;
      this.info = info;
    }

    public String name() {
      return name;
    }

    /** What this lock's file says (as written when it was taken). */
    public LockInfo info() {
      return info;
    }

    /**
     * Marks how far the operation got, in memory only: what an interrupt handler needs to know
     * beyond the intent (for instance, that an uninstall's apps are destroyed).
     */
    public void phase(String p) {
      this.phase = p;
    }

    public String phase() {
      return phase;
    }

    public boolean released() {
      return released;
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      // Held until the file is gone: an interrupt handler that finds this lock still listed
      // releases it itself, even when the release was under way.
      try {
        if (ownedBy(name, token)) {
          storage.delete(path(name), false);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not release lock " + name, e);
      } finally {
        released = true;
        held.remove(this);
      }
    }

    private void renew() {
      if (released || lost) {
        return;
      }
      try {
        if (!ownedBy(name, token)) {
          lost = true;
          Optional<LockInfo> now = read(name);
          notes.accept("the lock of " + target(name) + " was taken over" + now.map(l -> " by " + l.describe()).orElse("")
              + " while this command held it");
          return;
        }
        Instant now = clock.instant();
        storage.write(path(name), content(info.op(), info.intent(), token, info.acquiredAt(), now.plus(lease)));
        if (released && ownedBy(name, token)) {
          // Released while this renewal wrote: the release's delete may have come first.
          storage.delete(path(name), false);
        }
      } catch (IOException | RuntimeException e) {
        // The next renewal tries again; a lease outlives two failed renewals.
      }
    }
  }

  /** Takes a lock, waiting up to the default wait ({@link #waitingUpTo}) for a live holder. */
  public Lock acquire(String name, String op, ObjectNode intent) {
    return acquire(name, op, intent, defaultWait);
  }

  /** Takes a lock, waiting up to {@code patience} for a live holder; abandoned locks are taken over at once. */
  public Lock acquire(String name, String op, ObjectNode intent, Duration patience) {
    ObjectNode theIntent = intent == null ? Json.object() : intent;
    long deadline = clock.millis() + patience.toMillis();
    long backoff = 25;
    boolean announced = false;
    while (true) {
      String token = UUID.randomUUID().toString();
      Instant now = clock.instant();
      try {
        try {
          storage.createExclusive(path(name), content(op, theIntent, token, now, now.plus(lease)));
          return hold(name, token, op, theIntent, now);
        } catch (AlreadyExistsException e) {
          // Held: see by whom below.
        }
        Optional<Raw> holder = readRaw(name);
        if (holder.isEmpty()) {
          continue; // released while we looked: try again
        }
        LockInfo info = holder.get().info();
        LockLease.Verdict verdict = LockLease.judge(info, actor.host(), clock.instant(), processes);
        if (verdict.abandoned()) {
          Optional<Lock> taken = takeOver(name, holder.get(), verdict, op, theIntent);
          if (taken.isPresent()) {
            return taken.get();
          }
          continue; // another client took it over or released it first: look again
        }
        if (clock.millis() >= deadline) {
          throw busy(name, info, patience);
        }
        if (!announced) {
          announced = true;
          notes.accept("waiting for " + target(name) + ": " + holderText(info) + " (up to " + Durations.format(patience)
              + "; --wait to change)");
        }
        sleep(Math.min(backoff + ThreadLocalRandom.current().nextLong(backoff), Math.max(1, deadline - clock.millis())));
        backoff = Math.min(backoff * 2, 400);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot take lock " + name + ": " + e.getMessage(), e);
      }
    }
  }

  private Lock hold(String name, String token, String op, ObjectNode intent, Instant at) {
    Lock lock = new Lock(name, token, new LockInfo(name, op, actor, processStart, at, at.plus(lease), token, intent));
    held.add(lock);
    startRenewing();
    return lock;
  }

  /**
   * Takes an abandoned lock over. A claim file named after the stale lock's content is created
   * first, with the atomic create-if-absent: of two takers of one stale lock only one creates it,
   * and a late taker whose view is out of date finds the claim there and loses. (A rename aside
   * would do on HDFS, but the local filesystem's rename replaces.) The claim keeps the stale
   * record for an hour, then the next take-over removes it.
   */
  private Optional<Lock> takeOver(String name, Raw stale, LockLease.Verdict verdict, String op, ObjectNode intent)
      throws IOException {
    String claim = ClusterLayout.LOCKS + "/" + name + CLAIM + stale.fingerprint();
    try {
      storage.createExclusive(claim, stale.bytes());
    } catch (AlreadyExistsException lostRace) {
      return Optional.empty();
    }
    Optional<Raw> current = readRaw(name);
    if (current.isEmpty() || !Arrays.equals(current.get().bytes(), stale.bytes())) {
      return Optional.empty(); // released by its holder meanwhile: an ordinary acquire follows
    }
    storage.delete(path(name), false);
    String token = UUID.randomUUID().toString();
    Instant now = clock.instant();
    try {
      storage.createExclusive(path(name), content(op, intent, token, now, now.plus(lease)));
    } catch (AlreadyExistsException lostRace) {
      return Optional.empty();
    }
    Lock lock = hold(name, token, op, intent, now);
    LockInfo old = stale.info();
    String why = LockLease.reason(old, verdict);
    notes.accept("took over the lock of " + target(name) + " from " + old.describe() + ": " + why);
    try {
      new AuditLog(storage, actor).record("lock take-over", target(name), "taken over from " + old.describe() + ": " + why);
    } catch (IOException | RuntimeException e) {
      notes.accept("could not write the audit log: " + e.getMessage());
    }
    removeOldClaims();
    Recovery r = recovery;
    if (r != null && !old.incomplete() && !old.intent().isEmpty()) {
      try {
        r.recover(old);
      } catch (IOException | RuntimeException e) {
        // Leave the abandoned operation's record where `doctor` finds it.
        held.remove(lock);
        lock.released = true;
        storage.write(path(name), stale.bytes());
        throw new ZetaException("could not finish or undo the interrupted " + old.op() + " of " + target(name) + ": "
            + e.getMessage(), "run `zeta cluster doctor --repair`", e);
      }
    }
    return Optional.of(lock);
  }

  private void removeOldClaims() {
    try {
      long cutoff = clock.millis() - KEEP_CLAIMS.toMillis();
      for (FileInfo f : storage.list(ClusterLayout.LOCKS)) {
        if (f.name().contains(CLAIM) && f.modified() < cutoff) {
          storage.delete(f.path(), false);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Old claims are small; the next take-over removes them.
    }
  }

  private ZetaException busy(String name, LockInfo holder, Duration waited) {
    String hint;
    if (holder.incomplete()) {
      hint = "another client has just started an operation on it; try again in a moment";
    } else if (holder.owner().host().equals(actor.host())) {
      hint = "wait for it to finish (retry with a longer --wait, e.g. --wait 2m), or stop that command (kill "
          + holder.owner().pid() + "); an interrupted command releases its lock";
    } else {
      hint = "wait for it to finish (retry with a longer --wait, e.g. --wait 2m); if host " + holder.owner().host()
          + " is down, its lease expires at " + LockLease.expiry(holder) + " and the lock is taken over then";
    }
    return new ZetaException(target(name) + " is busy: " + holderText(holder)
        + (waited.isZero() ? "" : "; waited " + Durations.format(waited)), hint, null);
  }

  private String holderText(LockInfo holder) {
    if (holder.incomplete()) {
      return "another client has just started an operation on it";
    }
    Duration age = Duration.between(holder.acquiredAt(), clock.instant());
    return holder.describe() + " (" + Durations.format(age.isNegative() ? Duration.ZERO : age.truncatedTo(ChronoUnit.SECONDS))
        + " ago)";
  }

  /** The locks this process holds, in the order taken. */
  public List<Lock> held() {
    return List.copyOf(held);
  }

  public List<LockInfo> list() {
    List<LockInfo> out = new ArrayList<>();
    try {
      for (FileInfo f : storage.list(ClusterLayout.LOCKS)) {
        if (f.name().endsWith(".lock")) {
          read(f.name().substring(0, f.name().length() - ".lock".length())).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Whether a lock's record is abandoned (its holder is dead, or its lease expired), as a take-over would judge it. */
  public LockLease.Verdict judge(LockInfo lock) {
    return LockLease.judge(lock, actor.host(), clock.instant(), processes);
  }

  public Optional<LockInfo> read(String name) {
    try {
      return readRaw(name).map(Raw::info);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A lock file's bytes and what they say. */
  private record Raw(byte[] bytes, long modified, LockInfo info) {
    /** Names the claim: the same stale lock always gives the same name, a new lock another. */
    String fingerprint() {
      try {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(bytes);
        d.update(Long.toString(modified).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d.digest(), 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Optional<Raw> readRaw(String name) throws IOException {
    byte[] bytes;
    long modified;
    try {
      Optional<FileInfo> f = storage.info(path(name));
      if (f.isEmpty()) {
        return Optional.empty();
      }
      modified = f.get().modified();
      bytes = storage.read(path(name));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    try {
      JsonNode doc = Json.parse(bytes, path(name));
      Instant acquired = instant(doc, "acquiredAt").or(() -> instant(doc, "startedAt")).orElse(Instant.ofEpochMilli(modified));
      return Optional.of(new Raw(bytes, modified, new LockInfo(name, doc.path("op").asText(),
          new Actor(doc.path("user").asText(), doc.path("host").asText(), doc.path("pid").asLong()),
          instant(doc, "processStart").orElse(null), acquired, instant(doc, "leaseExpiresAt").orElse(null),
          doc.path("token").asText(""), doc.path("intent").isObject() ? (ObjectNode) doc.get("intent") : Json.object())));
    } catch (ZetaException e) {
      // A lock whose content never got written (crash between create and write) is still a lock,
      // with a lease counted from its file's time.
      Instant at = Instant.ofEpochMilli(modified);
      return Optional.of(new Raw(bytes, modified, new LockInfo(name, "unknown", new Actor("?", "?", -1), null, at,
          at.plus(lease), "", Json.object())));
    }
  }

  private static Optional<Instant> instant(JsonNode doc, String field) {
    String text = doc.path(field).asText("");
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private boolean ownedBy(String name, String token) throws IOException {
    try {
      JsonNode doc = Json.parse(storage.read(path(name)), path(name));
      return token.equals(doc.path("token").asText());
    } catch (FileNotFoundException e) {
      return false;
    } catch (ZetaException e) {
      return false;
    }
  }

  private byte[] content(String op, ObjectNode intent, String token, Instant acquired, Instant expires) {
    ObjectNode doc = Json.object();
    doc.put("op", op);
    doc.put("user", actor.user());
    doc.put("host", actor.host());
    doc.put("pid", actor.pid());
    if (processStart != null) {
      doc.put("processStart", processStart.toString());
    }
    doc.put("acquiredAt", acquired.toString());
    doc.put("startedAt", acquired.toString());
    doc.put("leaseSeconds", lease.toSeconds());
    doc.put("leaseExpiresAt", expires.toString());
    doc.put("token", token);
    doc.set("intent", intent);
    return Json.prettyBytes(doc);
  }

  private synchronized void startRenewing() {
    if (renewer != null || closed) {
      return;
    }
    renewer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "zeta-lock-lease");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, LockLease.renewEvery(lease).toMillis());
    renewer.scheduleWithFixedDelay(() -> held.forEach(Lock::renew), every, every, TimeUnit.MILLISECONDS);
  }

  /** Renews every held lock now (tests; the renewer does it every third of a lease). */
  public void renewNow() {
    held.forEach(Lock::renew);
  }

  /** Removes a lock left by a crashed operation (doctor only). */
  public void breakLock(String name) throws IOException {
    storage.delete(path(name), false);
  }

  /** Releases what is still held and stops renewing. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService r;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      r = renewer;
    }
    if (r != null) {
      r.shutdownNow();
    }
    for (Lock l : held()) {
      try {
        l.close();
      } catch (RuntimeException ignored) {
        // The storage is gone: the lock's holder is this dead process or its lease runs out.
      }
    }
  }

  static String path(String name) {
    return ClusterLayout.LOCKS + "/" + name + ".lock";
  }

  /** "instance@team1@web1" reads as "instance team1/web1". */
  public static String target(String name) {
    String[] parts = name.split("@");
    if (parts.length == 1) {
      return parts[0];
    }
    return parts[0] + " " + String.join(parts[0].equals("instance") ? "/" : "@", Arrays.copyOfRange(parts, 1, parts.length));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZetaException("interrupted while waiting for a lock");
    }
  }
}
