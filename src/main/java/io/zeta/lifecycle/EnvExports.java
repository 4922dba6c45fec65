package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.Access;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.ClusterIndex.InstanceEntry;
import io.zeta.cluster.ClusterIndex.StoredState;
import io.zeta.cluster.ClusterLayout;
import io.zeta.cluster.Names;
import io.zeta.json.Json;
import io.zeta.render.Secrets;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The env exports of an instance (its role env file {@code env_<role>/<pkg>_<id>.sh}) as they may
 * be shown: each variable's value, masked when it holds a secret option's value; when the secret
 * values cannot be read every value of an instance with secrets is masked. Reads only; needs the
 * right to read the role's status. The file is in a directory the role can write, so it is read
 * bounded and not through a link.
 */
public final class EnvExports {
  public static final int MAX_BYTES = 256 * 1024;
  private final Cluster cluster;

  public EnvExports(Cluster cluster) {
    this.cluster = cluster;
  }

  public record Export(String name, String value, boolean masked) {}

  /** @param content the file as it may be shown (masked values), empty when there is no file */
  public record View(String file, boolean exists, List<Export> exports, String content) {}

  public View run(String role, String id) throws IOException {
    Names.role(role);
    Names.instanceId(id);
    cluster.access().require(Access.Action.STATUS, role);
    InstanceEntry entry = cluster.index().instance(role, id).orElseThrow(() -> new ZetaException(
        "no instance " + role + "/" + id + " is installed", "see `zeta package list`", null));
    String file = ClusterLayout.envFile(role, entry.pkg(), id);
    if (entry.state() != StoredState.INSTALLED) {
      return new View(file, false, List.of(), "");
    }
    var link = cluster.storage().firstLink(file);
    if (link.isPresent()) {
      throw new ZetaException(link.get().path() + " is a link (to " + link.get().target() + "): " + file
          + " is not read through it", "run `zeta cluster doctor`", null);
    }
    byte[] raw;
    try (InputStream in = cluster.storage().open(file)) {
      raw = in.readNBytes(MAX_BYTES + 1);
    } catch (FileNotFoundException e) {
      return new View(file, false, List.of(), "");
    }
    if (raw.length > MAX_BYTES) {
      throw new ZetaException(file + " is larger than " + MAX_BYTES / 1024 + " KiB: it is not shown",
          "run `zeta cluster doctor`", null);
    }
    Map<String, String> values = EnvFile.parse(new String(raw, StandardCharsets.UTF_8));
    InstanceRecord record = UninstallInstance.readRecord(cluster.storage(), entry.home()).orElseThrow(() ->
        new ZetaException(entry.home() + "/" + InstanceRecord.FILE + " is missing", "run `zeta cluster doctor`", null));
    Secrets secrets = Secrets.ofPaths(record.secretOptions());
    List<String> secretValues = null;
    var options = Json.object();
    if (!secrets.isEmpty()) {
      try {
        options = InstanceSecrets.resolvedOptions(cluster, role, id, true);
        secretValues = secrets.values(options);
      } catch (IOException | RuntimeException e) {
        // The secret values are not readable here: no value can be shown safely.
        secretValues = null;
      }
    }
    List<Export> out = new ArrayList<>();
    Map<String, String> shown = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String v = e.getValue();
      boolean masked;
      if (secrets.isEmpty()) {
        masked = false;
      } else if (secretValues == null) {
        masked = true;
      } else {
        final String value = v;
        masked = secretValues.stream().anyMatch(s -> !s.isEmpty() && value.contains(s))
            || !secrets.redact(v, options).equals(v);
      }
      String text = masked ? Secrets.MASK : v;
      out.add(new Export(e.getKey(), text, masked));
      shown.put(e.getKey(), text);
    }
    return new View(file, true, out, EnvFile.render(shown));
  }
}
