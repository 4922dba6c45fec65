package io.zeta.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies a stream while computing its sha256, reading and hashing in the calling thread and
 * writing in another, so that the network, the digest and the disk overlap: on a 2-core machine
 * this is what brings a staged download near {@code curl -o}.
 */
final class PipelinedCopy {
  private static final int BUFFER = 1 << 20;
  private static final int BUFFERS = 4;

  private PipelinedCopy() {}

  /** What was copied: the sha256 (hex) and the number of bytes. */
  record Result(String sha256, long size) {}

  private record Chunk(byte[] data, int length) {}

  static Result copy(InputStream in, OutputStream out, Progress progress) throws IOException {
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS);
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[BUFFER]);
    }
    AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        while (true) {
          Chunk c = full.take();
          if (c.length() < 0) {
            return;
          }
          out.write(c.data(), 0, c.length());
          free.put(c.data());
        }
      } catch (IOException | RuntimeException e) {
        writeFailure.set(e);
        free.clear();
        free.add(new byte[0]);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "zeta-artifact-writer");
    writer.setDaemon(true);
    writer.start();
    MessageDigest digest = ArtifactFetcher.sha256();
    long size = 0;
    try {
      while (true) {
        byte[] buffer = free.take();
        if (writeFailure.get() != null) {
          break;
        }
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n <= 0) {
          break;
        }
        digest.update(buffer, 0, n);
        size += n;
        progress.advance(n);
        full.put(new Chunk(buffer, n));
      }
      full.put(new Chunk(new byte[0], -1));
      writer.join();
    } catch (InterruptedException e) {
      writer.interrupt();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    } catch (IOException | RuntimeException e) {
      writer.interrupt();
      throw e;
    }
    Throwable failure = writeFailure.get();
    if (failure != null) {
      throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
    }
    return new Result(HexFormat.of().formatHex(digest.digest()), size);
  }
}
