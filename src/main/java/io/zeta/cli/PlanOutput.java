package io.zeta.cli;

import io.zeta.lifecycle.Plan;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a dry run's {@link Plan}: one line saying nothing was changed, a table of the changes
 * (action, kind, target, mode, size or note), the notes, then the content of every file it would
 * write (or, where the plan compares with what is there, the unified diff), secret values masked; or, with {@code -o json|yaml}, the plan's document.
 */
final class PlanOutput {
  private PlanOutput() {}

  static void print(Subcommand command, Plan plan) {
    if (command.structured()) {
      command.print(plan.toJson());
      return;
    }
    PrintWriter out = command.out();
    out.println("Dry run of " + plan.action() + " " + Output.safe(plan.target()) + ": nothing was changed. It would:");
    List<List<String>> rows = new ArrayList<>();
    for (Plan.Change c : plan.changes()) {
      String detail = c.size() >= 0 ? c.size() + " bytes" : "";
      if (c.noteText().isPresent()) {
        detail = detail.isEmpty() ? c.noteText().get() : detail + ", " + c.noteText().get();
      }
      rows.add(List.of("  " + c.action().id(), c.kind().id(), c.target(), c.mode() >= 0 ? String.format("%04o", c.mode()) : "",
          detail));
    }
    Output.table(out, List.of("  ACTION", "KIND", "TARGET", "MODE", "DETAIL"), rows);
    for (String note : plan.notes()) {
      out.println("Note: " + Output.safe(note) + ".");
    }
    for (Plan.Change c : plan.changes()) {
      if (c.diff() != null) {
        out.println();
        String text = Output.safeText(c.diff());
        out.print(text.endsWith("\n") ? text : text + "\n");
        continue;
      }
      if (c.shown() == null) {
        continue;
      }
      out.println();
      out.println("--- " + Output.safe(c.target()) + " (" + c.action().id() + ", secret values masked)");
      String text = Output.safeText(c.shown());
      out.print(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    }
    out.flush();
  }
}
