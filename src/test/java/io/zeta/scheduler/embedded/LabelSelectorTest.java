package io.zeta.scheduler.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grammar and the matching of Marathon's label selectors (LabelSelectorParsers). */
class LabelSelectorTest {
  private static final Map<String, String> WEB = Map.of("HAPROXY_GROUP", "external", "tier", "frontend",
      "a!b", "x,y", "version", "1.2-rc");

  private static boolean matches(String query, Map<String, String> labels) throws Exception {
    return LabelSelector.parse(query).test(labels);
  }

  @Test
  void existenceEqualityAndSets() throws Exception {
    assertThat(matches("HAPROXY_GROUP", WEB)).isTrue();
    assertThat(matches("missing", WEB)).isFalse();
    assertThat(matches("HAPROXY_GROUP==external", WEB)).isTrue();
    assertThat(matches("HAPROXY_GROUP == internal", WEB)).isFalse();
    assertThat(matches("tier!=backend", WEB)).isTrue();
    assertThat(matches("tier != frontend", WEB)).isFalse();
    assertThat(matches("tier in (backend, frontend)", WEB)).isTrue();
    assertThat(matches("tier in(backend)", WEB)).isFalse();
    assertThat(matches("tier notin (backend, db)", WEB)).isTrue();
    assertThat(matches("tier notin (frontend)", WEB)).isFalse();
    assertThat(matches("version==1.2-rc", WEB)).isTrue();
  }

  @Test
  void aSelectorOnAMissingLabelNeverHolds() throws Exception {
    // As Marathon: the label must exist, even for != and notin.
    assertThat(matches("missing!=x", WEB)).isFalse();
    assertThat(matches("missing notin (x)", WEB)).isFalse();
  }

  @Test
  void commasCombineSelectorsThatMustAllHold() throws Exception {
    assertThat(matches("HAPROXY_GROUP==external, tier in (frontend), version", WEB)).isTrue();
    assertThat(matches("HAPROXY_GROUP==external,tier==backend", WEB)).isFalse();
    assertThat(matches("", WEB)).isTrue();
  }

  @Test
  void aBackslashEscapesAnyCharacter() throws Exception {
    assertThat(matches("a\\!b==x\\,y", WEB)).isTrue();
    assertThat(matches("a\\!b in (x\\,y, z)", WEB)).isTrue();
  }

  @Test
  void invalidQueriesAreRefusedWithWhereAndWhy() {
    assertThatThrownBy(() -> LabelSelector.parse("a!b==c")).isInstanceOf(LabelSelector.Invalid.class)
        .hasMessage("',' or the end of the selector expected at position 2, but found '!'");
    assertThatThrownBy(() -> LabelSelector.parse("tier in (a, b")).isInstanceOf(LabelSelector.Invalid.class)
        .hasMessageContaining("at position 14, but found the end");
    assertThatThrownBy(() -> LabelSelector.parse("tier==")).isInstanceOf(LabelSelector.Invalid.class)
        .hasMessageContaining("a label or value expected");
    assertThatThrownBy(() -> LabelSelector.parse("a,,b")).isInstanceOf(LabelSelector.Invalid.class);
  }
}
