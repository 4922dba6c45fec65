package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A role, {@code /zeta/kstore/roles/<role>.json}: its directories and the ownership that was asked
 * for and whether the filesystem applied it (a local filesystem cannot chown to a group the OS
 * does not know; the intent is kept and shown).
 *
 * @param uidStart the first number of the role's uid range in the directory (users
 *     {@code uidStart..+499999}, groups {@code +500000..+999999}; the service user has it), or null
 *     while none was given out (roles made before a directory was configured)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RoleRecord(String name, String createdAt, String createdBy, List<RoleDir> dirs, Long uidStart) {
  public RoleRecord {
    dirs = dirs == null ? List.of() : List.copyOf(dirs);
  }

  public RoleRecord(String name, String createdAt, String createdBy, List<RoleDir> dirs) {
    this(name, createdAt, createdBy, dirs, null);
  }

  public RoleRecord withUidStart(long start) {
    return new RoleRecord(name, createdAt, createdBy, dirs, start);
  }

  /** One of the role's directories, {@code /<base>/<role>}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RoleDir(String base, String path, String owner, String group, String mode, boolean applied, String note) {}
}
