package io.zeta.images;

import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RegistryConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's registry as a place to copy images to: the external one of cluster.json (with its
 * stored password), or the embedded one when it runs (a stale one, killed, is started again
 * first). Empty when the cluster has none running: the embedded registry was never started or was
 * stopped.
 */
public final class ClusterRegistry {
  private ClusterRegistry() {}

  /** The endpoint, or empty; {@code notes} gets a line for a repaired embedded registry. */
  public static Optional<RegistryEndpoint> endpoint(Cluster cluster, Path logDir, List<String> notes) throws IOException {
    RegistryConfig config = cluster.config().registryConfig();
    if (!config.embedded()) {
      return Optional.of(external(config, RegistryPassword.read(cluster.storage())));
    }
    EmbeddedRegistry embedded = new EmbeddedRegistry(cluster, logDir);
    EmbeddedRegistry.Started s = embedded.repairIfStale();
    notes.addAll(s.notes());
    return s.status().running() ? s.status().address().map(RegistryEndpoint::plain) : Optional.empty();
  }

  /** Where the embedded registry is, without starting anything (for unstage and doctor). */
  public static Optional<RegistryEndpoint> current(Cluster cluster, Path logDir) throws IOException {
    RegistryConfig config = cluster.config().registryConfig();
    if (!config.embedded()) {
      return Optional.of(external(config, RegistryPassword.read(cluster.storage())));
    }
    EmbeddedRegistry.Status s = new EmbeddedRegistry(cluster, logDir).status();
    return s.running() ? s.address().map(RegistryEndpoint::plain) : Optional.empty();
  }

  /** The endpoint of an external registry's settings (for a check before they are saved). */
  public static RegistryEndpoint endpointOf(RegistryConfig config, Optional<String> password) {
    return external(config, password);
  }

  static RegistryEndpoint external(RegistryConfig config, Optional<String> password) {
    URI uri = checkUrl(config.url(), "--registry");
    String address = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    return new RegistryEndpoint(address, "http".equals(uri.getScheme()), Optional.ofNullable(config.caFile()),
        config.userName(), config.userName().isPresent() ? password : Optional.empty());
  }

  /** An external registry's URL: http(s)://host[:port], nothing after. */
  public static URI checkUrl(String url, String flag) {
    try {
      URI uri = new URI(url);
      if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null
          || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) || uri.getQuery() != null
          || uri.getUserInfo() != null) {
        throw new java.net.URISyntaxException(url, "not http(s)://host[:port]");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new ZetaException(flag + " " + url + ": not a registry URL", "give http(s)://host[:port] (credentials with "
          + "--registry-user and --registry-password-file), or 'embedded'", null);
    }
  }

  /**
   * One {@code --image-mirror REGISTRY=URL}: the upstream registry ({@code docker.io}) and where to
   * copy from instead ({@code http://127.0.0.1:5000}, {@code https://mirror:5000}, {@code host:port/prefix}).
   */
  public static java.util.Map.Entry<String, String> mirror(String spec) {
    int eq = spec.indexOf('=');
    String hint = "give REGISTRY=URL, e.g. --image-mirror docker.io=http://127.0.0.1:5000";
    if (eq <= 0 || eq == spec.length() - 1) {
      throw new ZetaException("--image-mirror " + spec + ": not REGISTRY=URL", hint, null);
    }
    String from = spec.substring(0, eq);
    String to = spec.substring(eq + 1).replaceAll("/+$", "");
    if (!from.matches("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")) {
      throw new ZetaException("--image-mirror " + spec + ": '" + from + "' is not a registry host", hint, null);
    }
    String rest = to.replaceFirst("^https?://", "");
    if (to.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !to.startsWith("http://") && !to.startsWith("https://")) {
      throw new ZetaException("--image-mirror " + spec + ": the mirror must be http(s)://host[:port][/prefix]", hint, null);
    }
    if (!rest.matches("^[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")) {
      throw new ZetaException("--image-mirror " + spec + ": '" + to + "' is not host[:port][/prefix]", hint, null);
    }
    return java.util.Map.entry(from.equals("index.docker.io") ? ImageRef.DOCKER_HUB : from, to);
  }
}
