package io.zeta.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.zeta.testing.Cli;
import io.zeta.testing.Refusals;
import io.zeta.testing.Trees;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus: some 250 hand-written and jqwik-generated bad inputs (package files,
 * zeta.json, options, ids and roles, versions, artifact URLs, archives, command-line input), each run through the CLI
 * against one cluster. Each must be refused with one clear line, a non-zero status, no stack
 * trace, and a cluster tree unchanged but for the refused command's audit line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
  @TempDir
  static Path tmp;
  URI root;
  Cli cli;
  Corpus corpus;
  HttpServer http;
  /** The cluster tree but the audit log: every case leaves it as it is. */
  Map<String, String> tree;
  final Map<String, Integer> passed = new ConcurrentHashMap<>();
  List<CorpusCase> ran = List.of();

  /** The cluster root; a subclass may put it on another filesystem. */
  URI newRoot() {
    return tmp.resolve("cluster").toUri();
  }

  /** Which cases run here (by their place in the corpus): all of them on file:. */
  boolean runs(int index) {
    return true;
  }

  @BeforeAll
  void clusterAndCorpus() throws IOException {
    http = server();
    corpus = new Corpus(tmp.resolve("repos"), tmp.resolve("work"));
    PackageFileCases.add(corpus);
    ZetaJsonCases.add(corpus);
    OptionCases.add(corpus);
    NameCases.add(corpus);
    UrlCases.add(corpus, "http://127.0.0.1:" + http.getAddress().getPort());
    ArchiveCases.add(corpus);
    CliCases.add(corpus);
    LocalFileCases.add(corpus, "http://127.0.0.1:" + http.getAddress().getPort());
    UntrustedContentCases.add(corpus, Files.writeString(tmp.resolve("outside.txt"), "a secret outside the repository\n"));

    root = newRoot();
    cli = new Cli(tmp.resolve("home"), tmp).env("ZETA_CLUSTER", root.toString());
    cli.ok("cluster", "init", "--root", root.toString(), "--name", "corpus");
    cli.ok("role", "add", Corpus.ROLE);
    cli.ok("package", "install", Corpus.GOOD, "--role", Corpus.ROLE, "--id", Corpus.GOOD_ID, "--stage",
        "--repo", corpus.repoRoot().toString());
    for (String pkg : corpus.prestaged()) {
      cli.ok("package", "stage", pkg, "--repo", corpus.repoOf(pkg).toString());
    }
    tree = Trees.withoutAudit(root);
  }

  @AfterAll
  void summary() {
    if (http != null) {
      http.stop(0);
    }
    Map<String, Long> all = ran.stream()
        .collect(Collectors.groupingBy(CorpusCase::category, TreeMap::new, Collectors.counting()));
    String counts = all.entrySet().stream()
        .map(e -> e.getKey() + " " + passed.getOrDefault(e.getKey(), 0) + "/" + e.getValue())
        .collect(Collectors.joining(", "));
    System.out.println("bad-input corpus on " + root.getScheme() + " (seed " + Corpus.SEED + "): "
        + passed.values().stream().mapToInt(i -> i).sum() + "/" + ran.size() + " refused cleanly; by category: " + counts);
  }

  @TestFactory
  Stream<DynamicContainer> corpus() {
    assertThat(corpus.cases()).hasSizeGreaterThanOrEqualTo(200);
    List<CorpusCase> cases = java.util.stream.IntStream.range(0, corpus.cases().size()).filter(this::runs)
        .mapToObj(corpus.cases()::get).toList();
    ran = cases;
    Map<String, List<CorpusCase>> byCategory = cases.stream()
        .collect(Collectors.groupingBy(CorpusCase::category, java.util.LinkedHashMap::new, Collectors.toList()));
    return byCategory.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(
        e.getKey() + " (" + e.getValue().size() + ")",
        e.getValue().stream().map(c -> DynamicTest.dynamicTest("[" + c.category() + "] " + c.name(), () -> refused(c)))));
  }

  void refused(CorpusCase c) {
    try {
      cli.stdin(c.stdin());
      Refusals.assertRefused(cli, root, tree, c.audited(), c.inputs(), c.says(), c.args().toArray(String[]::new));
    } catch (AssertionError e) {
      // A case that changed the tree fails alone: the next one compares with the tree as it is now.
      tree = Trees.withoutAudit(root);
      throw new AssertionError("[" + c.category() + "] " + c.name() + ": " + e.getMessage(), e);
    }
    passed.merge(c.category(), 1, Integer::sum);
  }

  /**
   * /status/N/... answers N; /loop/... redirects to itself; /to-file/... redirects to a file: URL;
   * /short/... announces 100 bytes and sends 10.
   */
  private static HttpServer server() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/status/", ex -> {
      int status = Integer.parseInt(ex.getRequestURI().getPath().split("/")[2]);
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.createContext("/loop/", ex -> {
      ex.getResponseHeaders().add("Location", ex.getRequestURI().toString());
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/to-file/", ex -> {
      ex.getResponseHeaders().add("Location", "file:///etc/passwd");
      ex.sendResponseHeaders(302, -1);
      ex.close();
    });
    server.createContext("/short/", ex -> {
      ex.sendResponseHeaders(200, 100);
      ex.getResponseBody().write(new byte[10]);
      ex.close();
    });
    server.start();
    return server;
  }
}
