package io.zeta.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * skopeo and buildah, run daemonless with Zeta's {@link ContainersConf} in their environment. A
 * failure is an {@link IOException} carrying the tool's own message (its {@code msg="..."} or last
 * line), for the stage's one-line error.
 */
final class ImageTools {
  private static final Pattern MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");
  static final long TIMEOUT_MINUTES = 60;

  private final ContainersConf conf;

  ImageTools(ContainersConf conf) {
    this.conf = conf;
  }

  static boolean available(String tool) {
    return Files.isExecutable(Path.of("/usr/bin/" + tool));
  }

  /** TLS flags for one side of a skopeo call: plain HTTP, or a CA directory. */
  static List<String> tls(String prefix, boolean insecure, Path certDir) {
    List<String> out = new ArrayList<>();
    out.add(prefix + "tls-verify=" + !insecure);
    if (certDir != null) {
      out.add(prefix + "cert-dir=" + certDir);
    }
    return out;
  }

  /** The manifest digest of {@code docker://ref} (what its registry answers for the tag). */
  String inspectDigest(ImageRef.Source source) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    cmd.addAll(conf.skopeoArgs());
    cmd.addAll(List.of("inspect", "--authfile", conf.authFile().toString(), "--format", "{{.Digest}}"));
    cmd.addAll(tls("--", source.insecure(), null));
    cmd.add(source.docker());
    String out = run(cmd).strip();
    if (!ImageRef.DIGEST.matcher(out).matches()) {
      throw new IOException("skopeo inspect said '" + out + "', not a digest");
    }
    return out;
  }

  /** skopeo copy of the source's manifest {@code digest}, digests preserved; returns the digest it pushed. */
  String copy(ImageRef.Source source, String digest, String dest, boolean destInsecure, Path destCertDir, Path digestFile) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    cmd.addAll(conf.skopeoArgs());
    cmd.addAll(List.of("copy", "--quiet", "--preserve-digests", "--retry-times", "2", "--authfile", conf.authFile().toString(),
        "--digestfile", digestFile.toString()));
    cmd.addAll(tls("--src-", source.insecure(), null));
    cmd.addAll(tls("--dest-", destInsecure, destCertDir));
    cmd.add(source.docker(digest));
    cmd.add("docker://" + dest);
    run(cmd);
    return Files.readString(digestFile).strip();
  }

  /** buildah bud of {@code context} tagged {@code dest}, pushed to it; returns the pushed digest. */
  String build(Path context, Path containerfile, java.util.Map<String, String> args, boolean hostNetwork, String dest,
      boolean destInsecure, Path destCertDir, Path digestFile) throws IOException {
    // RUN steps run as root in a container: without the host's network they cannot reach 127.0.0.1's services.
    List<String> bud = new ArrayList<>(List.of("buildah", "bud", "--network=" + (hostNetwork ? "host" : "none"),
        "--layers=false", "--pull=true",
        "-f", containerfile.toString(), "-t", dest));
    args.forEach((k, v) -> bud.addAll(List.of("--build-arg", k + "=" + v)));
    bud.add(context.toString());
    try {
      run(bud);
      List<String> push = new ArrayList<>(List.of("buildah", "push", "--authfile", conf.authFile().toString(),
          "--digestfile", digestFile.toString(), "--tls-verify=" + !destInsecure));
      if (destCertDir != null) {
        push.add("--cert-dir=" + destCertDir);
      }
      push.addAll(List.of(dest, "docker://" + dest));
      run(push);
      return Files.readString(digestFile).strip();
    } finally {
      try {
        run(List.of("buildah", "rmi", "--force", dest));
      } catch (IOException ignored) {
        // A failed build left no image; the store is deleted with the work directory anyway.
      }
    }
  }

  /**
   * util-linux's setpriv, to have the kernel kill a tool when the thread that started it dies: a
   * stage killed with SIGKILL must not leave a skopeo or buildah pushing into the registry after it.
   */
  static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  /** {@code command} run under {@code setpriv --pdeathsig KILL} where setpriv exists. */
  static List<String> diesWithParent(List<String> command) {
    if (!Files.isExecutable(SETPRIV)) {
      return command;
    }
    List<String> out = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
    out.addAll(command);
    return out;
  }

  String run(List<String> command) throws IOException {
    Process p = conf.process(diesWithParent(command)).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " " + command.get(command.size() > 2 ? 1 : 0) + " timed out");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    if (p.exitValue() != 0) {
      throw new IOException(message(out));
    }
    return out;
  }

  /** The tool's own reason: the last {@code msg="..."} of a fatal line, or the last non-empty line. */
  static String message(String out) {
    String last = null;
    Matcher m = MSG.matcher(out);
    while (m.find()) {
      last = m.group(1).replace("\\\"", "\"");
    }
    if (last == null) {
      String[] lines = out.strip().split("\n");
      last = lines.length == 0 || lines[lines.length - 1].isBlank() ? "(no output)" : lines[lines.length - 1].strip();
      last = last.replaceFirst("^Error: ", "");
    }
    return last.length() > 400 ? last.substring(0, 400) + "..." : last;
  }
}
