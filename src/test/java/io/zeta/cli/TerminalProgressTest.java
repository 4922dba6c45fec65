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
  void sizesAreHumanReadable() {
    assertThat(TerminalProgress.size(512)).isEqualTo("512 B");
    assertThat(TerminalProgress.size(1536)).isEqualTo("1.5 KiB");
    assertThat(TerminalProgress.size(3L << 30)).isEqualTo("3.0 GiB");
  }
}
