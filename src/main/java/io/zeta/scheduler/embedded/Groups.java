package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import io.zeta.scheduler.AppId;
import io.zeta.scheduler.AppViolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Marathon's groups over the agent's apps: the tree the app ids span (every prefix of an id is a
 * group), plus the groups created through {@code /v2/groups}; and the changes a group request
 * makes, planned as {@link AppSupervisor.AppChange}s so that they run as one deployment.
 */
final class Groups {
  private static final Comparator<AppId> BY_PATH = Comparator.comparing(AppId::toString);

  private Groups() {}

  /** Which parts of a group to write (Marathon's GroupInfo embeds; none given means apps, groups and pods). */
  record Embeds(boolean apps, boolean groups, boolean pods, AppJson.Embeds appEmbeds) {
    /**
     * As Marathon's InfoEmbedResolver: values starting with {@code group.apps.} are app embeds, the
     * others group embeds, so {@code group.apps.tasks} alone embeds no apps.
     */
    static Embeds resolve(Collection<String> values) {
      if (values.isEmpty()) {
        return new Embeds(true, true, true, AppJson.Embeds.NONE);
      }
      List<String> appEmbeds = values.stream().filter(v -> v.startsWith("group.apps.")).toList();
      return new Embeds(values.contains("group.apps"), values.contains("group.groups"), values.contains("group.pods"),
          AppJson.Embeds.resolve(appEmbeds));
    }
  }

  /** What a group request changes: the apps, the groups it creates or changes, the groups it removes. */
  record Plan(List<AppSupervisor.AppChange> changes, Set<AppId> groups, Set<AppId> removedGroups) {
    Plan() {
      this(new ArrayList<>(), new LinkedHashSet<>(), new LinkedHashSet<>());
    }
  }

  static boolean isWithin(AppId id, AppId group) {
    List<String> s = id.segments();
    return s.size() >= group.segments().size() && s.subList(0, group.segments().size()).equals(group.segments());
  }

  static AppId parent(AppId id) {
    List<String> s = id.segments();
    return new AppId(s.isEmpty() ? s : s.subList(0, s.size() - 1));
  }

  /** An id as Marathon reads it inside a group: absolute as given, relative to the group otherwise. */
  static AppId resolve(String id, AppId base) {
    if (id.startsWith("/")) {
      return AppId.parse(id).canonical();
    }
    List<String> s = new ArrayList<>(base.segments());
    s.addAll(AppId.parse(id).segments());
    return new AppId(s).canonical();
  }

  /** Every group: the root, every proper prefix of an app id, the stored groups and their prefixes. */
  static Set<AppId> all(Collection<AppId> apps, Collection<AppId> stored) {
    Set<AppId> out = new TreeSet<>(BY_PATH);
    out.add(new AppId(List.of()));
    apps.forEach(a -> addPrefixes(out, parent(a)));
    stored.forEach(g -> addPrefixes(out, g));
    return out;
  }

  private static void addPrefixes(Set<AppId> out, AppId id) {
    for (int i = 0; i <= id.segments().size(); i++) {
      out.add(new AppId(id.segments().subList(0, i)));
    }
  }

  /**
   * The group as Marathon writes it: id, apps, groups (each written the same way), pods,
   * dependencies and version, the latest version of anything in it ({@code fallbackVersion} for an
   * empty group never changed).
   *
   * @param apps every app, as written with the app embeds
   */
  static ObjectNode json(AppId group, List<ObjectNode> apps, Map<AppId, String> stored, Embeds embeds,
      String fallbackVersion) {
    Set<AppId> groups = all(apps.stream().map(a -> AppId.parse(a.get("id").asText())).toList(), stored.keySet());
    return json(group, apps, groups, stored, embeds, fallbackVersion);
  }

  private static ObjectNode json(AppId group, List<ObjectNode> apps, Set<AppId> groups, Map<AppId, String> stored,
      Embeds embeds, String fallbackVersion) {
    ObjectNode out = Json.object();
    out.put("id", group.toString());
    if (embeds.apps()) {
      ArrayNode list = out.putArray("apps");
      apps.stream().filter(a -> parent(AppId.parse(a.get("id").asText())).equals(group)).forEach(list::add);
    }
    if (embeds.groups()) {
      ArrayNode list = out.putArray("groups");
      for (AppId g : groups) {
        if (!g.isRoot() && parent(g).equals(group)) {
          list.add(json(g, apps, groups, stored, embeds, fallbackVersion));
        }
      }
    }
    if (embeds.pods()) {
      out.putArray("pods");
    }
    out.putArray("dependencies");
    String version = null;
    for (ObjectNode a : apps) {
      if (isWithin(AppId.parse(a.get("id").asText()), group)) {
        version = later(version, a.path("version").asText(null));
      }
    }
    for (Map.Entry<AppId, String> g : stored.entrySet()) {
      if (isWithin(g.getKey(), group)) {
        version = later(version, g.getValue());
      }
    }
    out.put("version", version == null ? fallbackVersion : version);
    return out;
  }

