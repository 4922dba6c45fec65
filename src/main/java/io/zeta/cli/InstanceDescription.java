package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.lifecycle.DescribeInstance;
import io.zeta.lifecycle.StatusQuery;
import io.zeta.scheduler.DeploymentStatus;
import io.zeta.scheduler.TaskFailure;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code package describe ROLE/ID}: prints {@link DescribeInstance}'s view as a table or JSON. */
final class InstanceDescription {
  private InstanceDescription() {}

  static int print(Subcommand command, String target, boolean showSecrets) throws Exception {
    String[] r = Names.roleAndId(target);
    try (Cluster cluster = command.cluster()) {
      DescribeInstance.View v = command.reading(cluster, target, () ->
          new DescribeInstance(cluster, Runtimes.of(cluster, command.env())).run(r[0], r[1], showSecrets));
      if (command.structured()) {
        command.print(json(v));
      } else {
        table(command.out(), v);
      }
      v.reason().ifPresent(why -> command.err().println(Output.safe("zeta: warning: the state of " + target
          + " is unknown: " + why)));
      return v.state().equals(StatusQuery.UNKNOWN) ? PackageStatusCommand.EXIT_UNKNOWN : 0;
    }
  }

  static ObjectNode json(DescribeInstance.View v) {
    ObjectNode o = Json.object();
    o.put("role", v.role());
    o.put("id", v.id());
    o.put("package", v.pkg());
    o.put("version", v.version());
    o.put("baseDir", v.baseDir());
    o.put("home", v.home());
    o.put("envFile", v.envFile());
    o.put("state", v.state());
    v.reason().ifPresent(why -> o.put("reason", why));
    v.scheduler().ifPresent(url -> o.put("scheduler", url));
    v.installedAt().ifPresent(t -> o.put("installedAt", t));
    v.installedBy().ifPresent(t -> o.put("installedBy", t));
    v.revision().ifPresent(rev -> {
      o.put("revision", rev.revision());
      ObjectNode about = o.putObject("revisionInfo");
      about.put("action", rev.action());
      about.put("status", rev.status());
      about.put("time", rev.time());
      about.put("principal", rev.principal());
    });
    ArrayNode apps = o.putArray("apps");
    for (DescribeInstance.AppView a : v.apps()) {
      ObjectNode app = apps.addObject();
      app.put("id", a.id());
      app.put("state", a.state());
      app.put("instances", a.instances());
      app.put("tasksRunning", a.tasksRunning());
      app.put("tasksHealthy", a.tasksHealthy());
      app.put("healthChecks", a.hasHealthChecks());
      ArrayNode tasks = app.putArray("tasks");
      for (DescribeInstance.TaskView t : a.tasks()) {
        ObjectNode task = tasks.addObject();
        task.put("id", t.id());
        task.put("state", t.state());
        task.put("host", t.host());
        task.set("ports", Json.tree(t.ports()));
        task.set("urls", Json.tree(t.urls()));
        t.healthy().ifPresentOrElse(h -> task.put("healthy", h), () -> task.putNull("healthy"));
        t.startedAt().ifPresent(at -> task.put("startedAt", at.toString()));
        task.put("version", t.version());
      }
      a.lastTaskFailure().ifPresent(f -> app.set("lastTaskFailure", failureJson(f)));
      app.set("deployments", Json.tree(a.deployments()));
    }
    ArrayNode deployments = o.putArray("deployments");
    v.deployments().forEach(d -> deployments.add(PackageDeploymentsCommand.deploymentJson(d)));
    o.set("options", v.options());
    return o;
  }

  static ObjectNode failureJson(TaskFailure f) {
    ObjectNode o = Json.object();
    o.put("taskId", f.taskId());
    o.put("state", f.state());
    o.put("message", f.message());
    f.timestamp().ifPresent(t -> o.put("timestamp", t.toString()));
    o.put("version", f.version());
    return o;
  }

  static void table(PrintWriter out, DescribeInstance.View v) {
    line(out, "Instance", v.role() + "/" + v.id());
    line(out, "Package", v.pkg() + " " + v.version());
    line(out, "State", v.state() + v.reason().map(why -> " (" + why + ")").orElse(""));
    line(out, "Home", v.home());
    line(out, "Env file", v.envFile());
    line(out, "Scheduler", v.scheduler().orElse("-"));
    line(out, "Installed", v.installedAt().orElse("-") + v.installedBy().map(b -> " by " + b).orElse(""));
    v.revision().ifPresent(rev -> line(out, "Revision", rev.revision() + " (" + rev.action() + ", " + rev.status()
        + ", " + rev.time() + (rev.principal() == null ? "" : " by " + rev.principal()) + ")"));
    if (!v.apps().isEmpty()) {
      out.println();
      List<List<String>> rows = new ArrayList<>();
      for (DescribeInstance.AppView a : v.apps()) {
        rows.add(List.of(a.id(), a.state(), a.tasksRunning() + "/" + a.instances(),
            a.hasHealthChecks() ? String.valueOf(a.tasksHealthy()) : "-",
            a.deployments().isEmpty() ? "-" : String.join(", ", a.deployments())));
      }
      Output.table(out, List.of("APP", "STATE", "RUNNING", "HEALTHY", "DEPLOYMENT"), rows);
    }
    List<List<String>> tasks = new ArrayList<>();
    for (DescribeInstance.AppView a : v.apps()) {
      for (DescribeInstance.TaskView t : a.tasks()) {
        tasks.add(List.of(t.id(), t.state(), t.host() == null ? "-" : t.host(),
            t.ports().isEmpty() ? "-" : String.join(",", t.ports().stream().map(String::valueOf).toList()),
            t.healthy().map(h -> h ? "healthy" : "unhealthy").orElse("-"),
            t.urls().isEmpty() ? "-" : String.join(" ", t.urls())));
      }
    }
    if (!tasks.isEmpty()) {
      out.println();
      Output.table(out, List.of("TASK", "STATE", "HOST", "PORTS", "HEALTH", "URL"), tasks);
    }
    for (DescribeInstance.AppView a : v.apps()) {
      a.lastTaskFailure().ifPresent(f -> {
        out.println();
        out.println(Output.safe("Last task failure of " + a.id() + ": " + f.taskId() + " " + f.state()
            + f.timestamp().map(t -> " at " + t).orElse("") + ": " + f.message()));
      });
    }
    if (!v.deployments().isEmpty()) {
      out.println();
      out.println("Deployments in progress:");
      PackageDeploymentsCommand.table(out, v.deployments());
    }
    out.println();
    out.println(Output.safe("Options: " + Json.compact(v.options())));
    out.flush();
  }

  private static void line(PrintWriter out, String key, String value) {
    out.printf("%-11s %s%n", key + ":", Output.safe(value));
  }

  static String actions(DeploymentStatus d) {
    return d.currentActions().isEmpty() ? "-" : String.join(", ", d.currentActions());
  }
}
