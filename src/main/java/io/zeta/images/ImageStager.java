package io.zeta.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.zeta.ZetaException;
import io.zeta.catalog.PackageDefinition;
import io.zeta.catalog.ZetaExtension;
import io.zeta.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Copies (or builds) a package's images into the cluster registry as {@code <pkg>/<name>:<version>},
 * pinned by digest. The images are resource.json's {@code assets.container.docker} (name: the
 * key) and zeta.json's {@code images}. A copy is {@code skopeo copy --preserve-digests} from the
 * reference (or its mirror), after {@code skopeo inspect} gave the source digest: when the cluster
 * registry already has a manifest of that digest in the repository nothing is copied (a second
 * stage costs one inspect and one HEAD); after a copy the registry must answer the same digest.
 * A build is {@code buildah bud} of the package's Containerfile in a work directory of its own,
 * pushed. Any failure deletes the manifests this stage pushed and names the image.
 */
public final class ImageStager {
  /** Where the images come from and where the tools work (a local, private temporary directory). */
  public record Settings(Map<String, String> mirrors, Path workRoot, boolean allowBuildNetwork) {
    public Settings {
      mirrors = Map.copyOf(mirrors);
    }
  }

  /** One image of a package, checked, before anything is copied. */
  public record Planned(String name, String origin, String source, Optional<ImageRef> ref,
      Optional<ZetaExtension.Image> build) {
    String describe() {
      return "image " + name + " (" + source + ")";
    }
  }

