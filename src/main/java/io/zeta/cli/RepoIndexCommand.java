package io.zeta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageRepository;
import io.zeta.catalog.Repositories;
import io.zeta.catalog.RepositoryRef;
import io.zeta.export.RepositoryIndex;
import io.zeta.json.Json;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "index", mixinStandardHelpOptions = true,
    description = {"Write a Universe repository index (repo-up-to-X.json, as Universe's gen_universe does) of a repository, "
        + "that Cosmos and `zeta package repo add` read.",
        "Templates are base64 in marathon.v2AppMustacheTemplate; each entry is checked against Universe's repo schema."})
final class RepoIndexCommand extends Subcommand {
  @Parameters(index = "0", paramLabel = "DIR", description = "The repository: a Universe directory (or an index file).")
  String uri;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The index file to write (replaced atomically; `-` for stdout).")
  String outFile;

  @Option(names = "--format", paramLabel = "v3|v4|v5", description = "Repository format: v3 (packagingVersion 2.0, 3.0), v4 (up to 4.0), v5 (up to 5.0; the default).")
  String format = "v5";

  @Option(names = "--dcos-version", paramLabel = "V", description = "Leave out versions whose minDcosReleaseVersion is newer than V (e.g. 1.10).")
  String dcosVersion;

  @Override
  int execute() throws Exception {
    PackageRepository repo = Repositories.open(new RepositoryRef("indexed", uri), env().cacheDir());
    RepositoryIndex.Result result = RepositoryIndex.build(repo, format, dcosVersion);
    byte[] bytes = Json.prettyBytes(result.index());
    if (outFile.equals("-")) {
      out().println(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    } else {
      Path target = env().path(outFile);
      if (Files.isSymbolicLink(target) || Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new ZetaException("--out " + target + " is a symbolic link or a directory", "name a regular file", null);
      }
      Path dir = target.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, ".zeta-tmp-index-", ".json");
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
      for (String s : result.skipped()) {
        err().println(Output.safe("zeta: left out " + s));
      }
      if (structured()) {
        var doc = Json.object().put("target", target.toString()).put("result", "ok");
        result.included().forEach(doc.putArray("included")::add);
        result.skipped().forEach(doc.putArray("skipped")::add);
        print(doc);
      } else {
        out().println(Output.safe("wrote " + target + ": " + result.included().size() + " package versions (format " + format + ")"));
      }
    }
    return 0;
  }
}
