package io.zeta.lifecycle;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a mutating command will do, computed before it does anything: the directories and files
 * it writes (final paths, modes, and contents with secret values masked), what it deletes or
 * keeps, the scheduler apps it creates, updates or destroys, and the index entries it adds or
 * removes. {@code --dry-run} prints the plan and stops; the verbs run from the same plan
 * (install writes exactly the files and directories its plan lists; uninstall and unstage take
 * each step through the code that records it), so a dry run cannot show other changes than the
 * real run makes. A plan is a read of the tree at one moment: another command may change the
 * tree before a real run, which then checks everything again under its lock.
 */
public final class Plan {
  /** What a change applies to. */
  public enum Kind {
    DIRECTORY, FILE, APP, INDEX, IMAGE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What happens to it. {@code KEEP} is said of what a reader might expect to change and that stays as it is (kept data). */
  public enum Action {
    CREATE, REPLACE, DELETE, KEEP, UPDATE, DESTROY, ADD, REMOVE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One change. {@code content} is what is written (never printed: it may hold secret values);
   * {@code shown} is the same with secret values masked; {@code diff}, where the plan compares
   * with what is there (upgrade, {@code package diff}), the unified diff of the two, masked alike.
   * {@code mode} is -1 and {@code size} -1 where they do not apply.
   */
  public record Change(Action action, Kind kind, String target, int mode, long size, byte[] content, String shown,
      String diff, String note) {
    public Optional<String> noteText() {
      return Optional.ofNullable(note).filter(n -> !n.isEmpty());
    }
  }

  private final String action;
  private final String target;
  private final ObjectNode subject = Json.object();
  private final List<Change> changes = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> secretChanges = new ArrayList<>();

  /** @param action the command ("install"), @param target what it acts on ("team1/web1", "kv@1.0.0") */
  public Plan(String action, String target) {
    this.action = action;
    this.target = target;
  }

  public String action() {
    return action;
  }

  public String target() {
    return target;
  }

  /** Facts about what the command acts on (role, id, package, version, home), in the JSON keys of every command. */
  public Plan fact(String key, String value) {
    if (value != null) {
      subject.put(key, value);
    }
    return this;
  }

  public List<Change> changes() {
    return Collections.unmodifiableList(changes);
  }

  public List<String> notes() {
    return Collections.unmodifiableList(notes);
  }

  public Plan note(String note) {
    notes.add(note);
    return this;
  }

  public Plan directory(Action a, String path, int mode, String note) {
    changes.add(new Change(a, Kind.DIRECTORY, path, mode, -1, null, null, null, note));
    return this;
  }

  /** A file written (created or replaced) with this content; {@code shown} is the content as it may be printed. */
  public Plan write(Action a, String path, int mode, byte[] content, String shown) {
    changes.add(new Change(a, Kind.FILE, path, mode, content.length, content, shown, null, null));
    return this;
  }

  /** A file changed from what is there: its new content (null when it is deleted) and the unified diff. */
  public Plan change(Action a, String path, int mode, byte[] content, String shown, String diff) {
    changes.add(new Change(a, Kind.FILE, path, mode, content == null ? -1 : content.length, content, shown, diff, null));
    return this;
  }

  public Plan delete(Kind kind, String path, String note) {
    changes.add(new Change(Action.DELETE, kind, path, -1, -1, null, null, null, note));
    return this;
  }

  public Plan keep(Kind kind, String path, String note) {
    changes.add(new Change(Action.KEEP, kind, path, -1, -1, null, null, null, note));
    return this;
  }

  public Plan app(Action a, String appId, String note) {
    changes.add(new Change(a, Kind.APP, appId, -1, -1, null, null, null, note));
    return this;
  }

  public Plan index(Action a, String path) {
    changes.add(new Change(a, Kind.INDEX, path, -1, -1, null, null, null, null));
    return this;
  }

  /** Whether the plan changes anything (a plan of only kept things does not). */
  public boolean changesAnything() {
    return changes.stream().anyMatch(c -> c.action() != Action.KEEP) || !secretChanges.isEmpty();
  }

  /** Secret options whose values change (by name: the values are never shown). */
  public List<String> secretChanges() {
    return Collections.unmodifiableList(secretChanges);
  }

  public Plan secretChange(String path) {
    secretChanges.add(path);
    return this;
  }

  /** The change of one path, if the plan has one. */
  public Optional<Change> change(String path) {
    return changes.stream().filter(c -> c.target().equals(path)).findFirst();
  }

  /**
   * The plan as {@code --dry-run --json} prints it: {@code action}, {@code target}, the facts,
   * {@code dryRun: true}, {@code changes} (each with {@code action}, {@code kind}, {@code target},
   * and where they apply {@code mode} (octal text), {@code size}, {@code diff} or else {@code
   * content} (masked), {@code note}) and {@code notes}.
   */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.put("action", action);
    out.put("target", target);
    out.setAll(subject);
    out.put("dryRun", true);
    ArrayNode list = out.putArray("changes");
    for (Change c : changes) {
      ObjectNode o = list.addObject();
      o.put("action", c.action().id());
      o.put("kind", c.kind().id());
      o.put("target", c.target());
      if (c.mode() >= 0) {
        o.put("mode", String.format("%04o", c.mode()));
      }
      if (c.size() >= 0) {
        o.put("size", c.size());
      }
      if (c.diff() != null) {
        o.put("diff", c.diff());
      } else if (c.shown() != null) {
        o.put("content", c.shown());
      }
      c.noteText().ifPresent(n -> o.put("note", n));
    }
    ArrayNode sc = out.putArray("secretOptionsChanged");
    secretChanges.forEach(sc::add);
    ArrayNode n = out.putArray("notes");
    notes.forEach(n::add);
    return out;
  }

  /** How many files and bytes a directory holds, for what a deletion says it removes. */
  static String tally(Storage storage, String dir) throws IOException {
    long[] count = new long[2];
    tally(storage, dir, count);
    return count[0] == 0 ? "empty" : count[0] + (count[0] == 1 ? " file, " : " files, ") + bytes(count[1]);
  }

  private static void tally(Storage storage, String dir, long[] count) throws IOException {
    for (FileInfo f : storage.list(dir)) {
      if (f.directory()) {
        tally(storage, f.path(), count);
      } else {
        count[0]++;
        count[1] += f.length();
      }
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
