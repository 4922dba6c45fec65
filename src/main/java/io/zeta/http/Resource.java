package io.zeta.http;

/** A group of routes (e.g. Marathon's apps resource), registered into a {@link Routes} table. */
@FunctionalInterface
public interface Resource {
  void register(Routes routes);
}
