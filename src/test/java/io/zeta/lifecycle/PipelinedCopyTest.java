package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PipelinedCopyTest {
  @Property(tries = 30)
  void copiesEveryByteAndHashesThem(@ForAll @IntRange(min = 0, max = 5_000_000) int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PipelinedCopy.Result r = PipelinedCopy.copy(new ByteArrayInputStream(data), out, Progress.NONE);
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(r.size()).isEqualTo(size);
    assertThat(r.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
  }

  @Test
  void aFailingWriteFailsTheCopy() {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("disk full");
      }
    };
    assertThatThrownBy(() -> PipelinedCopy.copy(new ByteArrayInputStream(new byte[10 << 20]), broken, Progress.NONE))
        .isInstanceOf(IOException.class).hasMessage("disk full");
  }

  @Test
  void aFailingReadFailsTheCopyAndLeavesNoWorkerRunning() throws Exception {
    java.io.InputStream failing = new java.io.InputStream() {
      private long left = 3L << 20;

      @Override
      public int read() throws IOException {
        throw new IOException("connection reset");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          throw new IOException("connection reset");
        }
        int n = (int) Math.min(len, left);
        left -= n;
        return n;
      }
    };
    assertThatThrownBy(() -> PipelinedCopy.copy(failing, new ByteArrayOutputStream(), Progress.NONE))
        .isInstanceOf(IOException.class).hasMessage("connection reset");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (workers() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(workers()).isZero();
  }

  private static long workers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("zeta-artifact-")).count();
  }
}
