package io.zeta.scheduler.embedded;

import io.zeta.ZetaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One agent per work directory: two would launch every app twice and fight over its files. */
final class WorkDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private WorkDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static WorkDirLock acquire(Path workDir) {
    Path file = workDir.resolve("agent.lock");
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new ZetaException("another agent runs with the work directory " + workDir,
            "stop it first (`zeta agent stop --work-dir " + workDir + "`), or use another work directory", null);
      }
      return new WorkDirLock(ch, lock);
    } catch (IOException e) {
      throw new ZetaException("cannot lock the agent work directory " + workDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }
}
