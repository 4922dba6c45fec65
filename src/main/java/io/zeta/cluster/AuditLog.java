package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The cluster's audit log: one JSON line per mutating command, appended to {@code /zeta/kstore/audit/audit.log}. */
public final class AuditLog {
  private final Storage storage;
  private final Actor actor;

  public AuditLog(Storage storage, Actor actor) {
    this.storage = storage;
    this.actor = actor;
  }

  /** One audited command. {@code result} is "ok" or "failed: <why>". */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(String time, String user, String host, long pid, String command, String target, String result) {}

  public void record(String command, String target, String result) throws IOException {
    Entry e = new Entry(Instant.now().toString(), actor.user(), actor.host(), actor.pid(), command, target, result);
    storage.append(ClusterLayout.AUDIT_LOG, (Json.compact(e) + "\n").getBytes(StandardCharsets.UTF_8));
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
          out.add(Json.MAPPER.readValue(line, Entry.class));
        } catch (IOException damaged) {
          // A line cut short by a crash is skipped, not fatal.
        }
      }
    }
    return out;
  }
}
