package io.zeta.cli;

import io.zeta.cluster.Names;
import io.zeta.cluster.RoleQuotas;
import io.zeta.cluster.RoleRecord;
import io.zeta.cluster.volume.QuotaSizes;
import io.zeta.cluster.volume.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The one-line summaries of a role that {@code role add} and {@code role set} print. */
final class RoleSummary {
  private RoleSummary() {}

  /** "/apps/r, /data/r, /etl/r, /zeta/r (group zetar<base>, mode 0770; owner and group only recorded: ...)". */
  static String directories(RoleRecord record) {
    List<String> paths = record.dirs().stream().map(RoleRecord.RoleDir::path).toList();
    String owner = record.dirs().isEmpty() ? "" : record.dirs().get(0).owner();
    String text = String.join(", ", paths) + " (owner " + owner + ", group zeta" + record.name() + "<base>, mode 0770";
    List<String> notes = record.dirs().stream().filter(d -> !d.applied()).map(d -> d.note().replaceFirst("^owner not applied: ", "")).distinct().toList();
    if (!notes.isEmpty()) {
      text += "; owner and group only recorded, the filesystem refused them: " + notes.get(0);
    }
    return text + ")";
  }

  /** "space quota 10 MiB and no namespace quota on each directory", per directory when they differ, or why there are none. */
  static String quotas(RoleQuotas quotas, String role) throws IOException {
    if (quotas.volumes().quotaRefusal().isPresent()) {
      return "no quotas (" + quotas.volumes().kind() + " storage has none Zeta can set)";
    }
    List<String> each = new ArrayList<>();
    Set<String> distinct = new LinkedHashSet<>();
    for (String base : Names.BASE_DIRS) {
      Usage u = quotas.usage(role, base);
      String text = (u.hasSpaceQuota() ? "space quota " + QuotaSizes.bytes(u.spaceQuota()) : "no space quota") + " and "
          + (u.hasNamespaceQuota() ? "namespace quota " + u.namespaceQuota() : "no namespace quota");
      each.add(base + ": " + text);
      distinct.add(text);
    }
    return distinct.size() == 1 ? distinct.iterator().next() + " on each directory" : String.join(", ", each);
  }

  /** Adds a directory's quotas and usage to its JSON (as {@code GET /zeta/v1/roles} does). */
  static void usageJson(com.fasterxml.jackson.databind.node.ObjectNode dir, java.util.Optional<Usage> usage) {
    RoleQuotas.usageJson(dir, usage);
  }

  static com.fasterxml.jackson.databind.node.ObjectNode quotaSupportJson(RoleQuotas quotas) {
    return quotas.supportJson();
  }

  /** "9.5 MiB / 10 MiB", or "9.5 MiB / -" without a quota. */
  static String spaceCell(Usage u) {
    return QuotaSizes.bytes(u.spaceUsed()) + " / " + (u.hasSpaceQuota() ? QuotaSizes.bytes(u.spaceQuota()) : "-");
  }

  static String namespaceCell(Usage u) {
    return u.namespaceUsed() + " / " + (u.hasNamespaceQuota() ? String.valueOf(u.namespaceQuota()) : "-");
  }
}
