package io.zeta.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zeta.testing.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared test registry and image builder work, and ContainersConf's files say what they must. */
class RegistriesHarnessTest {
  @TempDir Path tmp;

  @Test
  void buildsAndServesBusybox() throws Exception {
    Assumptions.assumeTrue(Registries.available(), "skipped: this machine lacks " + Registries.missing());
    try (Registries r = Registries.start(tmp.resolve("reg"))) {
      String digest = r.pushBusybox("library/busybox", "1.36");
      assertTrue(digest.startsWith("sha256:"), digest);
      assertEquals(digest, r.digest("library/busybox", "1.36"));
      assertNull(r.digest("library/busybox", "nope"));
      String conf = Files.readString(r.conf().registriesConf());
      assertTrue(conf.contains("location = \"" + r.hostPort() + "\"") && conf.contains("insecure = true"), conf);
      String containers = Files.readString(r.conf().containersConf());
      assertTrue(containers.contains("default_ulimits") && containers.contains("runtime = \"runc\""), containers);
    }
  }
}
