package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Cluster;
import io.zeta.cluster.RegistryConfig;
import io.zeta.images.ClusterRegistry;
import io.zeta.images.RegistryClient;
import io.zeta.images.RegistryPassword;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The registry's options, shared by {@code cluster init} and {@code cluster set}: an option not
 * given keeps the cluster's value. The password goes to its owner-only file, never cluster.json.
 */
final class RegistryOptions implements ClusterSetting {
  @Option(names = "--registry", paramLabel = "URL|embedded",
      description = "The cluster's image registry: an external Docker Registry v2, http(s)://host[:port], or 'embedded' "
          + "(the default: docker-registry started by `zeta registry start`).")
  String url;

  @Option(names = "--registry-user", paramLabel = "USER", description = "Basic-auth user of the external registry ('' for none).")
  String user;

  @Option(names = "--registry-password-file", paramLabel = "FILE",
      description = "A file whose first line is the registry password ('-' for stdin); kept in "
          + "/zeta/kstore/secrets/registry-password, mode 0600, never printed.")
  String passwordFile;

  @Option(names = "--registry-ca-file", paramLabel = "PEM",
      description = "The CA certificate(s) of the external registry's TLS certificate (a path on every node).")
  String caFile;

  @Option(names = "--registry-port", paramLabel = "PORT",
      description = "The embedded registry's port on 127.0.0.1 (default: an ephemeral one at its first start, then kept).")
  Integer port;

  @Option(names = "--image-mirror", paramLabel = "REGISTRY=URL",
      description = "Copy the images of REGISTRY (docker.io) from URL instead, for every stage (`REGISTRY=none` drops "
          + "one). Repeatable.")
  List<String> mirrors = new ArrayList<>();

  private String password;
  private RegistryConfig next;

  @Override
  public boolean given() {
    return url != null || user != null || passwordFile != null || caFile != null || port != null || !mirrors.isEmpty();
  }

  @Override
  public void validate(ZetaEnv env) {
    if (url != null && !url.equals("embedded")) {
      ClusterRegistry.checkUrl(url, "--registry");
    }
    if (port != null && (port < 0 || port > 65535)) {
      throw new ZetaException("--registry-port " + port + ": not a port", "give 1-65535, or 0 for an ephemeral one", null);
    }
    if (caFile != null && !Files.isReadable(env.path(caFile))) {
      throw new ZetaException("--registry-ca-file " + caFile + ": not a readable file", "give the CA's PEM file", null);
    }
    for (String m : mirrors) {
      if (!m.endsWith("=none")) {
        ClusterRegistry.mirror(m);
      }
    }
    if (passwordFile != null) {
      password = RegistryPassword.fromFile(passwordFile, env.cwd(), env.in());
    }
  }

  /** These options over {@code current}. */
  RegistryConfig merge(RegistryConfig current, ZetaEnv env) {
    String u = url == null ? current.url() : url.equals("embedded") ? null : url.replaceAll("/+$", "");
    String who = user == null ? current.user() : user.isEmpty() ? null : user;
    String ca = caFile == null ? current.caFile() : caFile.isEmpty() ? null : env.path(caFile).toString();
    Map<String, String> m = new TreeMap<>(current.mirrors());
    for (String spec : mirrors) {
      if (spec.endsWith("=none")) {
        m.remove(spec.substring(0, spec.length() - "=none".length()));
      } else {
        Map.Entry<String, String> e = ClusterRegistry.mirror(spec);
        m.put(e.getKey(), e.getValue());
      }
    }
    RegistryConfig merged = new RegistryConfig(u, who, ca, port == null ? current.port() : port, m);
    if (merged.embedded() && (who != null || password != null)) {
      throw new ZetaException("--registry-user and --registry-password-file are for an external registry; the embedded "
          + "one listens on 127.0.0.1 only, without credentials", "give --registry URL too", null);
    }
    if (password != null && who == null) {
      throw new ZetaException("--registry-password-file needs --registry-user", "give the user it belongs to", null);
    }
    return merged;
  }

  @Override
  public void check(Cluster cluster, ZetaEnv env) {
    next = merge(cluster.config().registryConfig(), env);
  }

  @Override
  public Cluster apply(Cluster cluster, ZetaEnv env) throws IOException {
    RegistryConfig config = next != null ? next : merge(cluster.config().registryConfig(), env);
    // The password first: a crash between the two leaves the old settings with a password they do not use.
    if (password != null) {
      RegistryPassword.write(cluster.storage(), password);
    } else if (config.user() == null) {
      RegistryPassword.delete(cluster.storage());
    }
    return cluster.withRegistry(config);
  }

  /** An external registry that does not answer now is a warning: it may come up later. */
  @Override
  public List<String> warnings(ZetaEnv env) {
    List<String> out = new ArrayList<>();
    if (next == null || next.embedded()) {
      return out;
    }
    try {
      new RegistryClient(io.zeta.images.ClusterRegistry.endpointOf(next, java.util.Optional.ofNullable(password))).ping();
    } catch (ZetaException e) {
      out.add(e.getMessage() + "; it was set anyway");
    }
    return out;
  }

  @Override
  public int finish(Cluster cluster, Subcommand command, ObjectNode into) {
    if (!command.structured()) {
      RegistryConfig c = cluster.config().registryConfig();
      command.out().println(Output.safe("Registry of cluster " + cluster.name() + ": "
          + (c.embedded() ? "embedded (`zeta registry start`)" : c.url() + c.userName().map(u -> " as " + u).orElse(""))
          + (c.mirrors().isEmpty() ? "" : "; image mirrors " + c.mirrors()) + "."));
    }
    return 0;
  }

  @Override
  public void describe(Cluster cluster, ObjectNode into) {
    RegistryConfig c = cluster.config().registryConfig();
    ObjectNode r = into.putObject("registry");
    r.put("kind", c.embedded() ? "embedded" : "external");
    if (!c.embedded()) {
      r.put("url", c.url());
    }
    if (c.user() != null) {
      r.put("registryUser", c.user());
    }
    if (c.caFile() != null) {
      r.put("caFile", c.caFile());
    }
    if (c.port() > 0) {
      r.put("port", c.port());
    }
    ObjectNode m = r.putObject("mirrors");
    c.mirrors().forEach(m::put);
  }
}