  /**
   * An image as stage.json records it: {@code reference} ({@code <registry>/<pkg>/<name>@sha256:...})
   * is what templates see; {@code copied} is false when the registry had it already.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StagedImage(String name, String origin, String source, String from, String repository, String tag,
      String digest, String reference, boolean copied) {}

  private final RegistryEndpoint registry;
  private final Settings settings;

  public ImageStager(RegistryEndpoint registry, Settings settings) {
    this.registry = registry;
    this.settings = settings;
  }

  /**
   * Every image of a package, each name a repository component and each reference parsed, before
   * anything is written. resource.json keys are made lower case (Universe's are camelCase).
   */
  public static List<Planned> plan(PackageDefinition pkg) {
    Map<String, Planned> out = new LinkedHashMap<>();
    pkg.resource().map(r -> r.path("assets").path("container").path("docker")).orElse(Json.object()).fields()
        .forEachRemaining(e -> {
          String name = ImageRef.component(e.getKey());
          String what = pkg + ": resource.json image " + e.getKey();
          if (!e.getValue().isTextual()) {
            throw new ZetaException(what + " is not a string", "give an image reference such as docker.io/library/redis:7", null);
          }
          ImageRef ref = ImageRef.parse(e.getValue().asText(), what);
          if (out.containsKey(name)) {
            throw new ZetaException(what + ": two images are both named " + name + " in the registry", "rename one", null);
          }
          out.put(name, new Planned(name, "resource:" + e.getKey(), e.getValue().asText(), Optional.of(ref), Optional.empty()));
        });
    for (ZetaExtension.Image i : pkg.zeta().images().values()) {
      String what = pkg + ": zeta.json image " + i.name();
      if (out.containsKey(i.name())) {
        throw new ZetaException(what + ": resource.json names an image " + i.name() + " too", "give them different names", null);
      }
      if (i.built()) {
        String cf = i.containerfile().orElseThrow();
        if (!pkg.files().files().containsKey(cf)) {
          throw new ZetaException(what + ": the package has no file " + cf, "ship the Containerfile with the package", null);
        }
        out.put(i.name(), new Planned(i.name(), "zeta", "build:" + cf, Optional.empty(), Optional.of(i)));
      } else {
        ImageRef ref = ImageRef.parse(i.from().orElseThrow(), what);
        if (i.digest().isPresent() && ref.digest().isPresent() && !ref.digest().equals(i.digest())) {
          throw new ZetaException(what + ": 'from' and 'digest' name different digests");
        }
        if (i.digest().isPresent()) {
          ref = new ImageRef(ref.registry(), ref.repository(), ref.tag(), i.digest());
        }
        out.put(i.name(), new Planned(i.name(), "zeta", i.from().get(), Optional.of(ref), Optional.empty()));
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * Stages every planned image; on a failure deletes what it pushed ({@code keep}: digests other
   * stages of the package pin, never deleted) and throws, naming the image.
   */
  public List<StagedImage> stage(PackageDefinition pkg, String version, List<Planned> plan, java.util.Set<String> keep,
      String nonce, Consumer<String> notes) throws IOException {
    for (Planned p : plan) {
      if (p.build().isPresent() && p.build().get().hostNetwork() && !settings.allowBuildNetwork()) {
        throw new ZetaException(pkg.name() + "@" + version + ": cannot stage " + p.describe() + ": its build asks for "
            + "the host's network (\"network\": \"host\"), and its RUN steps would run as root able to reach every "
            + "service of this host", "if you trust the package, stage it with --allow-build-network; nothing was staged", null);
      }
    }
    Files.createDirectories(settings.workRoot());
    Path work = Files.createDirectory(workDir(settings.workRoot(), nonce),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    List<StagedImage> done = new ArrayList<>();
    RegistryClient client = new RegistryClient(registry);
    try {
      try {
        client.ping();
      } catch (ZetaException e) {
        throw new ZetaException(pkg.name() + "@" + version + ": cannot stage " + String.join(", ",
            plan.stream().map(Planned::describe).toList()) + ": " + e.getMessage(), e.hint(), e);
      }
      ContainersConf.Settings cs = ContainersConf.Settings.defaults().storage(work.resolve("store"));
      if (registry.insecure()) {
        cs = cs.insecure(registry.address());
      }
      for (Map.Entry<String, String> m : settings.mirrors().entrySet()) {
        cs = cs.mirror(m.getKey(), m.getValue());
        String host = m.getValue().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        if (m.getValue().startsWith("http://") || ImageRef.isLoopback(host)) {
          cs = cs.insecure(host);
        }
      }
      ContainersConf conf = ContainersConf.write(work.resolve("conf"), cs);
      if (registry.user().isPresent()) {
        conf.writeAuth(Map.of(registry.address(), new String[] {registry.user().get(), registry.password().orElse("")}));
      }
      Path certDir = null;
      if (registry.caFile().isPresent()) {
        certDir = work.resolve("certs");
        Files.createDirectories(certDir);
        Files.copy(Path.of(registry.caFile().get()), certDir.resolve("ca.crt"));
      }
      ImageTools tools = new ImageTools(conf);
      for (Planned p : plan) {
        try {
          StagedImage s = p.build().isPresent() ? build(pkg, version, p, tools, client, work, certDir)
              : copy(pkg, version, p, tools, client, work, certDir);
          done.add(s);
          notes.accept(s.name() + ": " + s.reference() + (s.copied() ? "" : " (already in the registry)"));
        } catch (IOException | RuntimeException e) {
          String why = e instanceof ZetaException z ? z.getMessage() : io.zeta.Causes.describe(e);
          if (!answers(client)) {
            // The tool's own line ("connection refused" to some port) does not say it was the cluster registry.
            throw new ZetaException(pkg.name() + "@" + version + ": cannot stage " + p.describe() + ": the cluster registry at "
                + registry.baseUrl() + " stopped answering during the stage (" + brief(why) + ")",
                "nothing was staged; `zeta cluster doctor` reports the registry, and the next `zeta package stage` of "
                    + pkg.name() + "@" + version + " starts an embedded one again and copies the image", e);
          }
          throw new ZetaException(pkg.name() + "@" + version + ": cannot stage " + p.describe() + ": " + why,
              e instanceof ZetaException z && z.hint() != null ? z.hint() : "nothing was staged; fix the image or the registry and stage again", e);
        }
      }
      return done;
    } catch (IOException | RuntimeException e) {
      delete(client, done.stream().filter(StagedImage::copied).filter(s -> !keep.contains(s.repository() + "@" + s.digest())).toList());
      throw e;
    } finally {
      removeWorkDir(work);
    }
  }

  private static final java.util.regex.Pattern WORK_DIR = java.util.regex.Pattern.compile("^zeta-images-[0-9a-f]{8}$");

  /** The tools' work directory of the stage {@code nonce} (its lock's intent names it, for a recovery). */
  public static Path workDir(Path workRoot, String nonce) {
    return workRoot.resolve("zeta-images-" + nonce);
  }

  /**
   * Removes a work directory: first what buildah still has mounted under it (a build killed
   * mid-RUN leaves overlay mounts), then the tree. Only a real directory named as {@link #workDir}
   * names them, owned by this user: the path may come from a lock's intent on shared storage.
   * Returns whether there was one to remove.
   */
  public static boolean removeWorkDir(Path dir) {
    try {
      if (!WORK_DIR.matcher(dir.getFileName().toString()).matches()
          || !Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          || !Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
        return false;
      }
      String prefix = dir.toRealPath().toString() + "/";
      List<String> mounts = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] f = line.split(" ");
        String point = f.length > 4 ? f[4].replace("\\040", " ") : "";
        if (point.startsWith(prefix)) {
          mounts.add(point);
        }
      }
      mounts.sort(Comparator.comparing(String::length).reversed());
      for (String m : mounts) {
        new ProcessBuilder("umount", "-l", m).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      }
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    deleteTree(dir);
    return true;
  }

  /**
   * Deletes the manifests {@code tags} ({@code <pkg>/<name>:<tag>}, from a killed stage's intent)
   * name now, unless one of {@code pinned} ({@code repository@digest}) is theirs; names that are
   * not the package's repositories are skipped. Returns how many were deleted.
   */
  public static int deleteUnpinned(RegistryClient client, String pkg, List<String> tags, java.util.Set<String> pinned)
      throws IOException {
    int deleted = 0;
    for (String t : tags) {
      int colon = t.lastIndexOf(':');
      if (colon < 0 || !t.startsWith(pkg + "/")) {
        continue;
      }
      String repository = t.substring(0, colon);
      String tag = t.substring(colon + 1);
      String name = repository.substring(pkg.length() + 1);
      if (!ImageRef.validComponent(name) || !tag.equals(ImageRef.tagOf(tag))) {
        continue;
      }
      Optional<String> digest = client.digest(repository, tag);
      if (digest.isPresent() && !pinned.contains(repository + "@" + digest.get()) && client.delete(repository, digest.get())) {
        deleted++;
      }
    }
    return deleted;
  }

  /** A tool's line without the upload URLs' state tokens, cut short: the registry's death is the news. */
  static String brief(String why) {
    String b = why.replaceAll("\\?_state=[^\"\\s]*", "");
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  private static boolean answers(RegistryClient client) {
    try {
      client.ping();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private StagedImage copy(PackageDefinition pkg, String version, Planned p, ImageTools tools, RegistryClient client, Path work,
      Path certDir) throws IOException {
    ImageRef ref = p.ref().orElseThrow();
    ImageRef.Source source = ref.source(settings.mirrors());
    String digest;
    try {
      digest = sourceDigest(source, tools);
    } catch (IOException e) {
      throw new ZetaException("cannot read " + source.ref() + ": " + e.getMessage(), source.ref().equals(ref)
          ? "check the reference; an air-gapped cluster copies from a mirror: --image-mirror " + ref.registry() + "=URL"
          : "check that the mirror has it", e);
    }
    if (ref.digest().isPresent() && !ref.digest().get().equals(digest)) {
      throw new ZetaException("digest mismatch: the package pins " + ref.digest().get() + " but " + source.ref()
          + " is " + digest, "the upstream image changed or the mirror holds another one; nothing was copied", null);
    }
    String repository = pkg.name() + "/" + p.name();
    String tag = ImageRef.tagOf(version);
    if (client.digest(repository, digest).isPresent()) {
      return new StagedImage(p.name(), p.origin(), p.source(), source.ref().toString(), repository, tag, digest,
          registry.pinned(repository, digest), false);
    }
    String dest = registry.address() + "/" + repository + ":" + tag;
    String pushed = tools.copy(source, digest, dest, registry.insecure(), certDir, work.resolve("digest-" + p.name()));
    StagedImage s = new StagedImage(p.name(), p.origin(), p.source(), source.ref().toString(), repository, tag, digest,
        registry.pinned(repository, digest), true);
    verify(client, s, pushed);
    return s;
  }

  private StagedImage build(PackageDefinition pkg, String version, Planned p, ImageTools tools, RegistryClient client,
      Path work, Path certDir) throws IOException {
    ZetaExtension.Image image = p.build().orElseThrow();
    Path files = work.resolve("package");
    writePackage(pkg, files);
    Path context = files.resolve(image.context().orElse(".")).normalize();
    Path containerfile = files.resolve(image.containerfile().orElseThrow()).normalize();
    if (!context.startsWith(files) || !containerfile.startsWith(files) || !Files.isDirectory(context)) {
      throw new ZetaException("the build context '" + image.context().orElse(".") + "' is not a directory of the package");
    }
    String repository = pkg.name() + "/" + p.name();
    String tag = ImageRef.tagOf(version);
    String dest = registry.address() + "/" + repository + ":" + tag;
    Optional<String> inputs = buildInputs(pkg, image, files, context, containerfile, tools);
    if (inputs.isPresent()) {
      Optional<String> before = client.digest(repository, inputs.get());
      if (before.isPresent() && client.retag(repository, before.get(), tag)) {
        StagedImage s = new StagedImage(p.name(), p.origin(), p.source(), "build", repository, tag, before.get(),
            registry.pinned(repository, before.get()), false);
        verify(client, s, before.get());
        return s;
      }
    }
    String pushed;
    try {
      pushed = tools.build(context, containerfile, image.buildArgs(), image.hostNetwork(), dest, registry.insecure(), certDir,
          work.resolve("digest-" + p.name()));
    } catch (IOException e) {
      throw new ZetaException("the build failed: " + e.getMessage(), "fix " + image.containerfile().get()
          + " (run `buildah bud` on it to see the whole output); nothing was staged", e);
    }
    StagedImage s = new StagedImage(p.name(), p.origin(), p.source(), "build", repository, tag, pushed,
        registry.pinned(repository, pushed), true);
    verify(client, s, pushed);
    if (inputs.isPresent()) {
      client.retag(repository, pushed, inputs.get());
    }
    return s;
  }

  /**
   * A tag naming everything a build reads, {@code inputs-<sha256 prefix>}: the Containerfile and
   * context paths, the build args, every package file under the context (path, mode, bytes) and
   * the manifest digest each {@code FROM} image has now (through the mirrors). A build whose tag
   * is in the registry already is that image: another version of the package built it from the
   * same inputs, and stage tags it instead of building again. Empty (always build) when a FROM
   * cannot be resolved here: it names a build arg, or its registry does not answer.
   */
  private Optional<String> buildInputs(PackageDefinition pkg, ZetaExtension.Image image, Path files, Path context,
      Path containerfile, ImageTools tools) throws IOException {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    java.util.function.Consumer<String> add = t -> {
      byte[] b = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      sha.update(java.nio.ByteBuffer.allocate(8).putLong(b.length).array());
      sha.update(b);
    };
    add.accept("zeta-build-inputs/1");
    add.accept(files.relativize(containerfile).toString());
    add.accept(files.relativize(context).toString());
    new java.util.TreeMap<>(image.buildArgs()).forEach((k, v) -> add.accept(k + "=" + v));
    add.accept("network=" + image.network());
    for (Map.Entry<String, byte[]> f : new java.util.TreeMap<>(pkg.files().files()).entrySet()) {
      Path target = files.resolve(f.getKey()).normalize();
      if (target.startsWith(context) || target.equals(containerfile)) {
        add.accept(f.getKey());
        add.accept(Files.getPosixFilePermissions(target).toString());
        sha.update(java.nio.ByteBuffer.allocate(8).putLong(f.getValue().length).array());
        sha.update(f.getValue());
      }
    }
    java.util.Set<String> stages = new java.util.HashSet<>();
    for (String line : Files.readAllLines(containerfile)) {
      String[] w = line.strip().split("\\s+");
      if (w.length < 2 || !w[0].equalsIgnoreCase("FROM")) {
        continue;
      }
      int i = 1;
      while (i < w.length - 1 && w[i].startsWith("--")) {
        i++;
      }
      String from = w[i];
      if (w.length > i + 2 && w[i + 1].equalsIgnoreCase("AS")) {
        stages.add(w[i + 2].toLowerCase(java.util.Locale.ROOT));
      }
      if (from.contains("$") || w[i].startsWith("--")) {
        return Optional.empty();
      }
      if (from.equals("scratch") || stages.contains(from.toLowerCase(java.util.Locale.ROOT))) {
        add.accept("FROM " + from);
        continue;
      }
      try {
        ImageRef ref = ImageRef.parse(from, "FROM");
        add.accept("FROM " + ref + " " + sourceDigest(ref.source(settings.mirrors()), tools));
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.of("inputs-" + java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 32));
  }

  /**
   * The manifest digest the source names. From a plain-HTTP source (a mirror on 127.0.0.1, the
   * air-gapped case) one HEAD answers it, without starting skopeo; anything else (TLS, token
   * auth, a list of platforms, a refusal) is {@code skopeo inspect}'s.
   */
  private static String sourceDigest(ImageRef.Source source, ImageTools tools) throws IOException {
    if (source.insecure()) {
      ImageRef r = source.ref();
      try {
        Optional<String> d = new RegistryClient(RegistryEndpoint.plain(r.registry()))
            .singleImageDigest(r.repository(), r.tag().orElseGet(() -> r.digest().orElseThrow()));
        if (d.isPresent()) {
          return d.get();
        }
      } catch (IOException | RuntimeException e) {
        // skopeo inspect says why, in its own words.
      }
    }
    return tools.inspectDigest(source);
  }

  /** The registry must now answer the digest (the copy's own and the source's). */
  private void verify(RegistryClient client, StagedImage s, String pushed) throws IOException {
    Optional<String> there = client.digest(s.repository(), s.tag());
    if (!pushed.equals(s.digest()) || there.isEmpty() || !there.get().equals(s.digest())) {
      if (there.isPresent()) {
        client.delete(s.repository(), there.get());
      }
      throw new ZetaException("digest mismatch after the copy: expected " + s.digest() + ", the copy pushed " + pushed
          + " and the registry has " + there.orElse("nothing"), "nothing was staged", null);
    }
  }

  /** Deletes the manifests of {@code images} (every tag on each goes too); missing ones are fine. */
  public static List<String> delete(RegistryClient client, List<StagedImage> images) {
    List<String> failures = new ArrayList<>();
    for (StagedImage s : images) {
      try {
        client.delete(s.repository(), s.digest());
      } catch (IOException | RuntimeException e) {
        failures.add(s.repository() + "@" + s.digest() + ": " + io.zeta.Causes.describe(e));
      }
    }
    return failures;
  }

  /** The package's files in a local directory, for a build context (scripts starting with #! executable). */
  static void writePackage(PackageDefinition pkg, Path dir) throws IOException {
    if (Files.exists(dir)) {
      return;
    }
    for (Map.Entry<String, byte[]> f : pkg.files().files().entrySet()) {
      Path target = dir.resolve(f.getKey()).normalize();
      if (!target.startsWith(dir)) {
        throw new ZetaException("package file '" + f.getKey() + "' has an unsafe path");
      }
      Files.createDirectories(target.getParent());
      Files.write(target, f.getValue());
      byte[] b = f.getValue();
      boolean script = b.length > 2 && b[0] == '#' && b[1] == '!';
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(script ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  static void deleteTree(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // A file buildah still holds; the directory is under the user's temporary directory.
        }
      });
    } catch (IOException ignored) {
      // Same.
    }
  }
}
