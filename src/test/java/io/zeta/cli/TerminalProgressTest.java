package io.zeta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The stage progress bar: drawn on a terminal, silent for scripts. */
class TerminalProgressTest {
  @Test
  void drawsABarOnATerminal() {
    StringWriter err = new StringWriter();
    TerminalProgress progress = new TerminalProgress(new PrintWriter(err, true), true);
    progress.start("artifact server", 4L << 20);
    progress.advance(1L << 20);
    progress.advance(3L << 20);
    progress.done();
    assertThat(err.toString()).contains("\rartifact server [").contains("] 0% 0 B/4.0 MiB")
        .contains("[" + "#".repeat(30) + "] 100% 4.0 MiB/4.0 MiB").endsWith(System.lineSeparator());
  }

  @Test
  void staysSilentWithoutATerminal() {
    StringWriter err = new StringWriter();
    TerminalProgress progress = new TerminalProgress(new PrintWriter(err, true), false);
    progress.start("artifact server", 100);
    progress.advance(100);
    progress.done();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aWaitIsOneLineRedrawnOnATerminal() {
    StringWriter err = new StringWriter();
    TerminalProgress progress = new TerminalProgress(new PrintWriter(err, true), true);
    progress.waiting("/a: step 1/1 StartApplication /a, 0/1 tasks running, 0 s");
    progress.waited();
    assertThat(err.toString()).startsWith("\r/a: step 1/1 StartApplication /a, 0/1 tasks running, 0 s")
        .doesNotContain(System.lineSeparator()).endsWith("\r");
  }

  @Test
  void aWaitWithoutATerminalPrintsALineWhenItChanges() {
    StringWriter err = new StringWriter();
    TerminalProgress progress = new TerminalProgress(new PrintWriter(err, true), false);
    progress.waiting("/a: 0/1 tasks running, 0 s");
    progress.waiting("/a: 0/1 tasks running, 1 s");
    progress.waiting("/a: 1/1 tasks running, 0 healthy, 2 s");
    progress.waited();
    assertThat(err.toString().lines().toList()).containsExactly("zeta: waiting: /a: 0/1 tasks running, 0 s",
        "zeta: waiting: /a: 1/1 tasks running, 0 healthy, 2 s");
  }

  @Test
  void sizesAreHumanReadable() {
    assertThat(TerminalProgress.size(512)).isEqualTo("512 B");
    assertThat(TerminalProgress.size(1536)).isEqualTo("1.5 KiB");
    assertThat(TerminalProgress.size(3L << 30)).isEqualTo("3.0 GiB");
  }
}
