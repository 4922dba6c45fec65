package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.cluster.Cluster;
import io.zeta.lifecycle.StagedPackages;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * A package's notes (package.json {@code preInstallNotes}, {@code postInstallNotes},
 * {@code postUninstallNotes}), read from its stage: printed as paragraphs by install and
 * uninstall (escaped: they are the package's text), fields of the document under -o json|yaml.
 */
final class PackageNotes {
  private final ObjectNode packageJson;

  private PackageNotes(ObjectNode packageJson) {
    this.packageJson = packageJson;
  }

  /**
   * The staged version's notes, from its package.json alone (one read, not the whole definition);
   * none when it is not staged or cannot be read: notes never fail a command.
   */
  static PackageNotes of(Cluster cluster, String pkg, Optional<String> version) {
    try {
      StagedPackages staged = new StagedPackages(cluster.storage());
      Optional<io.zeta.lifecycle.StageManifest> manifest = version.isPresent() ? staged.manifest(pkg, version.get())
          : staged.versions(pkg).stream().findFirst();
      if (manifest.isEmpty()) {
        return new PackageNotes(io.zeta.json.Json.object());
      }
      String file = io.zeta.cluster.ClusterLayout.stageDir(manifest.get().pkg(), manifest.get().version())
          + "/package/package.json";
      return new PackageNotes(io.zeta.json.Json.parseUntrustedObject(cluster.storage().read(file), file));
    } catch (Exception e) {
      return new PackageNotes(io.zeta.json.Json.object());
    }
  }

  Optional<String> get(String field) {
    return Optional.ofNullable(packageJson.path(field).textValue()).filter(s -> !s.isBlank());
  }

  /** Prints one note as a paragraph, with a blank line before it. */
  void print(PrintWriter out, String field) {
    get(field).ifPresent(note -> {
      out.println();
      out.println(Output.safeText(note.strip()));
      out.flush();
    });
  }

  void putInto(ObjectNode doc, String... fields) {
    for (String f : fields) {
      get(f).ifPresent(note -> doc.put(f, note));
    }
  }
}
