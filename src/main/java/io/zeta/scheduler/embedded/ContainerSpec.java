package io.zeta.scheduler.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.scheduler.AppViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An app's {@code container} as the agent runs it: a Docker image ({@code type: DOCKER}, or
 * {@code MESOS} with {@code docker.image}) under podman. Marathon's two spellings are read: the
 * 1.5+ one ({@code networks}, {@code container.portMappings}) and the legacy one
 * ({@code container.docker.network}, {@code container.docker.portMappings}).
 */
record ContainerSpec(String image, boolean forcePull, Network network, List<PortMapping> portMappings,
    List<Volume> volumes, List<Parameter> parameters, boolean privileged) {

  enum Network { HOST, BRIDGE, USER, NONE }

  /** {@code hostPort} null: not published on the host (USER networks without one). */
  record PortMapping(int containerPort, Integer hostPort, String protocol, String name) {}

  /** {@code readOnly}: mode RO. Paths as given; relative ones are resolved against the sandbox. */
  record Volume(String containerPath, String hostPath, boolean readOnly) {}

  record Parameter(String key, String value) {}

  /**
   * The {@code docker.parameters} the agent passes to {@code podman run}: those that cannot weaken
   * the container's isolation or take over what the app's own fields say (network, volumes,
   * resources, name, privileges). Anything else is refused with this list.
   */
  static final Set<String> ALLOWED_PARAMETERS = Set.of("label", "env", "hostname", "workdir", "init", "read-only",
      "tmpfs", "shm-size", "stop-signal", "cap-drop", "pids-limit", "add-host", "entrypoint", "ulimit", "group-add",
      "dns", "dns-search", "dns-option", "expose", "memory-swappiness");

  /** The container of a definition, or null when it runs as a command (no {@code container}). */
  static ContainerSpec from(ObjectNode app) {
    JsonNode c = app.get("container");
    if (c == null || !c.isObject()) {
      return null;
    }
    JsonNode docker = c.path("docker");
    String image = docker.path("image").asText(null);
    boolean forcePull = docker.path("forcePullImage").asBoolean(false) || docker.path("forcePull").asBoolean(false);
    Network network = network(app, docker);
    JsonNode mappings = c.has("portMappings") ? c.get("portMappings") : docker.get("portMappings");
    List<PortMapping> ports = new ArrayList<>();
    if (mappings != null && mappings.isArray() && network != Network.HOST && network != Network.NONE) {
      for (JsonNode m : mappings) {
        Integer hostPort = m.hasNonNull("hostPort") ? m.get("hostPort").asInt()
            // Marathon: in BRIDGE mode an absent hostPort is 0 (any); on a USER network it is not published.
            : network == Network.BRIDGE ? 0 : null;
        ports.add(new PortMapping(m.path("containerPort").asInt(0), hostPort, m.path("protocol").asText("tcp"),
            m.hasNonNull("name") ? m.get("name").asText() : null));
      }
    }
    List<Volume> volumes = new ArrayList<>();
    for (JsonNode v : c.path("volumes")) {
      volumes.add(new Volume(v.path("containerPath").asText(""), v.hasNonNull("hostPath") ? v.get("hostPath").asText()
          : null, "RO".equalsIgnoreCase(v.path("mode").asText("RW"))));
    }
    List<Parameter> params = new ArrayList<>();
    for (JsonNode p : docker.path("parameters")) {
      params.add(new Parameter(p.path("key").asText(""), p.path("value").asText("")));
    }
    return new ContainerSpec(image, forcePull, network, List.copyOf(ports), List.copyOf(volumes), List.copyOf(params),
        docker.path("privileged").asBoolean(false));
  }

  private static Network network(ObjectNode app, JsonNode docker) {
    JsonNode networks = app.get("networks");
    if (networks != null && networks.isArray() && !networks.isEmpty()) {
      return switch (networks.get(0).path("mode").asText("host")) {
        case "container/bridge" -> Network.BRIDGE;
        case "container" -> Network.USER;
        default -> Network.HOST;
      };
    }
    if (docker.hasNonNull("network")) {
      return switch (docker.get("network").asText().toUpperCase(Locale.ROOT)) {
        case "BRIDGE" -> Network.BRIDGE;
        case "USER" -> Network.USER;
        case "NONE" -> Network.NONE;
        default -> Network.HOST;
      };
    }
    return Network.HOST;
  }

  /** Host ports are published for mappings with a hostPort; the task's ports are theirs, in order. */
  List<PortMapping> published() {
    return portMappings.stream().filter(m -> m.hostPort() != null).toList();
  }

  boolean mapsPorts() {
    return network == Network.BRIDGE || network == Network.USER;
  }

  /** What the agent cannot run as asked, each with the JSON pointer Marathon's 422 names. */
  List<AppViolation> violations(JsonNode container) {
    List<AppViolation> out = new ArrayList<>();
    String type = container.path("type").asText("DOCKER");
    if (image == null || image.isBlank()) {
      out.add(new AppViolation("/container/docker/image", "the embedded scheduler runs containers from Docker "
          + "images only: give container.docker.image (a " + type + " container without one is not supported), or "
          + "remove \"container\" and give the app a cmd"));
    } else if (image.length() > 512 || !image.matches("[A-Za-z0-9][A-Za-z0-9._:/@+-]*")) {
      out.add(new AppViolation("/container/docker/image", "'" + abbreviate(image) + "' is not an image reference "
          + "(e.g. 127.0.0.1:5000/pkg/name@sha256:..., registry/name:tag)"));
    }
    JsonNode params = container.path("docker").path("parameters");
    for (int i = 0; i < parameters.size(); i++) {
      String key = parameters.get(i).key();
      if (!ALLOWED_PARAMETERS.contains(key)) {
        out.add(new AppViolation("/container/docker/parameters/" + i + "/key", "docker parameter '" + abbreviate(key)
            + "' is not allowed by the embedded scheduler (it could weaken the container's isolation or override "
            + "what the app's own fields say); allowed: " + String.join(", ", new java.util.TreeSet<>(ALLOWED_PARAMETERS))));
      }
    }
    JsonNode vols = container.path("volumes");
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      JsonNode raw = vols.get(i);
      if (raw.has("persistent") || raw.has("external") || raw.has("secret")) {
        out.add(new AppViolation("/container/volumes/" + i, "persistent, external and secret volumes need a Mesos "
            + "cluster; on the embedded scheduler give hostPath (a directory on shared storage keeps data)"));
      } else if (v.hostPath() == null || v.hostPath().isBlank()) {
        out.add(new AppViolation("/container/volumes/" + i + "/hostPath", "a volume needs hostPath"));
      } else if (v.containerPath().isBlank() || v.containerPath().contains(":") || v.hostPath().contains(":")
          || v.containerPath().contains(",") || v.hostPath().contains(",")) {
        out.add(new AppViolation("/container/volumes/" + i, "volume paths must be non-empty and free of ':' and ','"));
      } else if (!v.hostPath().startsWith("/") && escapes(v.hostPath())) {
        out.add(new AppViolation("/container/volumes/" + i + "/hostPath", "a relative hostPath is inside the "
            + "sandbox; '" + abbreviate(v.hostPath()) + "' leaves it"));
      } else if (!v.containerPath().startsWith("/") && escapes(v.containerPath())) {
        out.add(new AppViolation("/container/volumes/" + i + "/containerPath", "a relative containerPath is inside "
            + "the sandbox; '" + abbreviate(v.containerPath()) + "' leaves it"));
      }
    }
    for (int i = 0; i < portMappings.size(); i++) {
      String protocol = portMappings.get(i).protocol();
      if (!Set.of("tcp", "udp", "udp,tcp", "tcp,udp").contains(protocol)) {
        out.add(new AppViolation("/container/portMappings/" + i + "/protocol", "protocol must be tcp, udp or udp,tcp"));
      }
    }
    return out;
  }

  /** What this agent refuses of a valid container: privileged ones, unless allowed; any when containers cannot run. */
  static List<AppViolation> agentViolations(ObjectNode app, boolean allowPrivileged, java.util.Optional<String> refusal) {
    ContainerSpec c = from(app);
    List<AppViolation> out = new ArrayList<>();
    if (c == null) {
      return out;
    }
    refusal.ifPresent(why -> out.add(new AppViolation("/container", why + "; remove \"container\" and give the app a "
        + "cmd, or deploy it to a Marathon cluster")));
    if (c.privileged() && !allowPrivileged) {
      out.add(new AppViolation("/container/docker/privileged", "privileged containers are refused by this agent: "
          + "they are root on the host; remove \"privileged\", or start the agent with --allow-privileged"));
    }
    return out;
  }

  private static boolean escapes(String relative) {
    return java.nio.file.Path.of(relative).normalize().startsWith("..");
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
