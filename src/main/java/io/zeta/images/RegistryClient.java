package io.zeta.images;

import io.zeta.ZetaException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The few Docker Registry v2 calls Zeta makes itself (copies and builds go through skopeo and
 * buildah): is it there ({@code GET /v2/}), a manifest's digest ({@code HEAD}), deleting a manifest
 * by digest ({@code DELETE}, which needs {@code storage.delete.enabled}). Basic auth and a CA file
 * for external registries; plain HTTP for 127.0.0.1.
 */
public final class RegistryClient {
  /** Every manifest kind a copy may push: a HEAD without them gets a schema 1 conversion or a 404. */
  static final String ACCEPT = String.join(", ", "application/vnd.oci.image.manifest.v1+json",
      "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.docker.distribution.manifest.list.v2+json");

  private final RegistryEndpoint endpoint;
  private final HttpClient http;

  public RegistryClient(RegistryEndpoint endpoint) {
    this.endpoint = endpoint;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL);
    endpoint.caFile().ifPresent(ca -> b.sslContext(trusting(Path.of(ca))));
    this.http = b.build();
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  /** Checks the registry answers as a v2 registry and accepts the credentials; a one-line error otherwise. */
  public void ping() {
    HttpResponse<Void> r;
    try {
      r = send(request("/v2/").GET());
    } catch (IOException e) {
      throw new ZetaException("the cluster registry at " + endpoint.baseUrl() + " does not answer: " + io.zeta.Causes.describe(e),
          endpoint.address().startsWith("127.0.0.1") ? "start it with `zeta registry start` (see `zeta registry status`)"
              : "check --registry of `zeta cluster set` and that the registry runs", e);
    }
    if (r.statusCode() == 401) {
      throw new ZetaException("the cluster registry at " + endpoint.baseUrl() + " refuses "
          + endpoint.user().map(u -> "user " + u).orElse("anonymous access") + " (401)",
          "set its credentials with `zeta cluster set --registry-user U --registry-password-file F`", null);
    }
    if (r.statusCode() != 200) {
      throw new ZetaException("the cluster registry at " + endpoint.baseUrl() + " answers /v2/ with " + r.statusCode()
          + ": not a Docker Registry v2", "check --registry of `zeta cluster set`", null);
    }
  }

  /** The digest of {@code repository:reference} (a tag or a digest), or empty when the registry does not have it. */
  public Optional<String> digest(String repository, String reference) throws IOException {
    HttpResponse<Void> r = send(request("/v2/" + repository + "/manifests/" + reference)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT));
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw new IOException("HEAD " + repository + "/manifests/" + reference + " answered " + r.statusCode());
    }
    return r.headers().firstValue("Docker-Content-Digest");
  }

  /**
   * The digest of {@code repository:reference} when it is one image's manifest (not a list or
   * index: what an image of several platforms resolves to is skopeo's business), else empty.
   */
  public Optional<String> singleImageDigest(String repository, String reference) throws IOException {
    HttpResponse<Void> r = send(request("/v2/" + repository + "/manifests/" + reference)
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT));
    String type = r.headers().firstValue("Content-Type").orElse("");
    if (r.statusCode() != 200 || !(type.startsWith("application/vnd.oci.image.manifest.v1+json")
        || type.startsWith("application/vnd.docker.distribution.manifest.v2+json"))) {
      return Optional.empty();
    }
    return r.headers().firstValue("Docker-Content-Digest").filter(d -> ImageRef.DIGEST.matcher(d).matches());
  }

  /**
   * Puts the manifest {@code digest} of {@code repository} under {@code tag} too (GET its bytes,
   * PUT them unchanged: the digest stays). False when the registry does not have it.
   */
  public boolean retag(String repository, String digest, String tag) throws IOException {
    HttpResponse<byte[]> got;
    try {
      got = http.send(request("/v2/" + repository + "/manifests/" + digest).GET().header("Accept", ACCEPT).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (got.statusCode() == 404) {
      return false;
    }
    String type = got.headers().firstValue("Content-Type").orElse("");
    if (got.statusCode() != 200 || got.body().length > (4 << 20) || type.isEmpty()) {
      throw new IOException("GET " + repository + "/manifests/" + digest + " answered " + got.statusCode());
    }
    HttpResponse<Void> put = send(request("/v2/" + repository + "/manifests/" + tag)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(got.body())).header("Content-Type", type));
    if (put.statusCode() != 201) {
      throw new IOException("PUT " + repository + "/manifests/" + tag + " answered " + put.statusCode());
    }
    return true;
  }

  /** Deletes the manifest {@code digest} of {@code repository} (every tag on it goes too); false when it was not there. */
  public boolean delete(String repository, String digest) throws IOException {
    HttpResponse<Void> r = send(request("/v2/" + repository + "/manifests/" + digest)
        .method("DELETE", HttpRequest.BodyPublishers.noBody()).header("Accept", ACCEPT));
    if (r.statusCode() == 202 || r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    if (r.statusCode() == 405) {
      throw new IOException("the registry at " + endpoint.baseUrl() + " does not allow deletes (405): enable "
          + "storage.delete in its configuration");
    }
    throw new IOException("DELETE " + repository + "/manifests/" + digest + " answered " + r.statusCode());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path)).timeout(Duration.ofSeconds(30));
    if (endpoint.user().isPresent()) {
      String up = endpoint.user().get() + ":" + endpoint.password().orElse("");
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }

  private HttpResponse<Void> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** An SSL context trusting only the certificates of a PEM file. */
  static SSLContext trusting(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca" + n++, c);
      }
      if (n == 0) {
        throw new ZetaException("--registry-ca-file " + pem + ": no certificate in it", "give a PEM file of the CA", null);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (ZetaException e) {
      throw e;
    } catch (Exception e) {
      throw new ZetaException("--registry-ca-file " + pem + ": " + io.zeta.Causes.describe(e), "give a readable PEM file of the CA", e);
    }
  }
}
