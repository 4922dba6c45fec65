package io.zeta.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cosmos's media types, {@code application/vnd.dcos.<ns>.<kind>+json;charset=utf-8;version=vN},
 * and the parsing that Content-Type checks and Accept negotiation need.
 */
public final class MediaTypes {
  public static final String ERROR = "application/vnd.dcos.package.error+json;charset=utf-8;version=v1";

  private MediaTypes() {}

  /** {@code application/vnd.dcos.<kind>+json;charset=utf-8;version=v<n>}. */
  public static String vnd(String kind, int version) {
    return "application/vnd.dcos." + kind + "+json;charset=utf-8;version=v" + version;
  }

  /** A parsed media type: lower-case {@code type/subtype} and its parameters (lower-case names). */
  public record Parsed(String mime, Map<String, String> params) {
    /** The {@code version=vN} parameter's N, if any. */
    public Optional<Integer> version() {
      String v = params.get("version");
      if (v == null || !v.matches("v[0-9]{1,3}")) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(v.substring(1)));
    }
  }

  public static Parsed parse(String text) {
    String[] parts = text.split(";");
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq > 0) {
        params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT),
            p.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
      }
    }
    return new Parsed(parts[0].trim().toLowerCase(Locale.ROOT), params);
  }

  /** The media types of an Accept header, in the order given (q-values are not weighed: Cosmos does not). */
  public static List<Parsed> accept(String header) {
    List<Parsed> out = new ArrayList<>();
    for (String one : header.split(",")) {
      if (!one.isBlank()) {
        out.add(parse(one));
      }
    }
    return out;
  }
}
