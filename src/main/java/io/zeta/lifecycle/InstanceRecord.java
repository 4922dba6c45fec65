package io.zeta.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code instance.json} in an instance home: what was installed, with which options, where, and
 * its stored state. Written last when an instance is installed (it is the publish point of a
 * reinstall) and rewritten with state {@code removed} when it is uninstalled with its data kept.
 * Its options leave the secret ones out: {@code secretOptions} names those that have a value,
 * which {@link InstanceSecrets} keeps in the owner-only {@code secrets.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceRecord(int format, String pkg, String version, int releaseVersion, String role, String id,
    String baseDir, String home, List<String> appIds, String state, String installId, ObjectNode userOptions,
    ObjectNode resolvedOptions, List<String> persistentDirs, List<String> configFiles, String installedAt,
    String updatedAt, String installedBy, List<String> secretOptions) {
  public static final int FORMAT = 1;
  public static final String FILE = io.zeta.catalog.ReservedNames.INSTANCE;
  public static final String MARATHON = io.zeta.catalog.ReservedNames.MARATHON;
  public static final String ENV = io.zeta.catalog.ReservedNames.ENV;

  public InstanceRecord {
    appIds = appIds == null ? List.of() : List.copyOf(appIds);
    persistentDirs = persistentDirs == null ? List.of() : List.copyOf(persistentDirs);
    configFiles = configFiles == null ? List.of() : List.copyOf(configFiles);
    secretOptions = secretOptions == null ? List.of() : List.copyOf(secretOptions);
  }

  public InstanceRecord removed(String at) {
    return new InstanceRecord(format, pkg, version, releaseVersion, role, id, baseDir, home, appIds, "removed", installId,
        userOptions, resolvedOptions, persistentDirs, configFiles, installedAt, at, installedBy, secretOptions);
  }
}
