package io.zeta.http;

/** Answers one request with one complete response; throws {@link HttpError} to refuse it. */
@FunctionalInterface
public interface RequestHandler {
  Response handle(Request request) throws Exception;
}
