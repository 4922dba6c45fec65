package io.zeta.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.http.HttpError;
import io.zeta.http.Request;
import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import io.zeta.identity.AccessDeniedException;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.DescribeInstance;
import io.zeta.lifecycle.EnvExports;
import io.zeta.lifecycle.HomeFiles;
import io.zeta.lifecycle.RevisionDiff;
import io.zeta.lifecycle.UninstallInstance;
import io.zeta.lifecycle.InstanceChange;
import io.zeta.lifecycle.InstanceHistory;
import io.zeta.lifecycle.Progress;
import io.zeta.lifecycle.RestartInstance;
import io.zeta.lifecycle.Revision;
import io.zeta.lifecycle.RollbackInstance;
import io.zeta.lifecycle.ScaleInstance;
import io.zeta.lifecycle.StartInstance;
import io.zeta.lifecycle.StopInstance;
import io.zeta.lifecycle.UpgradeInstance;
import io.zeta.scheduler.AppStatus;
import io.zeta.scheduler.embedded.TaskOutput;
import io.zeta.server.Authentication;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * What the console does to one instance beyond Cosmos's install and uninstall, as the CLI's verbs
 * do it and with the request principal's rights (each verb asks {@code cluster.Access}; every change
 * is audited as {@code serve: package <verb>}, refusals as {@code denied: ...}):
 * {@code POST /zeta/v1/instances/{role}/{id}/start|stop|restart} (no wait: the page follows the
 * state), {@code .../scale {"instances": N}}, {@code .../upgrade {"version"?, "options"?}} and
 * {@code .../rollback {"revision"?}} (these wait until the new tasks are healthy, as the CLI's), the
 * revisions ({@code GET .../history}) and the diff between two ({@code GET .../diff?from=N&to=M}),
 * the files of its home ({@code GET .../files}, bounded, links not followed), its env exports
 * ({@code GET .../env}, secrets masked), the tasks' output ({@code GET .../logs?lines=N}, on the
 * embedded scheduler, whose sandboxes this host reads) and {@code POST .../uninstall {"purge"?,
 * "confirm"?}} (Cosmos's {@code /package/uninstall} keeps the data; a purge must name the id).
 */
final class InstanceActionsResource implements Resource {
  static final Duration WAIT = Duration.ofMinutes(4);
  static final int MAX_LINES = 2000;
  private final Cluster cluster;
  private final Authentication auth;
  private final Supplier<AppRuntime> runtime;
  private final Optional<Path> agentWorkDir;

  InstanceActionsResource(Cluster cluster, Authentication auth, Supplier<AppRuntime> runtime,
      Optional<Path> agentWorkDir) {
    this.cluster = cluster;
    this.auth = auth;
    this.runtime = runtime;
    this.agentWorkDir = agentWorkDir;
  }

  @Override
  public void register(Routes routes) {
    String base = "/zeta/v1/instances/{role}/{id}";
    routes.post(base + "/start", r -> change(r, "start", (view, role, id) -> {
      new StartInstance(view, runtime.get(), Progress.NONE).run(role, id, false, WAIT);
      return message("started " + role + "/" + id);
    }));
    routes.post(base + "/stop", r -> change(r, "stop", (view, role, id) -> {
      new StopInstance(view, runtime.get(), Progress.NONE).run(role, id, WAIT);
      return message("stopped " + role + "/" + id);
    }));
    routes.post(base + "/restart", r -> change(r, "restart", (view, role, id) -> {
      new RestartInstance(view, runtime.get(), Progress.NONE).run(role, id, false, WAIT);
      return message("restarted " + role + "/" + id);
    }));
    routes.post(base + "/scale", r -> change(r, "scale", (view, role, id) -> {
      ObjectNode body = SessionResource.parse(r);
      if (!body.path("instances").canConvertToInt() || body.get("instances").asInt() < 0) {
        throw HttpError.of(400, "send {\"instances\": N} with N a whole number, 0 or more");
      }
      int n = body.get("instances").asInt();
      new ScaleInstance(view, runtime.get(), Progress.NONE).run(role, id, Optional.empty(), n, false, WAIT);
      return message("scaled " + role + "/" + id + " to " + n);
    }));
    routes.post(base + "/upgrade", r -> change(r, "upgrade", (view, role, id) -> {
      ObjectNode body = SessionResource.parse(r);
      Optional<String> to = Optional.ofNullable(body.get("version")).filter(v -> v.isTextual() && !v.asText().isBlank())
          .map(v -> v.asText());
      ObjectNode options = body.get("options") instanceof ObjectNode o ? o : Json.object();
      InstanceChange.Result result = new UpgradeInstance(view, runtime.get(), note -> { })
          .run(new UpgradeInstance.Request(role, id, to, options, false, settings()));
      return changed(result, "upgraded " + role + "/" + id);
    }));
    routes.post(base + "/rollback", r -> change(r, "rollback", (view, role, id) -> {
      ObjectNode body = SessionResource.parse(r);
      Optional<Integer> revision = body.path("revision").canConvertToInt()
          ? Optional.of(body.get("revision").asInt()) : Optional.empty();
      InstanceChange.Result result = new RollbackInstance(view, runtime.get(), note -> { })
          .run(role, id, revision, false, settings());
      return changed(result, "rolled " + role + "/" + id + " back");
    }));
    routes.get(base + "/history", r -> read(r, "package history", (view, role, id) -> {
      InstanceHistory.History h = new InstanceHistory(view).run(role, id);
      ObjectNode doc = Json.object().put("role", role).put("id", id).put("current", h.current());
      ArrayNode out = doc.putArray("revisions");
      for (Revision v : h.revisions()) {
        out.add(revision(v).put("current", v.revision() == h.current()));
      }
      return doc;
    }));
    routes.get(base + "/describe", r -> read(r, "package describe", (view, role, id) -> {
      DescribeInstance.View v = new DescribeInstance(view, runtime.get()).run(role, id, false);
      ObjectNode doc = Json.object().put("role", role).put("id", id).put("state", v.state());
      v.reason().ifPresent(x -> doc.put("reason", x));
      doc.put("envFile", v.envFile());
      ArrayNode apps = doc.putArray("apps");
      for (DescribeInstance.AppView a : v.apps()) {
        ObjectNode o = apps.addObject().put("id", a.id()).put("state", a.state()).put("instances", a.instances())
            .put("tasksRunning", a.tasksRunning()).put("tasksHealthy", a.tasksHealthy())
            .put("hasHealthChecks", a.hasHealthChecks());
        ArrayNode urls = o.putArray("urls");
        a.tasks().forEach(t -> t.urls().forEach(urls::add));
        a.lastTaskFailure().ifPresent(f -> o.putObject("lastTaskFailure").put("taskId", f.taskId())
            .put("state", f.state()).put("message", f.message()));
      }
      return doc;
    }));
    routes.get(base + "/diff", r -> read(r, "package history", (view, role, id) -> {
      int from = revisionParam(r, "from");
      int to = revisionParam(r, "to");
      RevisionDiff.Result d = new RevisionDiff(view).run(role, id, from, to);
      ObjectNode doc = Json.object().put("role", role).put("id", id);
      doc.set("from", revision(d.from()));
      doc.set("to", revision(d.to()));
      doc.put("same", d.same());
      ArrayNode files = doc.putArray("files");
      StringBuilder all = new StringBuilder();
      for (RevisionDiff.FileDiff f : d.files()) {
        files.addObject().put("path", f.path()).put("changed", !f.diff().isEmpty()).put("diff", f.diff());
        all.append(f.diff());
      }
      doc.put("diff", all.toString());
      return doc;
    }));
    routes.get(base + "/files", r -> read(r, "package files", (view, role, id) -> {
      HomeFiles.Listing l = new HomeFiles(view).run(role, id);
      ObjectNode doc = Json.object().put("role", role).put("id", id).put("home", l.home())
          .put("truncated", l.truncated()).put("max", HomeFiles.MAX_ENTRIES);
      ArrayNode out = doc.putArray("files");
      for (HomeFiles.Entry e : l.entries()) {
        ObjectNode o = out.addObject().put("path", e.path());
        if (e.link().isPresent()) {
          o.put("type", "link").put("target", e.link().get());
          continue;
        }
        o.put("type", e.directory() ? "directory" : "file").put("size", e.size())
            .put("modified", java.time.Instant.ofEpochMilli(e.modified()).toString()).put("owner", e.owner())
            .put("group", e.group()).put("mode", String.format("%04o", e.mode()));
      }
      return doc;
    }));
    routes.get(base + "/env", r -> read(r, "package env", (view, role, id) -> {
      EnvExports.View v = new EnvExports(view).run(role, id);
      ObjectNode doc = Json.object().put("role", role).put("id", id).put("file", v.file()).put("exists", v.exists());
      ArrayNode out = doc.putArray("exports");
      v.exports().forEach(e -> out.addObject().put("name", e.name()).put("value", e.value()).put("masked", e.masked()));
      doc.put("content", v.content());
      return doc;
    }));
    routes.post(base + "/uninstall", r -> change(r, "uninstall", (view, role, id) -> {
      ObjectNode body = SessionResource.parse(r);
      boolean purge = body.path("purge").asBoolean(false);
      if (purge && !id.equals(body.path("confirm").asText(""))) {
        // Deleting the data cannot be undone: the caller must name the instance it means.
        throw HttpError.of(400, "purging deletes the data of " + role + "/" + id + " for good: send {\"purge\": true, "
            + "\"confirm\": \"" + id + "\"}");
      }
      UninstallInstance.Result res = new UninstallInstance(view, runtime.get()).run(role, id, purge);
      return message("uninstalled " + role + "/" + id + (purge ? "; its home " + res.entry().home()
          + " was deleted with its data" : "; its persistent data is kept in " + res.entry().home()))
          .put("purged", purge);
    }));
    routes.get(base + "/logs", r -> read(r, "package logs", (view, role, id) -> {
      // Reading logs needs the right to read the role's status, as `package logs` does.
      new InstanceHistory(view).run(role, id);
      int lines = r.first("lines").map(InstanceActionsResource::lines).orElse(200);
      return logs(role, id, lines);
    }));
  }

  private static int revisionParam(Request r, String name) {
    String v = r.first(name).orElseThrow(() -> HttpError.of(400, "give ?from=N&to=M, two revision numbers"));
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw HttpError.of(400, name + "=" + v + " is not a revision number");
    }
  }

  private static int lines(String v) {
    try {
      return Math.max(1, Math.min(MAX_LINES, Integer.parseInt(v)));
    } catch (NumberFormatException e) {
      throw HttpError.of(400, "lines=" + v + " is not a number: give lines=N (1 to " + MAX_LINES + ")");
    }
  }

  private static InstanceChange.Settings settings() {
    return new InstanceChange.Settings(false, false, WAIT, 10);
  }

  private static ObjectNode message(String text) {
    return Json.object().put("result", "ok").put("message", text);
  }

  private static ObjectNode changed(InstanceChange.Result result, String what) {
    ObjectNode o = message(what + ": revision " + result.revision().revision() + " (" + result.revision().version()
        + ")" + (result.deployed() ? "" : ", not deployed: the instance is not started"));
    o.put("revision", result.revision().revision());
    o.put("version", result.revision().version());
    return o;
  }

  static ObjectNode revision(Revision v) {
    ObjectNode o = Json.object();
    o.put("revision", v.revision());
    o.put("package", v.pkg());
    o.put("version", v.version());
    o.put("action", v.action());
    o.put("state", v.status());
    o.put("principal", v.principal());
    o.put("time", v.time());
    o.put("description", v.description());
    return o;
  }

  private ObjectNode logs(String role, String id, int lines) throws IOException {
    if (agentWorkDir.isEmpty()) {
      throw HttpError.of(501, "logs are read from the embedded scheduler's sandboxes; this cluster runs on "
          + "Marathon: use the Mesos UI or `dcos task log`");
    }
    String prefix = "/" + role + "/" + id;
    ObjectNode doc = Json.object().put("role", role).put("id", id);
    ArrayNode out = doc.putArray("logs");
    List<String> all = new ArrayList<>();
    for (AppStatus a : runtime.get().client().apps(prefix)) {
      if (!a.id().equals(prefix) && !a.id().startsWith(prefix + "/")) {
        continue;
      }
      for (var t : a.tasks()) {
        Path file = TaskOutput.sandbox(agentWorkDir.get(), t.id()).resolve("stdout");
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        List<String> tail = tail(file, lines);
        ObjectNode e = out.addObject().put("app", a.id()).put("task", t.id()).put("stream", "stdout");
        ArrayNode l = e.putArray("lines");
        tail.forEach(l::add);
        tail.forEach(x -> all.add("[" + t.id() + "] " + x));
      }
    }
    ArrayNode flat = doc.putArray("lines");
    all.forEach(flat::add);
    return doc;
  }

  /** The last lines of a file, reading at most 1 MiB from its end. */
  static List<String> tail(Path file, int lines) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - (1 << 20));
      byte[] b = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(b);
      List<String> all = new String(b, StandardCharsets.UTF_8).lines().toList();
      if (from > 0 && !all.isEmpty()) {
        all = all.subList(1, all.size());
      }
      return all.subList(Math.max(0, all.size() - lines), all.size());
    }
  }

  @FunctionalInterface
  private interface Verb {
    ObjectNode run(Cluster view, String role, String id) throws Exception;
  }

  private Cluster view(Request r) {
    return cluster.as(auth.of(r).access());
  }

  private Response change(Request r, String verb, Verb body) throws Exception {
    Cluster view = view(r);
    String target = r.param("role") + "/" + r.param("id");
    String action = "serve: package " + verb;
    ObjectNode result;
    try {
      String role = Names.role(r.param("role"));
      String id = Names.instanceId(r.param("id"));
      result = body.run(view, role, id);
    } catch (AccessDeniedException e) {
      audit(view, action, target, "denied: " + e.getMessage());
      throw refusal(403, "Forbidden", e);
    } catch (ZetaException e) {
      audit(view, action, target, "failed: " + e.getMessage());
      throw refusal(400, "ZetaError", e);
    } catch (HttpError e) {
      audit(view, action, target, "failed: " + e.getMessage());
      throw e;
    }
    audit(view, action, target, "ok");
    return Response.json(200, result);
  }

  private Response read(Request r, String action, Verb body) throws Exception {
    Cluster view = view(r);
    String target = r.param("role") + "/" + r.param("id");
    try {
      return Response.json(200, body.run(view, Names.role(r.param("role")), Names.instanceId(r.param("id"))));
    } catch (AccessDeniedException e) {
      audit(view, action, target, "denied: " + e.getMessage());
      throw refusal(403, "Forbidden", e);
    } catch (ZetaException e) {
      throw refusal(400, "ZetaError", e);
    }
  }

  private static void audit(Cluster view, String action, String target, String result) {
    try {
      view.audit().record(action, target, target.split("/", 2)[0], result);
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(InstanceActionsResource.class).warn("could not write the audit log: {}",
          e.toString());
    }
  }

  private static HttpError refusal(int status, String type, ZetaException e) {
    String hint = e.hint();
    return io.zeta.server.CosmosError.of(status, type, e.getMessage() + (hint == null || hint.isBlank() ? ""
        : "; " + hint), Json.object(), Map.of());
  }
}
