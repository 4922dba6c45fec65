package io.zeta.testing;

import io.zeta.cluster.storage.FileInfo;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A real storage that "crashes" after a given number of writes: the next write fails and so does
 * every later call, as if the process had died at that moment (no cleanup reaches the disk).
 */
public final class CrashingStorage implements Storage {
  private final Storage real;
  private final int allowedWrites;
  private int writes;
  private boolean dead;

  public CrashingStorage(Storage real, int allowedWrites) {
    this.real = real;
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
  public String rootUri() {
    return real.rootUri();
  }

  @Override
  public String scheme() {
    return real.scheme();
  }

  @Override
  public Optional<Link> firstLink(String path) throws IOException {
    alive();
    return real.firstLink(path);
  }

  @Override
  public String uri(String path) {
    return real.uri(path);
  }

  @Override
  public boolean exists(String path) throws IOException {
    alive();
    return real.exists(path);
  }

  @Override
  public Optional<FileInfo> info(String path) throws IOException {
    alive();
    return real.info(path);
  }

  @Override
  public List<FileInfo> list(String dir) throws IOException {
    alive();
    return real.list(dir);
  }

  @Override
  public byte[] read(String path) throws IOException {
    alive();
    return real.read(path);
  }

  @Override
  public InputStream open(String path) throws IOException {
    alive();
    return real.open(path);
  }

  @Override
  public void mkdirs(String path, int mode) throws IOException {
    write();
    real.mkdirs(path, mode);
  }

  @Override
  public void createExclusive(String path, byte[] content, int mode) throws IOException {
    write();
    real.createExclusive(path, content, mode);
  }

  @Override
  public OutputStream create(String path, int mode) throws IOException {
    write();
    return real.create(path, mode);
  }

  @Override
  public void write(String path, byte[] content, int mode) throws IOException {
    write();
    real.write(path, content, mode);
  }

  @Override
  public void append(String path, byte[] content) throws IOException {
    write();
    real.append(path, content);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    write();
    real.rename(from, to);
  }

  @Override
  public void replace(String from, String to) throws IOException {
    write();
    real.replace(from, to);
  }

  @Override
  public void delete(String path, boolean recursive) throws IOException {
    write();
    real.delete(path, recursive);
  }

  @Override
  public void setMode(String path, int mode) throws IOException {
    write();
    real.setMode(path, mode);
  }

  @Override
  public void setOwner(String path, String user, String group) throws IOException {
    write();
    real.setOwner(path, user, group);
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