  private static String later(String a, String b) {
    return a == null || (b != null && b.compareTo(a) > 0) ? b : a;
  }

  /**
   * POST or PUT of a group, as Marathon's GroupUpdate: {@code apps} given replace the group's apps
   * (those not listed are removed), {@code groups} given replace its subgroups the same way,
   * {@code scaleBy} multiplies the instances of every app in it (rounding up).
   */
  static Plan update(AppId group, ObjectNode update, Map<AppId, ObjectNode> current, Set<AppId> stored) {
    Plan plan = new Plan();
    if (update.hasNonNull("version")) {
      throw ApiError.of(422, "the embedded scheduler keeps no group versions to roll back to; "
          + "roll back the apps with PUT /v2/apps/{id} and their version instead");
    }
    if (update.hasNonNull("scaleBy")) {
      double factor = update.get("scaleBy").asDouble();
      if (!update.get("scaleBy").isNumber() || factor < 0) {
        throw ApiError.invalid(List.of(new AppViolation("/scaleBy", "must be a number of at least 0")));
      }
      plan.groups().add(group);
      current.forEach((id, def) -> {
        if (isWithin(id, group)) {
          ObjectNode scaled = def.deepCopy();
          scaled.put("instances", (int) Math.ceil(def.path("instances").asInt(1) * factor));
          plan.changes().add(new AppSupervisor.Put(scaled));
        }
      });
      return plan;
    }
    List<AppViolation> violations = new ArrayList<>();
    Set<AppId> groups = all(current.keySet(), stored);
    apply(group, update, "", current, groups, plan, violations);
    if (!violations.isEmpty()) {
      throw ApiError.invalid(violations);
    }
    return plan;
  }

  private static void apply(AppId group, ObjectNode update, String pointer, Map<AppId, ObjectNode> current,
      Set<AppId> groups, Plan plan, List<AppViolation> violations) {
    plan.groups().add(group);
    JsonNode apps = update.get("apps");
    if (apps != null && !apps.isNull()) {
      if (!apps.isArray()) {
        violations.add(new AppViolation(pointer + "/apps", "must be an array of apps"));
        return;
      }
      Set<AppId> given = new LinkedHashSet<>();
      for (int i = 0; i < apps.size(); i++) {
        String at = pointer + "/apps(" + i + ")";
        if (!apps.get(i).isObject() || !apps.get(i).path("id").isTextual()) {
          violations.add(new AppViolation(at + "/id", "an app in a group needs an id"));
          continue;
        }
        ObjectNode def = (ObjectNode) apps.get(i).deepCopy();
        AppId id = resolve(def.get("id").asText(), group);
        if (!parent(id).equals(group)) {
          violations.add(new AppViolation(at + "/id", "app " + id + " is not a direct child of group " + group
              + "; put it into the group's groups"));
          continue;
        }
        def.put("id", id.toString());
        DefinitionCheck.violations(def).forEach(v -> violations.add(new AppViolation(at + v.pointer(), v.message())));
        given.add(id);
        plan.changes().add(new AppSupervisor.Put(def));
      }
      current.keySet().stream().filter(id -> parent(id).equals(group) && !given.contains(id))
          .forEach(id -> plan.changes().add(new AppSupervisor.Remove(id)));
    }
    JsonNode subgroups = update.get("groups");
    if (subgroups != null && !subgroups.isNull()) {
      if (!subgroups.isArray()) {
        violations.add(new AppViolation(pointer + "/groups", "must be an array of groups"));
        return;
      }
      Set<AppId> given = new LinkedHashSet<>();
      for (int i = 0; i < subgroups.size(); i++) {
        String at = pointer + "/groups(" + i + ")";
        JsonNode sub = subgroups.get(i);
        if (!sub.isObject() || !sub.path("id").isTextual()) {
          violations.add(new AppViolation(at + "/id", "a group in a group needs an id"));
          continue;
        }
        AppId id = resolve(sub.get("id").asText(), group);
        if (!parent(id).equals(group)) {
          violations.add(new AppViolation(at + "/id", "group " + id + " is not a direct child of group " + group));
          continue;
        }
        given.add(id);
        apply(id, (ObjectNode) sub, at, current, groups, plan, violations);
      }
      for (AppId g : groups) {
        if (!g.isRoot() && parent(g).equals(group) && !given.contains(g)) {
          plan.changes().addAll(delete(g, current).changes());
          plan.removedGroups().add(g);
        }
      }
    }
  }

  /** DELETE of a group: every app in it, as one deployment. */
  static Plan delete(AppId group, Map<AppId, ObjectNode> current) {
    Plan plan = new Plan();
    current.keySet().stream().filter(id -> isWithin(id, group))
        .forEach(id -> plan.changes().add(new AppSupervisor.Remove(id)));
    plan.removedGroups().add(group);
    return plan;
  }
}
