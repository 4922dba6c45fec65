package io.zeta.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's TLS certificate chain and private key, as an in-memory key store for Jetty's
 * {@code SslContextFactory}: from PEM files (the certificate chain; an unencrypted PKCS#8 key,
 * {@code BEGIN PRIVATE KEY}, as openssl writes by default) or from a PKCS#12 key store. Errors are
 * {@link IllegalArgumentException}s with a one-line reason naming the file.
 */
public final class TlsIdentity {
  private static final Pattern KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final int MAX_FILE = 1 << 20;

  private final KeyStore keyStore;
  private final char[] password;

  private TlsIdentity(KeyStore keyStore, char[] password) {
    this.keyStore = keyStore;
    this.password = password.clone();
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  /** The key store's (and key's) password. */
  public String password() {
    return new String(password);
  }

  public static TlsIdentity fromPem(Path certFile, Path keyFile) {
    List<Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(certFile)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
          .generateCertificates(new java.io.ByteArrayInputStream(in.readNBytes(MAX_FILE)));
      chain.addAll(certs);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(certFile + ": not a PEM certificate file (" + e.getMessage() + ")");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(certFile + ": holds no certificate");
    }
    String keyText;
    try (InputStream in = Files.newInputStream(keyFile)) {
      keyText = new String(in.readNBytes(MAX_FILE), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(keyFile + ": cannot be read (" + e.getMessage() + ")");
    }
    Matcher m = KEY.matcher(keyText);
    if (!m.find()) {
      throw new IllegalArgumentException(keyFile + ": no unencrypted PKCS#8 key (BEGIN PRIVATE KEY); convert it with "
          + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem`");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    PrivateKey key = null;
    String algorithm = chain.get(0).getPublicKey().getAlgorithm();
    try {
      key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(keyFile + ": not a " + algorithm + " private key matching " + certFile
          + " (" + e.getMessage() + ")");
    }
    try {
      char[] pw = io.zeta.http.Tokens.generate().toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", key, pw, chain.toArray(Certificate[]::new));
      return new TlsIdentity(ks, pw);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use " + certFile + " with " + keyFile + ": " + e.getMessage());
    }
  }

  public static TlsIdentity fromPkcs12(Path file, String password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      boolean hasKey = false;
      for (String alias : java.util.Collections.list(ks.aliases())) {
        hasKey |= ks.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException(file + ": the key store holds no private key");
      }
      return new TlsIdentity(ks, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(file + ": not a PKCS#12 key store with this password (" + e.getMessage() + ")");
    }
  }
}
