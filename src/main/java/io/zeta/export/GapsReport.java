package io.zeta.export;

import io.zeta.catalog.PackageDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * docs/DCOS-GAPS.md: the gaps of many packages grouped by feature, one row per Cosmos feature
 * that is missing, with the packages that need it (computed from the packages) and the change
 * to Cosmos or the Universe package format that would close it (the proposal, per feature).
 */
public final class GapsReport {
  /** A feature's proposal: what Cosmos lacks, and the concrete change that would close it. */
  record Proposal(String missing, String change) {}

  static final Map<String, Proposal> PROPOSALS = new LinkedHashMap<>();

  static {
    PROPOSALS.put("staging", new Proposal("Staging a package version once per cluster on shared storage",
        "A `stage` step in Cosmos (`POST /package/stage {packageName, packageVersion}`) that copies `resource.json` "
            + "`assets.uris` (checked against a new optional `sha256`/`size` per asset) into cluster storage, and "
            + "rewrites `resource.assets.uris` to the staged copies at render time."));
    PROPOSALS.put("images", new Proposal("Recording the images a version runs",
        "`resource.json` `assets.container.docker` entries with a digest (`image@sha256:...`), pinned at stage."));
    PROPOSALS.put("directories", new Proposal("Directories of an instance, with modes and owners",
        "A `storage` section in package.json (or a new `storage.json`): `{\"directories\": [{\"path\", \"mode\", "
            + "\"persistent\"}]}`; Cosmos creates them under a per-install home on cluster storage before the app "
            + "starts, owned by the install's role group, and renders `{{storage.home}}` / `{{storage.homePath}}`."));
    PROPOSALS.put("persistent-data", new Proposal("Data kept across uninstall",
        "`persistent: true` in that `storage` section, kept by `DELETE /package/uninstall` unless `purge: true` is "
            + "given (and reused by a reinstall with the same appId)."));
    PROPOSALS.put("config-files", new Proposal("Config files rendered from templates",
        "`configFiles: [{\"template\", \"target\", \"mode\"}]` in the `storage` section, rendered by Cosmos with the "
            + "install's options (as marathon.json.mustache is) into the home; apps fetch or mount them."));
    PROPOSALS.put("shared-paths", new Proposal("Paths on a POSIX mount of shared storage",
        "A render context `{{dcos.storage.mount}}` (the mount every agent has), and `{{storage.homePath}}`, so "
            + "Docker volumes and env can name shared paths."));
    PROPOSALS.put("capabilities", new Proposal("Requirements a cluster must meet",
        "A `requirements` field in package.json (`[\"docker\", \"posix-mount\", \"gpu\"]`), checked against "
            + "`GET /capabilities` (extended with cluster-declared capabilities); install refused with "
            + "`{type: \"RequirementNotMet\"}`."));
    PROPOSALS.put("instances", new Proposal("Named instances per role, and instance policies",
        "Render context `{{dcos.install.role}}` and `{{dcos.install.id}}` derived from `appId` `/<role>/<id>`, and "
            + "a package.json `instancePolicy` (`many-per-role`, `one-per-role`, `one-per-cluster`) Cosmos enforces "
            + "at install against `/package/list`."));
    PROPOSALS.put("multi-app", new Proposal("Several apps in one install",
        "`marathon.v2GroupMustacheTemplate` (a Marathon group, with `dependencies` for order) in package.json 5.0 "
            + "and the repository index, installed with `POST /v2/groups`; or a per-app list with `copies`."));
    PROPOSALS.put("env-exports", new Proposal("Discovery through env exports",
        "An `exports` map in package.json (`{\"NAME\": \"{{template}}\"}`), rendered at install and returned by "
            + "`/service/describe` and a new `GET /package/exports?role=`, so other installs and users find a service."));
    PROPOSALS.put("secrets", new Proposal("Secret options kept out of labels",
        "Leave options with `\"format\": \"password\"` out of the `DCOS_PACKAGE_OPTIONS` label and keep them in the "
            + "secret store (`/secrets/v1`), referenced from the app's `secrets` field."));
  }

  private GapsReport() {}

  /** The Markdown document for these packages (sorted by name), stable so a test can compare it. */
  public static String markdown(List<PackageDefinition> packages, String command) {
    Map<String, TreeSet<String>> users = new LinkedHashMap<>();
    PROPOSALS.keySet().forEach(k -> users.put(k, new TreeSet<>()));
    List<String> names = new ArrayList<>();
    StringBuilder perPackage = new StringBuilder();
    for (PackageDefinition def : packages.stream().sorted(java.util.Comparator.comparing(PackageDefinition::name)).toList()) {
      names.add(def.name());
      List<Gap> gaps = UniverseExport.gaps(def);
      perPackage.append("\n### ").append(def.name()).append(' ').append(def.version()).append("\n\n");
      if (gaps.isEmpty()) {
        perPackage.append("Nothing is lost: a plain Universe package.\n");
        continue;
      }
      perPackage.append("| feature | uses | the export does | lost on DC/OS |\n|---|---|---|---|\n");
      for (Gap g : gaps) {
        users.computeIfAbsent(g.feature(), k -> new TreeSet<>()).add(def.name());
        perPackage.append("| ").append(cell(g.title())).append(" | ").append(cell(g.detail())).append(" | ")
            .append(cell(g.approximation())).append(" | ").append(cell(g.lost())).append(" |\n");
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# What DC/OS lacks for shared-storage packages\n\n");
    sb.append("<!-- Generated by `").append(command).append("`; do not edit (a test compares it). -->\n\n");
    sb.append("The original Zeta README's end goal is to use the DC/OS package manager. `zeta package export` writes each "
        + "Zeta package as a plain Universe package DC/OS can install; this is what such an export loses, computed from the ")
        .append(names.size()).append(" packages in `packages/` (").append(String.join(", ", names)).append("), and the "
        + "change to Cosmos or the Universe package format that would close each gap: the proposal to the DC/OS community.\n\n");
    sb.append("| missing in Cosmos | packages that need it | proposed change |\n|---|---|---|\n");
    for (Map.Entry<String, TreeSet<String>> e : users.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      Proposal p = PROPOSALS.get(e.getKey());
      sb.append("| ").append(cell(p == null ? e.getKey() : p.missing())).append(" | ").append(String.join(", ", e.getValue()))
          .append(" | ").append(cell(p == null ? "" : p.change())).append(" |\n");
    }
    sb.append("\n## Per package\n").append(perPackage);
    return sb.toString();
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
