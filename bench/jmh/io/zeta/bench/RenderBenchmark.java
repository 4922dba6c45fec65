package io.zeta.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.json.Json;
import io.zeta.render.MarathonRenderer;
import io.zeta.render.Options;
import io.zeta.render.TemplateEngine;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Render throughput of real Universe templates on one thread: the mustache step alone, and the
 * whole Cosmos render (defaults, merge, draft-04 validation, mustache, JSON parse, labels).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class RenderBenchmark {
  /** Typical templates: a framework (kafka), a plain service (jenkins) and marathon-lb. */
  @Param({"kafka", "jenkins", "marathon-lb"})
  String pkg;

  PackageDefinition definition;
  ObjectNode context;
  String template;

  @Setup
  public void load() {
    Path fixtures = Path.of(System.getProperty("zeta.fixtures", "../shared/fixtures")).resolve("universe/packages");
    PackageRepository repo = Repositories.open(new RepositoryRef("universe", fixtures.toString()), null);
    int latest = repo.packages().stream().filter(s -> s.name().equals(pkg))
        .mapToInt(s -> s.releaseVersion()).max().orElseThrow();
    definition = repo.load(pkg, latest);
    template = definition.marathonTemplate().orElseThrow();
    context = MarathonRenderer.context(definition, Options.merge(definition, Json.object()), Json.object());
  }

  @Benchmark
  public String mustache() {
    return TemplateEngine.render(template, pkg, context, TemplateEngine.Strings.JSON_ESCAPED);
  }

  @Benchmark
  public ObjectNode cosmosRender() {
    return MarathonRenderer.render(definition, Json.object(), Optional.empty());
  }
}
