package io.zeta.cli;

import io.zeta.lifecycle.Progress;
import java.io.PrintWriter;

/** A progress bar on stderr when it is a terminal; silent otherwise (scripts, CI, tests). */
final class TerminalProgress implements Progress {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final boolean terminal;
  private String what = "";
  private long total;
  private long done;
  private long lastDraw;

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
