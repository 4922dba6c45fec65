package io.zeta.identity;

import io.zeta.ZetaException;
import java.util.Optional;

/** A refusal by the {@link Authorizer}: the CLI exits with its own status (4) and the audit log records it as denied. */
public final class AccessDeniedException extends ZetaException {
  private static final long serialVersionUID = 1L;
  private final transient Optional<String> role;

  public AccessDeniedException(String message, Optional<String> role, String hint) {
    super(message, hint, null);
    this.role = role;
  }

  /** The role the refused action was in, if any. */
  public Optional<String> role() {
    return role;
  }
}
