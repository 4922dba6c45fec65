package io.zeta.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.cluster.Access;
import io.zeta.cluster.AuditLog;
import io.zeta.cluster.Cluster;
import io.zeta.http.Request;
import io.zeta.identity.AccessDeniedException;
import io.zeta.json.Json;
import io.zeta.lifecycle.AppRuntime;
import io.zeta.lifecycle.ArtifactFetcher;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as the instance endpoints act on it: for each request a view of the cluster with the
 * rights of the request's principal ({@link Cluster#as}), so that every lifecycle verb asks
 * {@code cluster.Access} for that principal and audits under its name; the scheduler and the
 * artifact fetcher the verbs need. Zeta's refusals become Cosmos errors here.
 */
public final class ServedInstances {
  private static final Logger LOG = LoggerFactory.getLogger(ServedInstances.class);

  /** The rights of a request's principal ({@code Authentication.of(request).access()}). */
  @FunctionalInterface
  public interface Principals {
    Access of(Request request);
  }

  private final Cluster cluster;
  private final Principals principals;
  private final Supplier<AppRuntime> runtime;
  private final Function<Cluster, ArtifactFetcher> fetcher;

  /**
   * @param runtime the cluster's scheduler, asked for each request (a local agent may start later)
   * @param fetcher how stages triggered by an install fetch artifacts
   */
  public ServedInstances(Cluster cluster, Principals principals, Supplier<AppRuntime> runtime,
      Function<Cluster, ArtifactFetcher> fetcher) {
    this.cluster = cluster;
    this.principals = principals;
    this.runtime = runtime;
    this.fetcher = fetcher;
  }

  /** The cluster with the rights of the request's principal. */
  Cluster forRequest(Request request) {
    return cluster.as(principals.of(request));
  }

  AppRuntime runtime() {
    return runtime.get();
  }

  ArtifactFetcher fetcher(Cluster view) {
    return fetcher.apply(view);
  }

  /** A change, recorded in the audit log with the principal whatever its outcome (refusals as {@code denied: ...}). */
  <T> T audited(Cluster view, String action, String target, Callable<T> change) throws Exception {
    AuditLog audit = view.audit();
    String role = AuditLog.roleOf(action, target);
    T result;
    try {
      result = change.call();
    } catch (AccessDeniedException e) {
      record(audit, action, target, e.role().orElse(role), "denied: " + e.getMessage());
      throw forbidden(e);
    } catch (CosmosError e) {
      record(audit, action, target, role, "failed: " + e.getMessage());
      throw e;
    } catch (ZetaException e) {
      record(audit, action, target, role, "failed: " + e.getMessage());
      throw refusal(e);
    } catch (Exception e) {
      record(audit, action, target, role, "failed: " + e);
      throw e;
    }
    record(audit, action, target, role, "ok");
    return result;
  }

  /** A read: refusals and Zeta's errors as Cosmos errors (a refused read is audited, as the CLI's {@code reading}). */
  <T> T reading(Cluster view, String action, String target, Callable<T> read) throws Exception {
    try {
      return read.call();
    } catch (AccessDeniedException e) {
      record(view.audit(), action, target, e.role().orElse(AuditLog.roleOf(action, target)), "denied: " + e.getMessage());
      throw forbidden(e);
    } catch (ZetaException e) {
      throw refusal(e);
    }
  }

  private static void record(AuditLog audit, String action, String target, String role, String result) {
    try {
      audit.record("serve: " + action, target, role, result);
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not write the audit log: {}", e.toString());
    }
  }

  /** Cosmos's 403 for what the principal may not do; the message names who, what, and the groups that would allow it. */
  static CosmosError forbidden(AccessDeniedException e) {
    ObjectNode data = Json.object();
    data.put("serviceName", "zeta");
    e.role().ifPresent(r -> data.put("role", r));
    return CosmosError.of(403, "Forbidden", withHint(e), data, Map.of());
  }

  /**
   * A refusal of Zeta's own that no Cosmos type names (a role that does not exist, a package the
   * cluster lacks a capability for...): 400 {@code ZetaError}, Zeta's one-line error and what to do.
   */
  static CosmosError refusal(ZetaException e) {
    if (e instanceof AccessDeniedException denied) {
      return forbidden(denied);
    }
    return CosmosError.of(400, "ZetaError", withHint(e));
  }

  private static String withHint(ZetaException e) {
    return e.hint() == null || e.hint().isBlank() ? e.getMessage() : e.getMessage() + " (" + e.hint() + ")";
  }
}
