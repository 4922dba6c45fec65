package io.zeta.testing;

import io.zeta.cluster.storage.InterceptingStorage;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;

/**
 * A real storage that "crashes" after a given number of writes: the next write fails and so does
 * every later call, as if the process had died at that moment (no cleanup reaches the disk).
 */
public final class CrashingStorage extends InterceptingStorage {
  private final int allowedWrites;
  private int writes;
  private boolean dead;

  public CrashingStorage(Storage real, int allowedWrites) {
    super(real);
    this.allowedWrites = allowedWrites;
  }

  /** How many writes happened before the crash (or in all, if it never came). */
  public int writes() {
    return writes;
  }

  public boolean crashed() {
    return dead;
  }

  private void write() throws IOException {
    alive();
    if (writes == allowedWrites) {
      dead = true;
      throw new IOException("injected crash after " + writes + " writes");
    }
    writes++;
  }

  private void alive() throws IOException {
    if (dead) {
      throw new IOException("process is gone (injected crash)");
    }
  }

  @Override
  protected <T> T read(Call<T> call) throws IOException {
    alive();
    return call.run();
  }

  @Override
  protected <T> T write(String what, Call<T> call) throws IOException {
    write();
    return call.run();
  }
}
