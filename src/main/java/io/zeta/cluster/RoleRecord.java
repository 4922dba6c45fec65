package io.zeta.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A role, {@code /zeta/kstore/roles/<role>.json}: its directories and the ownership that was asked
 * for and whether the filesystem applied it (a local filesystem cannot chown to a group the OS
 * does not know; the intent is kept and shown).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RoleRecord(String name, String createdAt, String createdBy, List<RoleDir> dirs) {
  public RoleRecord {
    dirs = dirs == null ? List.of() : List.copyOf(dirs);
  }

  /** One of the role's directories, {@code /<base>/<role>}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RoleDir(String base, String path, String owner, String group, String mode, boolean applied, String note) {}
}
