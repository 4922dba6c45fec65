package io.zeta.http;

/**
 * Told about every answered request, refused ones included (for audit lines and metrics). Runs on
 * the worker thread after the response is handed to the server; must not block.
 *
 * @see WebServer
 */
@FunctionalInterface
public interface RequestLog {
  /**
   * @param request the request (its body is empty when it was refused before reading it)
   * @param route the matched route pattern, or null when none matched
   * @param status the status answered (200 for a stream once opened)
   * @param nanos time from receipt to the response handed over
   */
  void completed(Request request, String route, int status, long nanos);

  RequestLog NONE = (request, route, status, nanos) -> { };

  /** This log, then the other. */
  default RequestLog andThen(RequestLog other) {
    return (request, route, status, nanos) -> {
      completed(request, route, status, nanos);
      other.completed(request, route, status, nanos);
    };
  }
}
