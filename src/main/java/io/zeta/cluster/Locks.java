package io.zeta.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.storage.AlreadyExistsException;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Locks on shared storage, one file per lock under {@code /zeta/kstore/locks}, taken with the
 * filesystem's atomic create-if-absent: works across hosts with nothing but the filesystem. A lock
 * file also records the operation's intent, so a crashed operation can be finished or undone by
 * {@code zeta cluster doctor}.
 */
public final class Locks {
  private final Storage storage;
  private final Actor actor;

  public Locks(Storage storage, Actor actor) {
    this.storage = storage;
    this.actor = actor;
  }

  /** A held lock; closing it releases it. */
  public final class Lock implements AutoCloseable {
    private final String name;
    private boolean released;

    private Lock(String name) {
      this.name = name;
    }

    public String name() {
      return name;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        try {
          storage.delete(path(name), false);
        } catch (IOException e) {
          throw new UncheckedIOException("could not release lock " + name, e);
        }
      }
    }
  }

  /** Takes a lock or fails at once, saying who holds it. */
  public Lock acquire(String name, String op, ObjectNode intent) {
    return acquire(name, op, intent, Duration.ZERO);
  }

  /** Takes a lock, waiting up to {@code patience} for a holder to finish. */
  public Lock acquire(String name, String op, ObjectNode intent, Duration patience) {
    ObjectNode doc = Json.object();
    doc.put("op", op);
    doc.put("user", actor.user());
    doc.put("host", actor.host());
    doc.put("pid", actor.pid());
    doc.put("startedAt", Instant.now().toString());
    doc.set("intent", intent == null ? Json.object() : intent);
    byte[] content = Json.prettyBytes(doc);
    long deadline = System.currentTimeMillis() + patience.toMillis();
    long backoff = 25;
    int vanished = 0;
    while (true) {
      try {
        storage.createExclusive(path(name), content);
        return new Lock(name);
      } catch (AlreadyExistsException e) {
        if (System.currentTimeMillis() >= deadline) {
          Optional<LockInfo> holder = readSettled(name);
          if (holder.isEmpty() && vanished++ < 3) {
            continue; // released while we looked: try again
          }
          throw new ZetaException(target(name) + " is busy: " + holder.filter(h -> h.owner().pid() >= 0)
              .map(LockInfo::describe).orElse("another client has just started an operation on it"),
              "try again when it has finished; if that process is gone, run `zeta cluster doctor --repair`", null);
        }
        sleep(backoff + ThreadLocalRandom.current().nextLong(backoff));
        backoff = Math.min(backoff * 2, 400);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot take lock " + name + ": " + e.getMessage(), e);
      }
    }
  }

  /** A lock just taken may not have its content yet (create, then write): give the writer a moment. */
  private Optional<LockInfo> readSettled(String name) {
    Optional<LockInfo> info = read(name);
    for (int i = 0; i < 10 && info.isPresent() && info.get().owner().pid() < 0; i++) {
      sleep(20);
      info = read(name);
    }
    return info;
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

  public Optional<LockInfo> read(String name) {
    try {
      JsonNode doc = Json.parse(storage.read(path(name)), path(name));
      return Optional.of(new LockInfo(name, doc.path("op").asText(),
          new Actor(doc.path("user").asText(), doc.path("host").asText(), doc.path("pid").asLong()),
          Instant.parse(doc.path("startedAt").asText(Instant.EPOCH.toString())),
          doc.path("intent").isObject() ? (ObjectNode) doc.get("intent") : Json.object()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ZetaException e) {
      // A lock whose content never got written (crash between create and write) is still a lock.
      return Optional.of(new LockInfo(name, "unknown", new Actor("?", "?", -1), Instant.EPOCH, Json.object()));
    }
  }

  /** Removes a lock left by a crashed operation (doctor only). */
  public void breakLock(String name) throws IOException {
    storage.delete(path(name), false);
  }

  static String path(String name) {
    return ClusterLayout.LOCKS + "/" + name + ".lock";
  }

  /** "instance@team1@web1" reads as "instance team1/web1". */
  static String target(String name) {
    String[] parts = name.split("@");
    if (parts.length == 1) {
      return parts[0];
    }
    return parts[0] + " " + String.join(parts[0].equals("instance") ? "/" : "@", java.util.Arrays.copyOfRange(parts, 1, parts.length));
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
