package io.zeta.corpus;

import java.util.List;

/**
 * One bad input: the command line that feeds it to Zeta and what the one-line error must say.
 *
 * @param category the kind of input (for the counts the corpus reports)
 * @param name a short description, shown as the test's display name
 * @param audited whether the refused command reaches the cluster and so writes its audit line
 * @param says what the error line must contain
 * @param args the zeta command line
 * @param content the bad text behind the case (a package file, an options file), for the check
 *     that the error only says "null" where the input did
 */
record CorpusCase(String category, String name, boolean audited, String says, List<String> args, String content) {
  List<String> inputs() {
    return content == null ? args : java.util.stream.Stream.concat(args.stream(), java.util.stream.Stream.of(content)).toList();
  }
}
