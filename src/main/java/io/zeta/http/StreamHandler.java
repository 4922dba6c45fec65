package io.zeta.http;

/**
 * Answers one request with a stream (server-sent events). The handler checks the request and
 * may throw {@link HttpError} before it calls {@link ResponseStream#open}; after that it keeps the
 * stream (e.g. in a subscriber list) and returns, so that no worker thread waits on a stream.
 */
@FunctionalInterface
public interface StreamHandler {
  void handle(Request request, ResponseStream stream) throws Exception;
}
