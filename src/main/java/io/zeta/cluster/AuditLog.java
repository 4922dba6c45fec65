package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster's audit log: one JSON line per mutating command (and per refused one), appended to
 * {@code /zeta/kstore/audit/audit.log}. A line is one JSON object written in one append; every
 * string in it is JSON-escaped, so no name or option value can end a line or start a forged one.
 */
public final class AuditLog {
  private final Storage storage;
  private final Actor actor;
  private final Supplier<String> principal;

  /** @param principal who acts, as the entry names it ("alice", "root as alice") */
  public AuditLog(Storage storage, Actor actor, Supplier<String> principal) {
    this.storage = storage;
    this.actor = actor;
    this.principal = principal;
  }

  /** For commands run before a cluster exists (init): the OS user is the principal. */
  public AuditLog(Storage storage, Actor actor) {
    this(storage, actor, actor::user);
  }

  /**
   * One audited command. {@code result} is "ok", "failed: <why>", "denied: <why>" (refused by
   * the authorizer) or "interrupted: <state>". {@code user} is the OS user of the process,
   * {@code principal} whose rights applied; {@code role} the role acted in, if any. Lines of
   * older versions have {@code command} for {@code action} and no principal (it was the user).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Entry(String time, String principal, String user, String host, long pid,
      @JsonAlias("command") String action, String target, String role, String result) {
    /** Whose rights applied: the principal, or for older lines the OS user. */
    public String who() {
      return principal != null ? principal : user;
    }

    /** Whether {@code name} acted here, in person or impersonated ("root as alice" is both root and alice). */
    public boolean involves(String name) {
      String w = who();
      if (w == null) {
        return false;
      }
      int as = w.indexOf(" as ");
      return as < 0 ? w.equals(name) : w.substring(0, as).equals(name) || w.substring(as + 4).equals(name);
    }

    public boolean denied() {
      return result != null && result.startsWith("denied: ");
    }
  }

  public void record(String action, String target, String result) throws IOException {
    record(action, target, roleOf(action, target), result);
  }

  public void record(String action, String target, String role, String result) throws IOException {
    Entry e = new Entry(Instant.now().toString(), principal.get(), actor.user(), actor.host(), actor.pid(), action,
        target, role, result);
    storage.append(ClusterLayout.AUDIT_LOG, (Json.compact(e) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The role a command acted in, from its target: {@code role/id...} for the instance commands,
   * the role itself for {@code role add|remove}; null for cluster-wide ones (stage, init...).
   */
  public static String roleOf(String action, String target) {
    if (target == null) {
      return null;
    }
    String first = target.split("[/ ]", 2)[0];
    boolean named = target.contains("/") || (action != null && action.startsWith("role "));
    return named && first.matches("^[a-z][a-z0-9]{0,31}$") ? first : null;
  }

  public List<Entry> read() throws IOException {
    String text;
    try {
      text = new String(storage.read(ClusterLayout.AUDIT_LOG), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          Entry e = Json.MAPPER.readValue(line, Entry.class);
          // Older lines carry no role: it is derived as a new line's would be.
          out.add(e.role() != null ? e : new Entry(e.time(), e.principal(), e.user(), e.host(), e.pid(), e.action(),
              e.target(), roleOf(e.action(), e.target()), e.result()));
        } catch (IOException damaged) {
          // A line cut short by a crash is skipped, not fatal.
        }
      }
    }
    return out;
  }
}
