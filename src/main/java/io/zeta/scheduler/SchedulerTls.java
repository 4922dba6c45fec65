package io.zeta.scheduler;

import io.zeta.ZetaException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS context for HTTPS schedulers: the JDK's trust, a given trust store, or (tests only) trust in anything. */
public final class SchedulerTls {
  private SchedulerTls() {}

  /** A context that accepts every certificate and host name: for tests and health checks only. */
  public static SSLContext trustingAnything() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAnything()}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static SSLContext context(ClientSettings settings) {
    try {
      if (settings.insecure()) {
        return trustingAnything();
      }
      if (settings.trustStore() != null) {
        KeyStore store = load(settings.trustStore(), settings.trustStorePassword());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
      }
      return SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new ZetaException("cannot set up TLS for the scheduler: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Path path, String password) throws GeneralSecurityException {
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new ZetaException("cannot read the trust store " + path + ": no such file",
          "check the trust store path", null);
    }
    try {
      // Detects PKCS12 or JKS from the content.
      return KeyStore.getInstance(path.toFile(), password == null ? null : password.toCharArray());
    } catch (IOException e) {
      throw new ZetaException("cannot read the trust store " + path + ": " + e.getMessage(),
          "check the trust store path and password", e);
    }
  }

  /**
   * Accepts every certificate. It is an extended trust manager so that JSSE leaves the host name
   * check to it (and so skips it), which a plain X509TrustManager would not.
   */
  private static final class TrustAnything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
