package io.zeta.server;

import io.zeta.http.Resource;
import io.zeta.http.Response;
import io.zeta.http.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** {@code GET /zeta/v1/openapi.json}: the OpenAPI 3 description of /zeta/v1, a checked-in resource (openapi.json). */
final class ZetaOpenApiResource implements Resource {
  static final String FILE = "openapi.json";
  private final byte[] document;

  ZetaOpenApiResource() {
    try (InputStream in = ZetaOpenApiResource.class.getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + FILE);
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void register(Routes routes) {
    routes.get("/zeta/v1/openapi.json", request ->
        new Response(200, Map.of(), Response.JSON, document));
  }
}
