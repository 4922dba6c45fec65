package io.zeta.cli;

import io.zeta.ZetaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The confirmation of a destructive command: asked on a terminal, given with {@code --yes} in
 * scripts. Without a terminal and without {@code --yes} the command is refused (a script must
 * not hang on a prompt nobody sees, nor go ahead unasked).
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * True when the user confirmed: {@code yes} given, or "y"/"yes" answered on the terminal.
   * False when the user answered anything else; refuses when there is no terminal to ask on.
   */
  static boolean ask(ZetaEnv env, String question, boolean yes) {
    if (yes) {
      return true;
    }
    if (!env.terminal()) {
      throw new ZetaException(question.replaceAll("\\?$", "") + ": not confirmed (no terminal to ask on)",
          "add --yes to confirm", null);
    }
    env.err().print(question + " [y/N] ");
    env.err().flush();
    String answer = readLine(env.in()).strip().toLowerCase(Locale.ROOT);
    return answer.equals("y") || answer.equals("yes");
  }

  /** One line, read byte by byte so nothing after it is taken from the stream. */
  private static String readLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b >= 0 && b != '\n' && line.size() < 256; b = in.read()) {
        line.write(b);
      }
    } catch (IOException e) {
      return "";
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
