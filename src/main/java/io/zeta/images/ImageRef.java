package io.zeta.images;

import io.zeta.ZetaException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as Docker reads it: {@code [registry/]repository[:tag][@sha256:...]}. A
 * first component without '.', ':' or "localhost" is a Docker Hub path ({@code redis} is
 * {@code docker.io/library/redis}); no tag is {@code latest}. Package files are untrusted, so every
 * part is checked against the distribution grammar before it reaches a command line.
 */
public record ImageRef(String registry, String repository, Optional<String> tag, Optional<String> digest) {
  public static final String DOCKER_HUB = "docker.io";
  private static final Pattern COMPONENT = Pattern.compile("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$");
  private static final Pattern HOST = Pattern.compile("^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::[0-9]{1,5})?$");
  private static final Pattern TAG = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$");
  public static final Pattern DIGEST = Pattern.compile("^sha256:[a-f0-9]{64}$");

  /** Parses {@code text}; {@code what} names it in the error ("image redis of redis@7.0.0"). */
  public static ImageRef parse(String text, String what) {
    String bad = what + ": '" + text + "' is not an image reference";
    if (text == null || text.isBlank() || text.length() > 512 || !text.strip().equals(text)) {
      throw new ZetaException(bad, "use registry/repository[:tag][@sha256:...], e.g. docker.io/library/redis:7", null);
    }
    String rest = text;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(rest.substring(at + 1));
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest.get()).matches()) {
        throw new ZetaException(bad + " (its digest must be sha256:<64 hex digits>)");
      }
    }
    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!HOST.matcher(first).matches()) {
          throw new ZetaException(bad + " (registry '" + first + "')");
        }
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = Optional.of(rest.substring(colon + 1));
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag.get()).matches()) {
        throw new ZetaException(bad + " (tag '" + tag.get() + "')");
      }
    }
    if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    for (String c : rest.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        throw new ZetaException(bad + " (repository '" + rest + "': lower-case letters, digits and . _ - between them)");
      }
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new ImageRef(registry, rest, tag, digest);
  }

  /** Whether {@code name} can be one path component of a repository ({@code <pkg>/<name>}). */
  public static boolean validComponent(String name) {
    return name != null && name.length() <= 128 && COMPONENT.matcher(name).matches();
  }

  /** A repository component made of any name: lower case, other characters as '-'. */
  public static String component(String name) {
    String c = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return c.isEmpty() ? "image" : c;
  }

  /** A tag made of a package version ({@code 1.0.0+b1} → {@code 1.0.0_b1}). */
  public static String tagOf(String version) {
    String t = version.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (!Character.isLetterOrDigit(t.charAt(0)) && t.charAt(0) != '_') {
      t = "_" + t;
    }
    return t.length() > 128 ? t.substring(0, 128) : t;
  }

  /** {@code registry/repository:tag@digest}, as written. */
  @Override
  public String toString() {
    return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  /** The same image on another registry (a mirror), {@code host[:port][/prefix]}. */
  public ImageRef on(String registryAndPrefix) {
    int slash = registryAndPrefix.indexOf('/');
    if (slash < 0) {
      return new ImageRef(registryAndPrefix, repository, tag, digest);
    }
    return new ImageRef(registryAndPrefix.substring(0, slash), registryAndPrefix.substring(slash + 1) + "/" + repository,
        tag, digest);
  }

  /**
   * Where to copy it from: the mirror of its registry if the cluster or the command names one
   * ({@code docker.io → http://127.0.0.1:5000}), else itself. The endpoint says plain HTTP or TLS.
   */
  public Source source(Map<String, String> mirrors) {
    String mirror = mirrors.get(registry);
    if (mirror == null) {
      return new Source(this, registry, false);
    }
    boolean http = mirror.startsWith("http://");
    String hostAndPrefix = mirror.replaceFirst("^https?://", "").replaceAll("/+$", "");
    ImageRef mirrored = on(hostAndPrefix);
    return new Source(mirrored, mirrored.registry(), http || isLoopback(mirrored.registry()));
  }

  /** A reference to copy from, and whether its registry speaks plain HTTP. */
  public record Source(ImageRef ref, String registry, boolean insecure) {
    /**
     * skopeo's name of it to inspect: by tag when it has one (skopeo refuses a tag and a digest
     * together; a pinned digest is compared with what the tag names), else by digest.
     */
    public String docker() {
      return "docker://" + ref.registry() + "/" + ref.repository() + ref.tag().map(t -> ":" + t).orElseGet(() -> "@" + ref.digest().orElseThrow());
    }

    /** skopeo's name of the manifest {@code digest}: a copy takes exactly what was inspected. */
    public String docker(String digest) {
      return "docker://" + ref.registry() + "/" + ref.repository() + "@" + digest;
    }
  }

  /** 127.0.0.1 and localhost registries are plain HTTP (as docker and containers.md treat them). */
  public static boolean isLoopback(String hostPort) {
    String host = hostPort.replaceFirst(":[0-9]+$", "");
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
  }
}
