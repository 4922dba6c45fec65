package io.zeta.cluster.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * Hadoop's raw local filesystem (no .crc files) with one fix: {@code create(path, overwrite=false)}
 * is atomic. Hadoop checks for the file and then creates it, so two processes can both "win";
 * here the create itself uses O_EXCL, which is what HDFS guarantees at the NameNode.
 */
public class ExclusiveLocalFileSystem extends RawLocalFileSystem {
  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    if (overwrite) {
      return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }
    java.nio.file.Path local = pathToFile(f).toPath();
    Path parent = f.getParent();
    if (parent != null && !mkdirs(parent)) {
      throw new IOException("cannot create directory " + parent);
    }
    OutputStream out;
    try {
      out = Files.newOutputStream(local, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new org.apache.hadoop.fs.FileAlreadyExistsException("File already exists: " + f);
    }
    return new FSDataOutputStream(out, statistics);
  }
}
