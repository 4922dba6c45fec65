package io.zeta.cluster.storage;

import java.io.IOException;

/** A create-if-absent or no-replace rename found the target already there. */
public class AlreadyExistsException extends IOException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String path) {
    super(path + " already exists");
  }
}
