package io.zeta.catalog;

import java.util.Arrays;

/** How many instances of a package a cluster may hold. */
public enum InstancePolicy {
  /** Any number of instances in any role (the default). */
  MANY_PER_ROLE("many-per-role"),
  /** At most one instance in each role. */
  ONE_PER_ROLE("one-per-role"),
  /** One instance in the whole cluster, and it lives in role {@code shared}. */
  ONE_PER_CLUSTER("one-per-cluster");

  private final String id;

  InstancePolicy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static InstancePolicy of(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown instance policy " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
