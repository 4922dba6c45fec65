package io.zeta.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Env file values cannot break out of their quotes: whatever a template renders (quotes,
 * {@code $(...)}, backticks, backslashes, newlines), sourcing the file with bash gives back exactly
 * that value and runs nothing; and the names read back from a file are the exported ones, never
 * a line inside a value.
 */
class EnvFileQuotingTest {
  @Provide
  Arbitrary<String> values() {
    Arbitrary<String> shelly = Arbitraries.strings().withChars("\"'$`\\\n\r\t(){};|&<> !*?#~=-_aZ09").ofMaxLength(40);
    Arbitrary<String> anyText = Arbitraries.strings().withCharRange('\u0001', '\uD7FF').ofMaxLength(30);
    Arbitrary<String> forged = Arbitraries.of("\nexport ZETA_x_OTHER=\"1\"\n", "\"\nexport PATH=/tmp\n\"", "$(id)", "`id`");
    return Arbitraries.oneOf(shelly, anyText, Arbitraries.strings().withChars("\"\\$`\n").ofMaxLength(8), forged);
  }

  @Property(tries = 300)
  void anyValueRoundTripsThroughBash(@ForAll("values") String value) throws Exception {
    Path file = Files.createTempFile("zeta-env", ".sh");
    try {
      Files.writeString(file, EnvFile.render(Map.of("ZETA_x_V", value)), StandardCharsets.UTF_8);
      Process p = new ProcessBuilder("bash", "-c", ". \"$1\"; printf %s \"$ZETA_x_V\"", "bash", file.toString()).start();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(err).isZero();
      assertThat(err).isEmpty();
      assertThat(out).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Property(tries = 500)
  void theNamesReadBackAreTheExportedOnes(@ForAll("values") String a, @ForAll("values") String b) {
    Map<String, String> exports = new LinkedHashMap<>();
    exports.put("ZETA_x_A", a);
    exports.put("ZETA_x_B", b);
    assertThat(EnvFile.names(EnvFile.render(exports))).isEqualTo(List.of("ZETA_x_A", "ZETA_x_B"));
  }
}
