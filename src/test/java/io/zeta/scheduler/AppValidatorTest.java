package io.zeta.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppValidatorTest {
  private static ObjectNode app(String json) {
    return Json.parseObject(json, "test app");
  }

  private static List<String> problems(String json) {
    return AppValidator.validate(app(json)).stream().map(AppViolation::toString).toList();
  }

  @Test
  void acceptsAMinimalCommandApp() {
    assertThat(problems("{\"id\":\"/zeta/web\",\"cmd\":\"sleep 1\",\"instances\":2,\"labels\":{\"a\":\"b\"},"
        + "\"portDefinitions\":[{\"port\":0,\"name\":\"http\"}]}")).isEmpty();
    assertThat(problems("{\"id\":\"relative.name\",\"args\":[\"sleep\",\"1\"]}")).isEmpty();
    assertThat(problems("{\"id\":\"/docker\",\"container\":{\"type\":\"DOCKER\",\"docker\":{\"image\":\"x\"}}}")).isEmpty();
  }

  @Test
  void schemaRequiresAnId() {
    assertThat(problems("{\"cmd\":\"x\"}")).anySatisfy(p -> assertThat(p).startsWith("/: ").contains("id"));
  }

  @Test
  void idSegmentsFollowTheServersPattern() {
    assertThat(problems("{\"id\":\"/zeta/-web\",\"cmd\":\"x\"}"))
        .anySatisfy(p -> assertThat(p).startsWith("/id: '-web' is not a valid id segment"));
    assertThat(problems("{\"id\":\"/a..b/c\",\"cmd\":\"x\"}"))
        .anySatisfy(p -> assertThat(p).startsWith("/id: 'a..b' is not a valid id segment"));
    assertThat(problems("{\"id\":\"/a.b-c.d/e\",\"cmd\":\"x\"}")).isEmpty();
  }

  @Test
  void reservedLastSegmentsAreRefused() {
    for (String last : List.of("tasks", "versions", "restart", "..")) {
      assertThat(problems("{\"id\":\"/zeta/" + last + "\",\"cmd\":\"x\"}"))
          .contains("/id: an app id must not end with '" + last + "': Marathon reserves it");
    }
    assertThat(problems("{\"id\":\"/tasks/web\",\"cmd\":\"x\"}")).isEmpty();
  }

  @Test
  void theRootIsNotAnApp() {
    assertThat(problems("{\"id\":\"/\",\"cmd\":\"x\"}")).contains("/id: an app id must name an app, not the root group");
  }

  @Test
  void exactlyOneOfCmdAndArgsWithoutAContainer() {
    String message = "/: " + AppValidator.CMD_ARGS_CONTAINER;
    assertThat(problems("{\"id\":\"/x\"}")).contains(message);
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\",\"args\":[\"b\"]}")).contains(message);
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\"}")).isEmpty();
  }

  @Test
  void urisAndFetchExcludeEachOther() {
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\",\"uris\":[\"http://h/a\"],\"fetch\":[{\"uri\":\"http://h/b\"}]}"))
        .contains("/: cannot specify both uris and fetch fields");
  }

  @Test
  void labelValuesMustBeStringsAndAreReportedOnce() {
    List<String> p = problems("{\"id\":\"/x\",\"cmd\":\"a\",\"labels\":{\"n\":1}}");
    assertThat(p).hasSize(1);
    assertThat(p.get(0)).startsWith("/labels/n: ");
  }

  @Test
  void portNamesFollowTheRamlPatternAndAreUnique() {
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\",\"portDefinitions\":[{\"name\":\"web-\"}]}"))
        .containsExactly("/portDefinitions/0/name: 'web-' is not a valid port name: use lower-case letters, digits "
            + "and dashes, and start and end with a letter or digit");
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\",\"portDefinitions\":[{\"name\":\"a\"},{\"name\":\"a\"}]}"))
        .containsExactly("/portDefinitions/1/name: port name 'a' is used twice; names must be unique");
  }

  @Test
  void fieldsAfterMarathon17AreRefusedNamingTheReleaseThatAddedThem() {
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\",\"role\":\"slave_public\"}"))
        .containsExactly("/role: role came with Marathon 1.9 (the Mesos role its tasks run as); Marathon 1.7 refuses it");
    ObjectNode limited = app("{\"id\":\"/x\",\"cmd\":\"a\",\"role\":\"r\",\"resourceLimits\":{\"cpus\":\"unlimited\"}}");
    assertThat(AppValidator.validate(limited, new MarathonVersion(1, 9))).singleElement().asString()
        .startsWith("/resourceLimits: resourceLimits came with Marathon 1.10");
    assertThat(AppValidator.validate(limited, new MarathonVersion(1, 10))).isEmpty();
    // A later field is checked against its own shape once the target has it.
    assertThat(AppValidator.validate(app("{\"id\":\"/x\",\"cmd\":\"a\",\"role\":\"\"}"), new MarathonVersion(1, 9)))
        .singleElement().asString().startsWith("/role: ");
    assertThat(AppValidator.releaseNeeded(limited)).contains(new MarathonVersion(1, 10));
  }

  @Test
  void checkNamesEveryViolation() {
    assertThatThrownBy(() -> AppValidator.check(app("{\"id\":\"/x/tasks\",\"cpus\":\"one\"}")))
        .isInstanceOf(InvalidAppException.class)
        .hasMessageStartingWith("app /x/tasks is not a valid Marathon app:")
        .hasMessageContaining("/cpus: ")
        .hasMessageContaining("/id: an app id must not end with 'tasks'")
        .hasMessageContaining(AppValidator.CMD_ARGS_CONTAINER);
  }

  @Test
  void nullFieldsCountAsAbsentAsMarathonReadsThem() {
    assertThat(problems("{\"id\":\"/x\",\"cmd\":\"a\",\"args\":null,\"user\":null,\"env\":null}")).isEmpty();
    assertThat(problems("{\"id\":\"/x\",\"cmd\":null,\"args\":[\"a\"]}")).isEmpty();
  }
}
