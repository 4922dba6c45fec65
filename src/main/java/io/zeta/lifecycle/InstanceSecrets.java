package io.zeta.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Names;
import io.zeta.cluster.storage.Storage;
import io.zeta.json.Json;
import io.zeta.render.Options;
import io.zeta.render.Secrets;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * An instance's secret option values, {@code secrets.json} in its home, readable by its owner
 * only ({@link ClusterLayout#PRIVATE_MODE}, given when the file is created). instance.json holds
 * the other options and the paths of these; the two merge back into the options the instance
 * was installed with. Uninstall deletes the file with the configuration.
 */
public final class InstanceSecrets {
  public static final String FILE = io.zeta.catalog.ReservedNames.SECRETS;
  static final int FORMAT = 1;

  /** What secrets.json holds: the secret values of the user's options and of the resolved ones. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Stored(int format, ObjectNode userOptions, ObjectNode resolvedOptions) {}

  private InstanceSecrets() {}

  /** What secrets.json holds for these options (a package with secret options has one; install plans it with its mode, PRIVATE_MODE). */
  static byte[] content(Secrets secrets, Options options) {
    return Json.prettyBytes(new Stored(FORMAT, secrets.only(options.user()), secrets.only(options.resolved())));
  }

  /** The user's options of an instance, secret ones too (read from secrets.json), as it was installed with them. */
  static ObjectNode userOptions(Storage storage, InstanceRecord record) throws IOException {
    ObjectNode options = record.userOptions() == null ? Json.object() : record.userOptions();
    if (record.secretOptions().isEmpty()) {
      return options;
    }
    String path = record.home() + "/" + FILE;
    byte[] bytes;
    try {
      bytes = storage.read(path);
    } catch (FileNotFoundException e) {
      return options;
    } catch (IOException e) {
      throw new ZetaException("cannot read the secret options of " + record.role() + "/" + record.id() + " in " + path + ": "
          + e.getMessage(), "only the owner of " + FILE + " can read it: run as that user", null);
    }
    Stored stored = Json.read(bytes, Stored.class, path);
    return Secrets.merge(options, stored.userOptions() == null ? Json.object() : stored.userOptions());
  }

  /**
   * The options an instance runs with (defaults and the user's, resolved), secret values
   * masked, or, with {@code show}, read from secrets.json (which only its owner can).
   */
  public static ObjectNode resolvedOptions(Cluster cluster, String role, String id, boolean show) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    InstanceRecord record = UninstallInstance.readRecord(cluster.storage(), entry.home()).orElseThrow(() ->
        new ZetaException(entry.home() + "/" + InstanceRecord.FILE + " is missing", "run `zeta cluster doctor`", null));
    ObjectNode options = record.resolvedOptions() == null ? Json.object() : record.resolvedOptions();
    Secrets secrets = Secrets.ofPaths(record.secretOptions());
    if (!show) {
      // Only the paths are known without reading the secret file: show that a value is set.
      ObjectNode masked = options.deepCopy();
      for (String p : record.secretOptions()) {
        masked = Options.set(masked, p + "=\"" + Secrets.MASK + "\"");
      }
      return masked;
    }
    if (record.secretOptions().isEmpty()) {
      return options;
    }
    String path = entry.home() + "/" + FILE;
    byte[] bytes;
    try {
      bytes = cluster.storage().read(path);
    } catch (FileNotFoundException e) {
      // Uninstall deletes the secret values with the configuration: a removed instance has none left.
      return options;
    } catch (IOException e) {
      throw new ZetaException("cannot read the secret options of " + role + "/" + id + " in " + path + ": " + e.getMessage(),
          "only the owner of " + FILE + " can read it: run as that user", null);
    }
    Stored stored = Json.read(bytes, Stored.class, path);
    ObjectNode values = stored.resolvedOptions() == null ? Json.object() : stored.resolvedOptions();
    assert !secrets.isEmpty();
    return Secrets.merge(options, values);
  }
}
