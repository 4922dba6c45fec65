package io.zeta.scheduler;

import io.zeta.ZetaException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Marathon app id: an absolute path of segments such as {@code /zeta/kafka}. Marathon reads
 * {@code kafka}, {@code /kafka/} and {@code //kafka} as the same id, and resolves {@code .} and
 * {@code ..} segments; {@link #canonical()} does the same.
 */
public record AppId(List<String> segments) {
  public AppId {
    segments = List.copyOf(segments);
  }

  /** Splits an id as typed; keeps {@code .} and {@code ..} so that validation can see them. */
  public static AppId parse(String text) {
    if (text == null) {
      throw new ZetaException("an app id is required");
    }
    return new AppId(Arrays.stream(text.split("/")).filter(s -> !s.isEmpty()).toList());
  }

  /** The id with {@code .} and {@code ..} resolved against the root. */
  public AppId canonical() {
    List<String> out = new ArrayList<>();
    for (String s : segments) {
      if (s.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
      } else if (!s.equals(".")) {
        out.add(s);
      }
    }
    return new AppId(out);
  }

  public boolean isRoot() {
    return segments.isEmpty();
  }

  /** Marathon's "safe path", the prefix of task ids: {@code /a/b} becomes {@code a_b}. */
  public String safePath() {
    return String.join("_", segments);
  }

  /** The id as a URL path, each segment percent-encoded: {@code /a/b}. */
  public String urlPath() {
    StringBuilder sb = new StringBuilder();
    for (String s : segments) {
      sb.append('/').append(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
