package io.zeta.images;

import java.util.Optional;

/**
 * Where a registry is and how to reach it: {@code address} ({@code host:port}, as image
 * references name it), plain HTTP or TLS, the CA that signed its certificate, basic-auth
 * credentials. {@link #toString} never shows the password.
 */
public record RegistryEndpoint(String address, boolean insecure, Optional<String> caFile, Optional<String> user,
    Optional<String> password) {
  public static RegistryEndpoint plain(String address) {
    return new RegistryEndpoint(address, true, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** {@code http(s)://address}. */
  public String baseUrl() {
    return (insecure ? "http://" : "https://") + address;
  }

  /** A reference to {@code repository} on this registry by digest: {@code address/repository@sha256:...}. */
  public String pinned(String repository, String digest) {
    return address + "/" + repository + "@" + digest;
  }

  @Override
  public String toString() {
    return baseUrl() + user.map(u -> " (as " + u + ")").orElse("");
  }
}
