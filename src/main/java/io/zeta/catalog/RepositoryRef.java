package io.zeta.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.zeta.ZetaException;
import java.util.regex.Pattern;

/** A named repository URI, as kept in a repository list. */
public record RepositoryRef(@JsonProperty("name") String name, @JsonProperty("uri") String uri) {
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

  @JsonCreator
  public RepositoryRef {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ZetaException("invalid repository name '" + name + "': use letters, digits, '.', '_' and '-' (at most 64)");
    }
    if (uri == null || uri.isBlank()) {
      throw new ZetaException("repository " + name + " has no URI");
    }
  }
}
