package io.zeta.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.zeta.catalog.RepositoryList;
import io.zeta.catalog.RepositoryRef;
import io.zeta.catalog.UserRepositoryStore;
import io.zeta.http.HttpServerConfig;
import io.zeta.http.RequestLog;
import io.zeta.json.Json;
import io.zeta.json.JsonSchema;
import io.zeta.json.SchemaViolation;
import io.zeta.render.StorageEnvelope;
import io.zeta.testing.Fixtures;
import io.zeta.testing.JsonTrees;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zeta serve}'s Cosmos API over real HTTP, with requests exactly as the DC/OS CLI 0.6.1
 * sends them (cosmos-wire.md): every answer checked against Cosmos's schema, the CLI's goldens
 * reproduced for the fixtures' helloworld, and Cosmos's errors for bad requests.
 */
class CosmosServerTest {
  static final String TOKEN = "test-token-0123456789";
  @TempDir
  static Path tmp;
  static Path index;
  static Path localRepo;
  static Path blob;
  static CosmosServer server;
  static Packages packages;
  static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    // The helloworld package exactly as the CLI's golden app carries it in DCOS_PACKAGE_DEFINITION.
    ObjectNode golden = golden("test_describe_helloworld_app_render.json");
    ObjectNode pkg = StorageEnvelope.decode(Json.parse(decode(golden.at("/labels/DCOS_PACKAGE_DEFINITION").asText()),
        "label"));
    ObjectNode repo = Json.object();
    repo.putArray("packages").add(pkg);
    index = tmp.resolve("helloworld-repo.json");
    Files.write(index, Json.prettyBytes(repo));
    // A local directory repository whose package names a file of the repository as an asset.
    localRepo = tmp.resolve("local-repo");
    Path p = Files.createDirectories(localRepo.resolve("packages/L/localres/0"));
    blob = Files.writeString(localRepo.resolve("blob.txt"), "the asset\n");
    Files.writeString(p.resolve("package.json"), "{\"packagingVersion\": \"3.0\", \"name\": \"localres\", "
        + "\"version\": \"1.0\", \"maintainer\": \"t@example.com\", \"description\": \"has a local asset\", "
        + "\"tags\": [\"asset\"], \"selected\": true}");
    Files.writeString(p.resolve("resource.json"), "{\"assets\": {\"uris\": {\"blob\": \"" + blob.toUri() + "\", "
        + "\"remote\": \"https://example.invalid/remote.tgz\"}}}");
    RepositoryList list = new RepositoryList(new UserRepositoryStore(tmp.resolve("home")));
    list.add(new RepositoryRef("helloworld-universe", index.toUri().toString()), null);
    list.add(new RepositoryRef("local", localRepo.toUri().toString()), null);
    packages = new Packages(list, tmp.resolve("cache"), Duration.ofMinutes(1));
    server = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN).withMaxBodyBytes(64 * 1024),
        packages, tmp.resolve("cache"), ServedCluster.of("test", "/x"), Optional.empty(), RequestLog.NONE);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---- requests as the DC/OS CLI sends them ----

  static HttpResponse<String> rpc(String endpoint, String body, String acceptVersion) throws Exception {
    return send(HttpRequest.newBuilder(url("/package/" + endpoint))
        .header("Content-Type", "application/vnd.dcos.package." + endpoint + "-request+json;charset=utf-8;version=v1")
        .header("Accept", "application/vnd.dcos.package." + endpoint + "-response+json;charset=utf-8;version="
            + acceptVersion)
        .header("Authorization", "token=" + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static HttpResponse<String> get(String path, String accept) throws Exception {
    return send(HttpRequest.newBuilder(url(path)).header("Accept", accept).header("Authorization", "token=" + TOKEN)
        .GET().build());
  }

  static HttpResponse<String> send(HttpRequest r) throws Exception {
    return http.send(r, HttpResponse.BodyHandlers.ofString());
  }

  static URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  static JsonNode ok(HttpResponse<String> r, String expectedType, String schema) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains(expectedType);
    JsonNode body = Json.parse(r.body(), "response");
    assertValid(body, schema);
    return body;
  }

  static void assertValid(JsonNode body, String schema) {
    Path file = Fixtures.cosmos("api-schemas").resolve(schema);
    try {
      List<SchemaViolation> v = JsonSchema.compile(Json.parse(Files.readAllBytes(file), schema), schema).validate(body);
      assertThat(v).as("%s against %s", body, schema).isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static ObjectNode error(HttpResponse<String> r, int status, String type) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .isEqualTo("application/vnd.dcos.package.error+json;charset=utf-8;version=v1");
    ObjectNode body = (ObjectNode) Json.parse(r.body(), "error");
    assertThat(body.path("type").asText()).as(r.body()).isEqualTo(type);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(body.has("data")).isTrue();
    return body;
  }

  // ---- endpoints ----

  @Test
  void capabilitiesSayPackageManagementOnly() throws Exception {
    JsonNode b = ok(get("/capabilities", "application/vnd.dcos.capabilities+json;charset=utf-8;version=v1"),
        "application/vnd.dcos.capabilities+json;charset=utf-8;version=v1", "v1/model/CapabilitiesResponse-schema.json");
    assertThat(b.toString()).isEqualTo("{\"capabilities\":[{\"name\":\"PACKAGE_MANAGEMENT\"}]}");
  }

  @Test
  void searchAllListsSelectedFirstAndSubstringIsCaseInsensitive() throws Exception {
    String type = "application/vnd.dcos.package.search-response+json;charset=utf-8;version=v1";
    JsonNode all = ok(rpc("search", "{\"query\": \"\"}", "v1"), type, "v1/model/SearchResponse-schema.json");
    assertThat(all.get("packages").findValuesAsText("name")).containsExactly("localres", "helloworld");
    JsonNode hello = ok(rpc("search", "{\"query\": \"HELLO\"}", "v1"), type, "v1/model/SearchResponse-schema.json");
    assertThat(hello.get("packages")).hasSize(1);
    JsonNode p = hello.get("packages").get(0);
    assertThat(p.get("currentVersion").asText()).isEqualTo("0.1.0");
    assertThat(p.get("versions").toString()).isEqualTo("{\"0.1.0\":0}");
    assertThat(p.get("selected").asBoolean()).isFalse();
    // With '*' an anchored pattern: "hello" alone matches nothing, "hello*" the package.
    JsonNode anchored = ok(rpc("search", "{\"query\": \"hel*\"}", "v1"), type, "v1/model/SearchResponse-schema.json");
    assertThat(anchored.get("packages").findValuesAsText("name")).containsExactly("helloworld");
    JsonNode none = ok(rpc("search", "{\"query\": \"ello*\"}", "v1"), type, "v1/model/SearchResponse-schema.json");
    assertThat(none.get("packages")).isEmpty();
  }

  /**
   * The describe golden's package (its cli binaries differ from the render golden's) served from a
   * repository of its own; the Go client that wrote the golden adds {} for absent objects, left out.
   */
  static <T> T withDescribeGoldenServed(ThrowingFunction<CosmosServer, T> body) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("describe-golden"));
    ObjectNode repo = Json.object();
    repo.putArray("packages").add(withoutEmptyObjects(golden("test_describe_helloworld.json").get("package")));
    Path file = dir.resolve("repo.json");
    Files.write(file, Json.prettyBytes(repo));
    RepositoryList list = new RepositoryList(new UserRepositoryStore(dir.resolve("home")));
    if (list.list().isEmpty()) {
      list.add(new RepositoryRef("helloworld-universe", file.toUri().toString()), null);
    }
    try (CosmosServer other = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN),
        new Packages(list, tmp.resolve("cache"), Duration.ofMinutes(1)), tmp.resolve("cache"),
        ServedCluster.of("test", "/z"), Optional.empty(), RequestLog.NONE)) {
      return body.apply(other);
    }
  }

  @FunctionalInterface
  interface ThrowingFunction<A, B> {
    B apply(A a) throws Exception;
  }

  static HttpResponse<String> rpcTo(CosmosServer s, String endpoint, String body, String acceptVersion)
      throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/package/" + endpoint))
        .header("Content-Type", "application/vnd.dcos.package." + endpoint + "-request+json;charset=utf-8;version=v1")
        .header("Accept", "application/vnd.dcos.package." + endpoint + "-response+json;charset=utf-8;version="
            + acceptVersion)
        .header("Authorization", "token=" + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void describeV3ReproducesTheGolden() throws Exception {
    JsonNode b = ok(withDescribeGoldenServed(s -> rpcTo(s, "describe", "{\"packageName\": \"helloworld\"}", "v3")),
        "application/vnd.dcos.package.describe-response+json;charset=utf-8;version=v3",
        "v3/model/DescribeResponse-schema.json");
    JsonNode expected = golden("test_describe_helloworld.json").get("package");
    assertThat(JsonTrees.same(withoutEmptyObjects(b.get("package")), withoutEmptyObjects(expected)))
        .as("got %s%nexpected %s", b.get("package"), expected).isTrue();
  }

  @Test
  void describeV2IsTheFlattenedDefinition() throws Exception {
    // The CLI asks for v3 first and retries with v2 after a 400; both are served.
    JsonNode b = ok(withDescribeGoldenServed(s -> rpcTo(s, "describe",
        "{\"packageName\": \"helloworld\", \"packageVersion\": \"0.1.0\"}", "v2")),
        "application/vnd.dcos.package.describe-response+json;charset=utf-8;version=v2",
        "v2/model/DescribeResponse-schema.json");
    JsonNode expected = golden("test_describe_helloworld.json").get("package");
    assertThat(JsonTrees.same(withoutEmptyObjects(b), withoutEmptyObjects(expected))).as("%s", b).isTrue();
    // describe --config: the CLI prints the config of the answer.
    assertThat(b.get("config")).isEqualTo(golden("test_describe_helloworld_config.json"));
  }

  @Test
  void describeOfAnUnofferedVersionIs400SoTheCliFallsBack() throws Exception {
    error(rpc("describe", "{\"packageName\": \"helloworld\"}", "v9"), 400, "IncompatibleAcceptHeader");
  }

  @Test
  void listVersionsReproducesTheGolden() throws Exception {
    JsonNode b = ok(rpc("list-versions", "{\"packageName\": \"helloworld\", \"includePackageVersions\": true}", "v1"),
        "application/vnd.dcos.package.list-versions-response+json;charset=utf-8;version=v1",
        "v1/model/ListVersionsResponse-schema.json");
    assertThat(b.toString()).isEqualTo("{\"results\":{\"0.1.0\":\"0\"}}");
    List<String> versions = new ArrayList<>();
    b.get("results").fieldNames().forEachRemaining(versions::add);
    assertThat(Json.tree(versions)).isEqualTo(Json.parse(read("test_describe_helloworld_versions.json"), "golden"));
  }

  @Test
  void renderWithAppIdReproducesTheGolden() throws Exception {
    JsonNode b = ok(rpc("render", "{\"packageName\": \"helloworld\", \"packageVersion\": \"0.1.0\", "
        + "\"appId\": \"helloworld\"}", "v1"),
        "application/vnd.dcos.package.render-response+json;charset=utf-8;version=v1",
        "v1/model/RenderResponse-schema.json");
    ObjectNode app = (ObjectNode) b.get("marathonJson");
    ObjectNode expected = golden("test_describe_helloworld_app_id_render.json");
    assertThat(JsonTrees.same(JsonTrees.without(app, "labels"), JsonTrees.without(expected, "labels")))
        .as("%s", app).isTrue();
    JsonNode a = app.get("labels");
    JsonNode e = expected.get("labels");
    assertThat(a.get("DCOS_PACKAGE_NAME")).isEqualTo(e.get("DCOS_PACKAGE_NAME"));
    assertThat(a.get("DCOS_PACKAGE_VERSION")).isEqualTo(e.get("DCOS_PACKAGE_VERSION"));
    assertThat(decode(a.get("DCOS_PACKAGE_OPTIONS").asText())).isEqualTo(decode(e.get("DCOS_PACKAGE_OPTIONS").asText()));
    assertThat(StorageEnvelope.decode(Json.parse(decode(a.get("DCOS_PACKAGE_DEFINITION").asText()), "a")))
        .isEqualTo(StorageEnvelope.decode(Json.parse(decode(e.get("DCOS_PACKAGE_DEFINITION").asText()), "e")));
  }

  @Test
  void renderWithOptionsThatDoNotFitIsJsonSchemaMismatch() throws Exception {
    ObjectNode b = error(rpc("render", "{\"packageName\": \"helloworld\", \"options\": {\"port\": \"eighty\"}}", "v1"),
        400, "JsonSchemaMismatch");
    assertThat(b.at("/data/errors")).isNotEmpty();
  }

  @Test
  void repositoryListReproducesTheGolden() throws Exception {
    // The golden's three repositories, in a list of their own (they are only listed, never fetched).
    RepositoryList list = new RepositoryList(new UserRepositoryStore(Files.createDirectories(tmp.resolve("home2"))));
    // Zeta's repository names have no spaces ("Bootstrap Registry" is stored as "Bootstrap-Registry").
    ObjectNode golden = golden("test_repo_list.json");
    for (JsonNode r : golden.get("repositories")) {
      ((ObjectNode) r).put("name", r.get("name").asText().replace(' ', '-'));
      list.add(new RepositoryRef(r.get("name").asText(), r.get("uri").asText()), null);
    }
    try (CosmosServer other = CosmosServer.start(HttpServerConfig.loopback(0).withToken(TOKEN),
        new Packages(list, tmp.resolve("cache"), Duration.ofMinutes(1)), tmp.resolve("cache"),
        ServedCluster.of("test", "/y"), Optional.empty(), RequestLog.NONE)) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port()
              + "/package/repository/list"))
          .header("Content-Type", "application/vnd.dcos.package.repository.list-request+json;charset=utf-8;version=v1")
          .header("Accept", "application/vnd.dcos.package.repository.list-response+json;charset=utf-8;version=v1")
          .header("Authorization", "token=" + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      JsonNode b = ok(r, "application/vnd.dcos.package.repository.list-response+json;charset=utf-8;version=v1",
          "v1/model/PackageRepositoryListResponse-schema.json");
      assertThat(b).isEqualTo(golden);
    }
  }

  @Test
  void repositoryAddOpensTheRepositoryFirstThenDeleteRemovesIt() throws Exception {
    HttpServer universe = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] indexBytes = Files.readAllBytes(index);
    universe.createContext("/repo", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, indexBytes.length);
      ex.getResponseBody().write(indexBytes);
      ex.close();
    });
    universe.start();
    try {
      String uri = "http://127.0.0.1:" + universe.getAddress().getPort() + "/repo";
      JsonNode added = ok(repo("add", "{\"name\": \"mirror\", \"uri\": \"" + uri + "\", \"index\": 0}"),
          "application/vnd.dcos.package.repository.add-response+json;charset=utf-8;version=v1",
          "v1/model/PackageRepositoryAddResponse-schema.json");
      assertThat(added.get("repositories").get(0).toString()).isEqualTo("{\"name\":\"mirror\",\"uri\":\"" + uri + "\"}");
      error(repo("add", "{\"name\": \"mirror\", \"uri\": \"" + uri + "\"}"), 409, "RepositoryAlreadyPresent");
      error(repo("add", "{\"name\": \"gone\", \"uri\": \"http://127.0.0.1:1/none\"}"), 400, "RepositoryUriConnection");
      error(repo("add", "{\"name\": \"f\", \"uri\": \"file:///etc\"}"), 400, "JsonSchemaMismatch");
      JsonNode deleted = ok(repo("delete", "{\"name\": \"mirror\"}"),
          "application/vnd.dcos.package.repository.delete-response+json;charset=utf-8;version=v1",
          "v1/model/PackageRepositoryDeleteResponse-schema.json");
      assertThat(deleted.get("repositories").findValuesAsText("name")).containsExactly("helloworld-universe", "local");
      error(repo("delete", "{\"name\": \"mirror\"}"), 400, "RepositoryNotPresent");
      // Local repositories are listed through the resource proxy (Cosmos's schema has http(s) URIs only).
      JsonNode list = ok(repo("list", "{}"),
          "application/vnd.dcos.package.repository.list-response+json;charset=utf-8;version=v1",
          "v1/model/PackageRepositoryListResponse-schema.json");
      String proxied = list.at("/repositories/0/uri").asText();
      assertThat(proxied).startsWith("http://127.0.0.1:" + server.port() + "/package/resource?url=file");
      HttpResponse<String> indexFile = get(URI.create(proxied).getRawPath() + "?" + URI.create(proxied).getRawQuery(),
          "application/json");
      assertThat(indexFile.statusCode()).isEqualTo(200);
      assertThat(Json.parse(indexFile.body(), "index")).isEqualTo(Json.parse(indexBytes, "index"));
    } finally {
      universe.stop(0);
    }
  }

  static HttpResponse<String> repo(String action, String body) throws Exception {
    return send(HttpRequest.newBuilder(url("/package/repository/" + action))
        .header("Content-Type", "application/vnd.dcos.package.repository." + action
            + "-request+json;charset=utf-8;version=v1")
        .header("Accept", "application/vnd.dcos.package.repository." + action
            + "-response+json;charset=utf-8;version=v1")
        .header("Authorization", "token=" + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void resourceProxyServesLocalAssetsOnlyAndRefusesOtherUrls() throws Exception {
    HttpResponse<String> asset = get("/package/resource?url=" + enc(blob.toUri().toString()), "application/json");
    assertThat(asset.statusCode()).as(asset.body()).isEqualTo(200);
    assertThat(asset.body()).isEqualTo("the asset\n");
    // A file of the machine that no package names: 403, not served.
    error(get("/package/resource?url=" + enc("file:///etc/passwd"), "application/json"), 403, "Forbidden");
    error(get("/package/resource?url=" + enc(localRepo.resolve("packages/L/localres/0/package.json").toUri()
        .toString()), "application/json"), 403, "Forbidden");
    // Named by a package but remote: never fetched by the server.
    error(get("/package/resource?url=" + enc("https://example.invalid/remote.tgz"), "application/json"), 501,
        "NotImplemented");
    error(get("/package/resource", "application/json"), 400, "MissingQueryParameter");
  }

  @Test
  void metadataAndDcosVersion() throws Exception {
    HttpResponse<String> m = get("/metadata", "application/json");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(Json.parse(m.body(), "m").get("CLUSTER_ID").asText()).isEqualTo(ServedCluster.of("test", "/x").id());
    HttpResponse<String> v = get("/dcos-metadata/dcos-version.json", "application/json");
    JsonNode version = Json.parse(v.body(), "v");
    assertThat(version.get("version").asText()).isEqualTo(ServedCluster.DCOS_VERSION);
    assertThat(version.has("dcos-image-commit") && version.has("bootstrap-id")).isTrue();
  }

  // ---- errors ----

  @Test
  void unknownPackageAndVersion() throws Exception {
    ObjectNode b = error(rpc("describe", "{\"packageName\": \"nope\"}", "v3"), 400, "PackageNotFound");
    assertThat(b.at("/data/packageName").asText()).isEqualTo("nope");
    error(rpc("describe", "{\"packageName\": \"helloworld\", \"packageVersion\": \"9.9\"}", "v2"), 400,
        "VersionNotFound");
    error(rpc("render", "{\"packageName\": \"nope\"}", "v1"), 400, "PackageNotFound");
    error(rpc("list-versions", "{\"packageName\": \"nope\", \"includePackageVersions\": true}", "v1"), 400,
        "PackageNotFound");
    error(rpc("render", "{\"packageName\": \"localres\"}", "v1"), 400, "ServiceMarathonTemplateNotFound");
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    for (String type : List.of("application/json", "text/plain",
        "application/vnd.dcos.package.search-request+json;charset=utf-8;version=v2",
        "application/vnd.dcos.package.describe-request+json;charset=utf-8;version=v1")) {
      HttpResponse<String> r = send(HttpRequest.newBuilder(url("/package/search")).header("Content-Type", type)
          .header("Authorization", "token=" + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      error(r, 415, "UnsupportedContentType");
    }
  }

  @Test
  void badBodiesAreJsonSchemaMismatch() throws Exception {
    error(rpc("search", "{not json", "v1"), 400, "JsonSchemaMismatch");
    error(rpc("search", "[1, 2]", "v1"), 400, "JsonSchemaMismatch");
    error(rpc("search", "{\"query\": 5}", "v1"), 400, "JsonSchemaMismatch");
    ObjectNode b = error(rpc("describe", "{\"packageVersion\": \"0.1.0\"}", "v3"), 400, "JsonSchemaMismatch");
    assertThat(b.at("/data/errors")).isNotEmpty();
  }

  @Test
  void missingOrWrongTokenIs401WithTheAcsChallenge() throws Exception {
    for (Optional<String> auth : List.of(Optional.<String>empty(), Optional.of("token=wrong"))) {
      HttpRequest.Builder b = HttpRequest.newBuilder(url("/capabilities")).GET();
      auth.ifPresent(a -> b.header("Authorization", a));
      HttpResponse<String> r = send(b.build());
      error(r, 401, "Unauthorized");
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
    }
    // The CLI reads the challenge from core.dcos_url itself.
    HttpResponse<String> root = send(HttpRequest.newBuilder(url("/")).GET().build());
    assertThat(root.statusCode()).isEqualTo(401);
    assertThat(root.headers().firstValue("WWW-Authenticate")).hasValue("acsjwt");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    String big = "{\"query\": \"" + "x".repeat(100 * 1024) + "\"}";
    error(rpc("search", big, "v1"), 413, "RequestEntityTooLarge");
  }

  @Test
  void notYetServedEndpointsAreAnHonest501() throws Exception {
    ObjectNode b = error(rpc("install", "{\"packageName\": \"helloworld\", \"appId\": \"/prod/web1\"}", "v2"), 501,
        "NotImplemented");
    assertThat(b.get("message").asText()).contains("cluster");
    error(rpc("list", "{}", "v1"), 501, "NotImplemented");
    error(rpc("uninstall", "{\"packageName\": \"helloworld\"}", "v1"), 501, "NotImplemented");
  }

  @Test
  void unknownPathIsACosmosShaped404() throws Exception {
    error(get("/package/nothing", "application/json"), 404, "EndpointNotFound");
  }

  // ---- helpers ----

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The CLI's golden comes from a Go client that writes absent objects as {}; compare without them. */
  static JsonNode withoutEmptyObjects(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        strip(e.getValue());
        if (e.getValue().isObject() && e.getValue().isEmpty()) {
          it.remove();
        }
      }
    }
  }

  static String read(String golden) throws IOException {
    return Files.readString(Fixtures.cosmos("cli-golden").resolve(golden));
  }

  static ObjectNode golden(String name) throws IOException {
    return (ObjectNode) Json.parse(read(name), name);
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
