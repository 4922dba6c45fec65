package io.zeta.cluster.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A storage an interrupt handler can freeze: {@link #freeze} waits for the operation in flight
 * to end, and from then on only the freezing thread gets through; every other thread (the
 * interrupted command, the lease renewer) stops at its next call and never goes on, because the
 * process is ending. So the handler cleans up a tree no one else changes under it.
 *
 * <p>For tests only, the system property {@code zeta.test.pauseAtWrite=N} makes the Nth write
 * (mkdirs, create, write, append, rename, replace, delete, setMode, setOwner) wait forever before
 * it happens, after printing {@code zeta-test: paused before write N} on stderr: a test then sends
 * a signal to a command stopped exactly there. With the property set, every write is also listed
 * on stderr ({@code zeta-test: write N: ...}); {@code 0} lists them without pausing.
 */
public final class FreezableStorage implements Storage {
  private static final String PAUSE_PROPERTY = "zeta.test.pauseAtWrite";

  private final Storage real;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final AtomicInteger writes = new AtomicInteger();
  private final int pauseAt;
  private volatile Thread owner;

  public FreezableStorage(Storage real) {
    this.real = real;
    this.pauseAt = Integer.getInteger(PAUSE_PROPERTY, -1);
  }

  public Storage delegate() {
    return real;
  }

  /**
   * Lets only this thread through from now on. Waits up to {@code patience} for a call in flight
   * (a call stuck on an unreachable filesystem must not hold the handler forever).
   */
  public void freeze(Duration patience) {
    try {
      gate.writeLock().tryLock(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    owner = Thread.currentThread();
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws IOException;
  }

  @FunctionalInterface
  private interface VoidCall {
    void run() throws IOException;
  }

  private <T> T read(Call<T> call) throws IOException {
    if (Thread.currentThread() == owner) {
      return call.run();
    }
    gate.readLock().lock();
    try {
      return call.run();
    } finally {
      gate.readLock().unlock();
    }
  }

  private void write(String what, VoidCall call) throws IOException {
    if (Thread.currentThread() == owner) {
      call.run();
      return;
    }
    int n = writes.incrementAndGet();
    if (pauseAt >= 0) {
      System.err.println("zeta-test: write " + n + ": " + what);
    }
    if (n == pauseAt) {
      pauseForever(n, what);
    }
    gate.readLock().lock();
    try {
      call.run();
    } finally {
      gate.readLock().unlock();
    }
  }

  private static void pauseForever(int n, String what) {
    System.err.println("zeta-test: paused before write " + n + " (" + what + ")");
    System.err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException ignored) {
        // Only the end of the process ends this pause.
      }
    }
  }

  @Override
  public String rootUri() {
    return real.rootUri();
  }

  @Override
  public String scheme() {
    return real.scheme();
  }

  @Override
  public String uri(String path) {
    return real.uri(path);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return read(() -> real.exists(path));
  }

  @Override
  public Optional<Link> firstLink(String path) throws IOException {
    return read(() -> real.firstLink(path));
  }

  @Override
  public Optional<FileInfo> info(String path) throws IOException {
    return read(() -> real.info(path));
  }

  @Override
  public List<FileInfo> list(String dir) throws IOException {
    return read(() -> real.list(dir));
  }

  @Override
  public byte[] read(String path) throws IOException {
    return read(() -> real.read(path));
  }

  @Override
  public InputStream open(String path) throws IOException {
    return read(() -> real.open(path));
  }

  @Override
  public void mkdirs(String path, int mode) throws IOException {
    write("mkdirs " + path, () -> real.mkdirs(path, mode));
  }

  @Override
  public void createExclusive(String path, byte[] content, int mode) throws IOException {
    write("createExclusive " + path, () -> real.createExclusive(path, content, mode));
  }

  @Override
  public OutputStream create(String path, int mode) throws IOException {
    OutputStream[] out = new OutputStream[1];
    write("create " + path, () -> out[0] = real.create(path, mode));
    return out[0];
  }

  @Override
  public void write(String path, byte[] content, int mode) throws IOException {
    write("write " + path, () -> real.write(path, content, mode));
  }

  @Override
  public void append(String path, byte[] content) throws IOException {
    write("append " + path, () -> real.append(path, content));
  }

  @Override
  public void rename(String from, String to) throws IOException {
    write("rename " + from + " " + to, () -> real.rename(from, to));
  }

  @Override
  public void replace(String from, String to) throws IOException {
    write("replace " + from + " " + to, () -> real.replace(from, to));
  }

  @Override
  public void delete(String path, boolean recursive) throws IOException {
    write("delete " + path, () -> real.delete(path, recursive));
  }

  @Override
  public void setMode(String path, int mode) throws IOException {
    write("setMode " + path, () -> real.setMode(path, mode));
  }

  @Override
  public void setOwner(String path, String user, String group) throws IOException {
    write("setOwner " + path, () -> real.setOwner(path, user, group));
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
