package io.zeta;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Network and filesystem failures in a few words a user can act on. Java's exceptions often say
 * too little (an HttpClient refused connection has no message at all: "could not be fetched:
 * null") or too much (a class name and a stack of causes).
 */
public final class Causes {
  /** What {@link #describe} says of a host that does not resolve when the exception does not name it. */
  public static final String UNKNOWN_HOST = "unknown host";

  private Causes() {}

  /** "unknown host x.invalid", "connection refused", "timed out", or the most telling message in the chain. */
  public static String describe(Throwable e) {
    // A name that does not resolve hides under a ConnectException without message in java.net.http.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host " + firstWord(t.getMessage());
      }
      if (t instanceof java.nio.channels.UnresolvedAddressException) {
        return UNKNOWN_HOST; // java.net.http says no more than that; callers add the name
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "the connection timed out";
      }
      if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return "no answer in time";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof SSLException) {
        return "TLS failed: " + t.getMessage();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage().lines().findFirst().orElse("");
      }
    }
    return e.getClass().getSimpleName();
  }

  /** Whether the failure is about a host: unknown, refusing, unreachable or silent. */
  public static boolean isNetwork(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof ConnectException || t instanceof NoRouteToHostException
          || t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String firstWord(String message) {
    if (message == null || message.isBlank()) {
      return "(no name)";
    }
    // "nohost.invalid: Name or service not known" and "nohost.invalid" both name the host first.
    return message.strip().split("[:\\s]", 2)[0];
  }
}
