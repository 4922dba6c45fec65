package io.zeta.lifecycle;

import io.zeta.ZetaException;
import io.zeta.cluster.storage.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One artifact download over HTTP(S) that either delivers every byte or fails. The length is
 * checked against Content-Length, the package's declared size and the operator's cap (a body
 * that ends early is not a success). Transient failures (connection errors, timeouts, a body cut
 * short, HTTP 5xx and 429) are retried with backoff, at most {@value #ATTEMPTS} attempts in a row
 * without progress; a cut download resumes with {@code Range: bytes=N-} when the server answers
 * 206 with the matching Content-Range (and {@code If-Range}, so a changed file is not spliced),
 * and starts over otherwise.
 *
 * <p>java.net's blocking connection, read in 1 MiB blocks by {@link PipelinedCopy}: for GiB
 * artifacts it measured twice as fast here as java.net.http, whose body publishers hand over
 * 16 KiB buffers.
 */
final class HttpDownload {
  static final int ATTEMPTS = 4;
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long MAX_RETRY_AFTER_MS = 10_000;
  private static final Pattern CONTENT_RANGE = Pattern.compile("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$");

  private final String what;
  private final URI uri;
  private final Optional<Long> declared;
  private final long cap;
  /** Failures since the download last got further than ever before. */
  private int failures;
  private long furthest;
  private long expected = -1;
  private String validator;

  HttpDownload(String what, URI uri, Optional<Long> declared, long cap) {
    this.what = what;
    this.uri = uri;
    this.declared = declared;
    this.cap = cap;
  }

  /** Thrown by the body when a server ignores Range: the copy starts over with this full response. */
  private static final class Restart extends IOException {
    private static final long serialVersionUID = 1L;
    final transient HttpURLConnection connection;

    Restart(HttpURLConnection connection) {
      super("restart");
      this.connection = connection;
    }
  }

  ArtifactFetcher.Fetched copyTo(Storage storage, String dest, Progress progress) throws IOException {
    HttpURLConnection first = connect(0);
    while (true) {
      Body body = new Body(first);
      try {
        return ArtifactFetcher.copy(body, expected, what, storage, dest, progress);
      } catch (Restart r) {
        first = r.connection;
      } finally {
        body.close();
      }
    }
  }

  /** A connection answering 200 (from 0) or 206 (from {@code from}), after retries. */
  private HttpURLConnection connect(long from) throws IOException {
    while (true) {
      HttpURLConnection c;
      int status;
      try {
        c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(120_000);
        c.setInstanceFollowRedirects(true);
        c.setRequestProperty("User-Agent", "zeta/0.1");
        if (from > 0) {
          c.setRequestProperty("Range", "bytes=" + from + "-");
          if (validator != null) {
            c.setRequestProperty("If-Range", validator);
          }
        }
        status = c.getResponseCode();
      } catch (UnknownHostException e) {
        throw new ZetaException(what + ": cannot download " + uri + ": unknown host " + e.getMessage());
      } catch (IOException e) {
        failed(describe(e), e, 0);
        continue;
      }
      if (status == 200 || (status == 206 && from > 0)) {
        return c;
      }
      long retryAfter = retryAfter(c.getHeaderField("Retry-After"));
      c.disconnect();
      if (status == 429 || status >= 500) {
        failed("HTTP " + status, null, retryAfter);
      } else if (status == 416 && from > 0) {
        throw new ZetaException(what + ": " + uri + " has no bytes from " + from + " on, although it announced "
            + expected + "; nothing was staged", "the server's file is shorter than it says; tell its maintainer", null);
      } else {
        throw new ZetaException(what + ": " + uri + " answered HTTP " + status + "; nothing was staged");
      }
    }
  }

  /** Counts a failure and waits before the next attempt, or gives up. */
  private void failed(String why, IOException cause, long retryAfterMs) {
    failures++;
    if (failures >= ATTEMPTS) {
      throw new ZetaException(what + ": cannot download " + uri + ": " + why + " (" + ATTEMPTS + " attempts); nothing was staged",
          "check the network and the server, then stage again", cause);
    }
    long backoff = Math.max(FIRST_BACKOFF_MS << (failures - 1), Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ZetaException(what + ": interrupted while downloading " + uri);
    }
  }

  /** Progress past every earlier attempt starts the count of failures again. */
  private void advanced(long position) {
    if (position > furthest) {
      furthest = position;
      failures = 0;
    }
  }

  private static long retryAfter(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Long.parseLong(header.strip()) * 1000;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** In words a user can act on ("connection refused"), never a class name. */
  private static String describe(IOException e) {
    return io.zeta.Causes.describe(e).replaceAll("\\s+", " ");
  }

  /** The response body, reconnecting where it breaks. */
  private final class Body extends InputStream {
    private HttpURLConnection connection;
    private InputStream in;
    private long position;
    private final long limit;

    Body(HttpURLConnection first) throws IOException {
      connection = first;
      long length = first.getContentLengthLong();
      if (length > cap) {
        first.disconnect();
        throw new ZetaException(what + ": " + uri + " is " + length + " bytes, above the maximum artifact size of " + cap
            + " bytes; nothing was staged", "raise the limit with --max-artifact-size SIZE", null);
      }
      if (length >= 0 && declared.isPresent() && length != declared.get()) {
        first.disconnect();
        throw ArtifactFetcher.sizeMismatch(what, uri, length, declared.get());
      }
      expected = length >= 0 ? length : declared.orElse(-1L);
      limit = expected >= 0 ? expected : cap;
      String etag = first.getHeaderField("ETag");
      validator = etag != null && !etag.startsWith("W/") ? etag : first.getHeaderField("Last-Modified");
      in = first.getInputStream();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        int n;
        try {
          n = in.read(b, off, len);
        } catch (IOException e) {
          reopen(describe(e), e);
          continue;
        }
        if (n < 0) {
          if (expected >= 0 && position < expected) {
            reopen("the body ended after " + position + " of " + expected + " bytes", null);
            continue;
          }
          return -1;
        }
        position += n;
        advanced(position);
        if (position > limit) {
          throw expected >= 0
              ? new ZetaException(what + ": " + uri + " sent more than the " + expected + " bytes "
                  + (declared.isPresent() ? "the package declares" : "it announced") + "; nothing was staged")
              : new ZetaException(what + ": " + uri + " is larger than the maximum artifact size of " + cap
                  + " bytes; nothing was staged", "raise the limit with --max-artifact-size SIZE", null);
        }
        return n;
      }
    }

    private void reopen(String why, IOException cause) throws IOException {
      close();
      failed(why, cause, 0);
      HttpURLConnection c = connect(position);
      if (c.getResponseCode() == 200) {
        if (position == 0 && c.getContentLengthLong() == expected) {
          connection = c;
          in = c.getInputStream();
          return;
        }
        throw new Restart(c);
      }
      Matcher m = CONTENT_RANGE.matcher(String.valueOf(c.getHeaderField("Content-Range")).strip());
      boolean matches = m.matches() && Long.parseLong(m.group(1)) == position
          && (expected < 0 || m.group(3).equals("*") || Long.parseLong(m.group(3)) == expected);
      if (!matches) {
        // Not the bytes asked for: start over rather than splice a different file.
        c.disconnect();
        throw new Restart(connect(0));
      }
      connection = c;
      in = c.getInputStream();
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // a broken connection: nothing to flush
      }
      connection.disconnect();
    }
  }
}
