package io.zeta.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zeta.json.Json;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a refused command must look like, for every bad-input test: a non-zero status, nothing on
 * stdout, one {@code zeta: } line naming the problem (at most one hint line after it), no stack
 * trace, and a cluster tree unchanged but for the one audit line of the refused command.
 */
public final class Refusals {
  public static final String AUDIT_LOG = "/zeta/kstore/audit/audit.log";
  /** C0 controls but newline, DEL, C1 controls: a terminal would act on them. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f]");
  /** A Java null printed as a value ("fetched: null"); JSON's quoted 'null' in a parser's message is fine. */
  private static final Pattern NULL_WORD = Pattern.compile("(?<![\"'\\w])null(?![\"'\\w])");

  private Refusals() {}

  /**
   * Asserts the one clear error line and returns it.
   *
   * @param mentions what the line must contain (the file, option or name at fault, and what is wrong)
   */
  public static String assertOneLineError(Cli.Result r, String... mentions) {
    assertThat(r.exit()).as(r.toString()).isBetween(1, 2);
    assertThat(r.out()).as(r.toString()).isEmpty();
    List<String> lines = r.err().lines().toList();
    assertThat(lines).as(r.toString()).isNotEmpty();
    String first = lines.get(0);
    assertThat(first).as(r.toString()).startsWith("zeta: ").doesNotContain("internal error");
    for (String m : mentions) {
      assertThat(first).as(r.toString()).contains(m);
    }
    assertThat(lines.subList(1, lines.size())).as("only a hint may follow the error\n" + r)
        .hasSizeLessThanOrEqualTo(1).allMatch(l -> l.startsWith("  hint: ") || l.startsWith("see `zeta "));
    assertThat(r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Error:");
    assertThat(CONTROL.matcher(r.err()).find()).as("control characters in\n" + r).isFalse();
    return first;
  }

  /** As {@link #assertOneLineError}, and the line says no bare "null" unless the input itself did. */
  public static String assertOneLineError(Cli.Result r, List<String> args, String... mentions) {
    String line = assertOneLineError(r, mentions);
    if (args.stream().noneMatch(a -> a.toLowerCase(Locale.ROOT).contains("null"))) {
      assertThat(NULL_WORD.matcher(line).find()).as("a bare null in\n" + r).isFalse();
    }
    return line;
  }

  /**
   * Runs a command that must be refused and asserts that it changed nothing in the cluster at
   * {@code root}: with {@code audited}, the audit log got exactly one line, the refused command's,
   * ending "failed: ..."; without, the audit log is unchanged too.
   */
  public static Cli.Result assertRefused(Cli cli, URI root, boolean audited, String says, String... args) {
    return assertRefused(cli, root, Trees.withoutAudit(root), audited, Arrays.asList(args), says, args);
  }

  /**
   * As above, against a snapshot ({@link Trees#withoutAudit}) taken before (many refusals in a row
   * can share one), with the input the error may quote besides the arguments (a file's text).
   */
  public static Cli.Result assertRefused(Cli cli, URI root, Map<String, String> before, boolean audited,
      List<String> inputs, String says, String... args) {
    String auditBefore = Trees.read(root, AUDIT_LOG);
    Cli.Result r = cli.run(args);
    String what = String.join(" ", args);
    assertOneLineError(r, inputs, says);
    assertThat(Trees.diff(before, Trees.withoutAudit(root))).as("changed by " + what).isEmpty();
    String auditAfter = Trees.read(root, AUDIT_LOG);
    assertThat(auditAfter).as("the audit log only grows").startsWith(auditBefore);
    List<String> added = auditAfter.substring(auditBefore.length()).lines().toList();
    if (!audited) {
      assertThat(added).as("audit lines of " + what).isEmpty();
      return r;
    }
    assertThat(added).as("audit lines of " + what).hasSize(1);
    JsonNode entry = Json.parse(added.get(0), "audit line");
    assertThat(entry.path("action").asText()).isEqualTo(args[0] + " " + args[1]);
    assertThat(entry.path("result").asText()).as(added.get(0)).startsWith("failed: ");
    return r;
  }
}
