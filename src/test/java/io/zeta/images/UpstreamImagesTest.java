package io.zeta.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.zeta.testing.UpstreamImages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream test registry serves the images under Docker Hub's names, as a read-only registry. */
class UpstreamImagesTest {
  @TempDir
  static Path tmp;
  static UpstreamImages upstream;

  @BeforeAll
  static void start() {
    upstream = UpstreamImages.start(tmp.resolve("upstream"));
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void servesTheImagesUnderTheirDockerHubNames() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String image : new String[] {UpstreamImages.REDIS, UpstreamImages.POSTGRES, UpstreamImages.NGINX, UpstreamImages.DEBIAN}) {
      String repo = image.substring(0, image.indexOf(':'));
      String tag = image.substring(image.indexOf(':') + 1);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + upstream.hostPort() + "/v2/" + repo + "/manifests/" + tag))
          .header("Accept", "application/vnd.docker.distribution.manifest.v2+json").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(image).isEqualTo(200);
      assertThat(r.headers().firstValue("Docker-Content-Digest")).isPresent();
    }
    System.out.println("upstream test images: " + UpstreamImages.buildRecord());
  }
}
