package io.zeta.cli;

import io.zeta.cluster.Cluster;
import io.zeta.cluster.LockInfo;
import io.zeta.lifecycle.Doctor;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check the cluster for what interrupted commands left behind; with --repair, fix it.",
        "Interrupted operations are finished if they got past their publish step and undone otherwise;",
        "the status index is rebuilt from the tree. Exits 1 when problems remain."})
final class ClusterDoctorCommand extends Subcommand {
  @Option(names = "--repair", description = "Repair what is found.")
  boolean repair;

  @Option(names = "--stale-after", paramLabel = "DURATION", converter = WaitOption.Converter.class,
      description = "Also treat locks older than this as abandoned (30s, 2m, 1h...), even if their holder renews them. "
          + "Without it, locks of dead processes on this host and expired leases from other hosts are abandoned.")
  Duration staleAfter;


  /** An operation in progress: its lock, what it does, who holds it, since when. */
  static com.fasterxml.jackson.databind.node.ObjectNode lockJson(LockInfo l) {
    var o = io.zeta.json.Json.object();
    o.put("lock", l.name());
    o.put("action", l.op());
    o.put("principal", String.valueOf(l.owner()));
    o.put("since", String.valueOf(l.acquiredAt()));
    if (l.leaseExpires() != null) {
      o.put("leaseExpires", l.leaseExpires().toString());
    }
    return o;
  }

  /** The scheduler, if it answers: apps running for removed instances are only seen there. */
  private io.zeta.lifecycle.AppRuntime reachableScheduler(Cluster cluster) {
    try {
      io.zeta.lifecycle.AppRuntime runtime = Runtimes.of(cluster, env());
      runtime.client().ping();
      return runtime;
    } catch (RuntimeException e) {
      err().println("zeta: note: the scheduler was not checked (" + e.getMessage() + ")");
      return null;
    }
  }

  @Override
  int execute() throws Exception {
    try (Cluster cluster = cluster()) {
      io.zeta.lifecycle.AppRuntime runtime = reachableScheduler(cluster);
      Doctor.Report report = repair
          ? audited(cluster, cluster.name(), () -> new Doctor(cluster).run(true, staleAfter, runtime))
          : new Doctor(cluster).run(false, staleAfter, runtime);
      if (structured()) {
        var doc = io.zeta.json.Json.object();
        doc.put("healthy", report.healthy());
        doc.set("findings", io.zeta.json.Json.tree(report.findings()));
        var running = doc.putArray("inProgress");
        for (LockInfo l : report.inProgress()) {
          running.add(lockJson(l));
        }
        print(doc);
      } else {
        for (Doctor.Finding f : report.findings()) {
          out().println(Output.safe((f.repaired() ? "repaired: " : "problem:  ") + f.problem() + " — " + f.path()));
        }
        for (LockInfo l : report.inProgress()) {
          out().println(Output.safe("running:  " + l.name() + " — " + l.describe()));
        }
        if (report.findings().isEmpty()) {
          out().println("The cluster is healthy.");
        } else if (!report.healthy()) {
          out().println(report.findings().stream().filter(f -> !f.repaired()).count()
              + " problem(s); run `zeta cluster doctor --repair` to fix them.");
        }
      }
      return report.healthy() ? 0 : Main.EXIT_ERROR;
    }
  }
}
