package io.zeta.cluster.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A storage that passes every call to a real one through two hooks, one for reads and one for
 * writes (the calls that change the tree). The interrupt handler's {@link FreezableStorage} and the
 * tests' crashing storage differ only in their hooks; the forwarding is written once, here.
 */
public abstract class InterceptingStorage implements Storage {
  /** A storage call, run by a hook (or not, if the hook refuses it). */
  @FunctionalInterface
  protected interface Call<T> {
    T run() throws IOException;
  }

  protected final Storage real;

  protected InterceptingStorage(Storage real) {
    this.real = real;
  }

  /** The storage the calls go to. */
  public Storage delegate() {
    return real;
  }

  /** Runs a call that reads. */
  protected abstract <T> T read(Call<T> call) throws IOException;

  /** Runs a call that writes; {@code what} names it ("rename a b"). */
  protected abstract <T> T write(String what, Call<T> call) throws IOException;

  private void write(String what, VoidCall call) throws IOException {
    write(what, () -> {
      call.run();
      return null;
    });
  }

  @FunctionalInterface
  private interface VoidCall {
    void run() throws IOException;
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
    return write("create " + path, () -> real.create(path, mode));
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

  /** Snapshot calls go through the write hook too (an interrupt stops them like any write). */
  @Override
  public Optional<Snapshots> snapshots() {
    return real.snapshots().map(s -> new Snapshots() {
      @Override
      public void allow(String dir) throws IOException {
        write("allowSnapshot " + dir, () -> {
          s.allow(dir);
          return null;
        });
      }

      @Override
      public void create(String dir, String name) throws IOException {
        write("createSnapshot " + dir + " " + name, () -> {
          s.create(dir, name);
          return null;
        });
      }

      @Override
      public void delete(String dir, String name) throws IOException {
        write("deleteSnapshot " + dir + " " + name, () -> {
          s.delete(dir, name);
          return null;
        });
      }

      @Override
      public List<String> list(String dir) throws IOException {
        return read(() -> s.list(dir));
      }
    });
  }

  @Override
  public void close() throws IOException {
    real.close();
  }
}
