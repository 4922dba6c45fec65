package io.zeta.cli;

import io.zeta.lifecycle.Progress;
import java.io.PrintWriter;

/**
 * Progress on stderr. Transfers: a bar on a terminal, silent otherwise (scripts, CI, tests).
 * Waits for the scheduler: one line redrawn in place on a terminal; otherwise a line when what is
 * waited for changes, and at least every {@link #PERIOD_NANOS} (so a log shows a wait is alive).
 */
final class TerminalProgress implements Progress {
  private static final int WIDTH = 30;
  static final long PERIOD_NANOS = 10_000_000_000L;
  private final PrintWriter err;
  private final boolean terminal;
  private String what = "";
  private long total;
  private long done;
  private long lastDraw;
  private String lastWait;
  private long lastWaitLine;
  private int drawnWidth;

  TerminalProgress(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void start(String what, long total) {
    this.what = Output.safe(what);
    this.total = total;
    this.done = 0;
    this.lastDraw = 0;
    draw(true);
  }

  @Override
  public void advance(long bytes) {
    done += bytes;
    draw(false);
  }

  @Override
  public void done() {
    draw(true);
    if (terminal) {
      err.println();
      err.flush();
    }
  }

  @Override
  public void note(String message) {
    err.println(Output.safe(message));
    err.flush();
  }

  @Override
  public void waiting(String status) {
    String text = Output.safe(status);
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw < 100_000_000L && lastWait != null) {
        return;
      }
      lastDraw = now;
      lastWait = text;
      String line = "\r" + text;
      err.print(line + " ".repeat(Math.max(0, drawnWidth - text.length())));
      drawnWidth = text.length();
      err.flush();
      return;
    }
    // The status ends with the seconds waited; a change of anything else is worth a line.
    String what = text.replaceFirst(", \\d+ s$", "");
    if (!what.equals(lastWait) || now - lastWaitLine >= PERIOD_NANOS) {
      lastWait = what;
      lastWaitLine = now;
      err.println("zeta: waiting: " + text);
      err.flush();
    }
  }

  @Override
  public void waited() {
    if (terminal && drawnWidth > 0) {
      err.print("\r" + " ".repeat(drawnWidth) + "\r");
      err.flush();
    }
    drawnWidth = 0;
    lastWait = null;
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!terminal || (!force && now - lastDraw < 100_000_000L)) {
      return;
    }
    lastDraw = now;
    String bar;
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, done * WIDTH / total);
      bar = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + (done * 100 / total) + "% "
          + size(done) + "/" + size(total);
    } else {
      bar = size(done);
    }
    err.print("\r" + what + " " + bar + "   ");
    err.flush();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format("%.1f %s", v, units[u]);
  }
}
