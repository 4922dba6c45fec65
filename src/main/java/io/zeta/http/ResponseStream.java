package io.zeta.http;

import java.util.Map;

/**
 * The open end of a streamed response. Sends never block: bytes queue and go out as the client
 * reads them; a client that falls behind by more than the queue's bound is disconnected (a slow
 * subscriber must not hold the server's memory). Thread-safe.
 */
public interface ResponseStream {
  /** Sends the status and headers; must come first, once. */
  void open(int status, String contentType, Map<String, String> headers);

  /** Queues bytes; false when the stream is closed (now or before), e.g. because the client left. */
  boolean send(byte[] bytes);

  /** Ends the response after the queued bytes; idempotent. */
  void close();

  boolean isOpen();

  /** Runs once when the stream ends, whatever ended it (close, client gone, overflow, server stop). */
  void onClose(Runnable listener);

  /** The request this stream answers. */
  Request request();
}
