package io.zeta.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which ports of an app speak HTTP, read from its definition as Marathon returns it, so that a
 * task's host and port become a URL. A port is HTTP(S) when its definition or mapping is named
 * like one ({@code http}, {@code https}, {@code web}, {@code ui}, {@code http-*}...), has a
 * {@code protocol} or label saying so ({@code VIP_*} labels name the load-balanced address, not
 * the scheme, so they do not count), a health check of protocol HTTP(S) or MESOS_HTTP(S) probes
 * it, or DC/OS's admin-router labels ({@code DCOS_SERVICE_SCHEME}, {@code DCOS_SERVICE_PORT_INDEX})
 * point at it.
 */
public final class AppEndpoints {
  private static final Set<String> HTTP_NAMES = Set.of("http", "web", "ui", "api", "admin", "www");
  private static final Set<String> HTTPS_NAMES = Set.of("https", "tls", "ssl");

  /** One port of the app: its index, name (may be null) and scheme ({@code http}, {@code https}) if it is HTTP. */
  public record Port(int index, String name, Optional<String> scheme) {}

  private AppEndpoints() {}

  public static List<Port> of(JsonNode app) {
    List<JsonNode> defs = MarathonFields.array(app, "portDefinitions");
    if (defs.isEmpty()) {
      defs = MarathonFields.array(app.path("container"), "portMappings");
    }
    if (defs.isEmpty()) {
      defs = MarathonFields.array(app.path("container").path("docker"), "portMappings");
    }
    List<Port> out = new ArrayList<>();
    for (int i = 0; i < defs.size(); i++) {
      JsonNode d = defs.get(i);
      String name = MarathonFields.text(d, "name");
      out.add(new Port(i, name, schemeOf(d, name)));
    }
    for (JsonNode check : MarathonFields.array(app, "healthChecks")) {
      String protocol = String.valueOf(MarathonFields.text(check, "protocol")).toUpperCase(Locale.ROOT);
      int index = MarathonFields.integer(check, "portIndex", 0);
      if (index >= 0 && index < out.size() && out.get(index).scheme().isEmpty()) {
        if (protocol.equals("HTTP") || protocol.equals("MESOS_HTTP")) {
          out.set(index, new Port(index, out.get(index).name(), Optional.of("http")));
        } else if (protocol.equals("HTTPS") || protocol.equals("MESOS_HTTPS")) {
          out.set(index, new Port(index, out.get(index).name(), Optional.of("https")));
        }
      }
    }
    JsonNode labels = app.path("labels");
    String dcosScheme = MarathonFields.text(labels, "DCOS_SERVICE_SCHEME");
    if (dcosScheme != null && (dcosScheme.equals("http") || dcosScheme.equals("https"))) {
      int index = parseIndex(MarathonFields.text(labels, "DCOS_SERVICE_PORT_INDEX"));
      if (index >= 0 && index < out.size() && out.get(index).scheme().isEmpty()) {
        out.set(index, new Port(index, out.get(index).name(), Optional.of(dcosScheme)));
      }
    }
    return out;
  }

  /** The URL of a task's port when that port speaks HTTP; {@code ports} are the task's host ports. */
  public static Optional<String> url(List<Port> appPorts, String host, List<Integer> ports, int index) {
    if (index >= appPorts.size() || index >= ports.size() || host == null || host.isEmpty()) {
      return Optional.empty();
    }
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return appPorts.get(index).scheme().map(s -> s + "://" + h + ":" + ports.get(index) + "/");
  }

  private static Optional<String> schemeOf(JsonNode def, String name) {
    String protocol = MarathonFields.text(def, "protocol");
    if (protocol != null) {
      String p = protocol.toLowerCase(Locale.ROOT);
      if (p.equals("http") || p.equals("https")) {
        return Optional.of(p);
      }
    }
    for (String key : new String[] {"protocol", "scheme"}) {
      String v = MarathonFields.text(def.path("labels"), key);
      if (v != null && (v.equalsIgnoreCase("http") || v.equalsIgnoreCase("https"))) {
        return Optional.of(v.toLowerCase(Locale.ROOT));
      }
    }
    if (name == null) {
      return Optional.empty();
    }
    String n = name.toLowerCase(Locale.ROOT);
    String head = n.split("[-_.]", 2)[0];
    if (HTTPS_NAMES.contains(n) || HTTPS_NAMES.contains(head)) {
      return Optional.of("https");
    }
    if (HTTP_NAMES.contains(n) || HTTP_NAMES.contains(head)) {
      return Optional.of("http");
    }
    return Optional.empty();
  }

  private static int parseIndex(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
