import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import jdk.internal.org.objectweb.asm.ClassReader;
import jdk.internal.org.objectweb.asm.ClassWriter;
import jdk.internal.org.objectweb.asm.Opcodes;

/**
 * Rewrites the pre-Java-6 class files of a library jar as Java 8 class files with stack map
 * frames, for the CDS archive of {@code bin/zeta}. JDK 17 stores old class files in a static
 * archive but cannot verify them when it dumps it, so each of them (picocli's 170) went through
 * the old type-inferring verifier at every start; with frames, the dump verifies them once.
 * The bytecode itself is untouched (frames are computed from it, the version raised); a jar
 * holding anything this cannot rewrite (JSR/RET, a class it cannot resolve) is left as it was.
 *
 * <p>Run with the JDK's own ASM: {@code java --add-exports java.base/jdk.internal.org.objectweb.asm=ALL-UNNAMED
 * src/build/UpgradeClassFiles.java JAR}. Exit status 0 when the jar was rewritten or had no old
 * class file, 1 when it was left alone.
 */
public final class UpgradeClassFiles {
  private static final int JAVA_6 = 50;

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Path tmp = Files.createTempFile(jar.getParent(), ".upgrade", ".jar");
    int upgraded = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        JarFile in = new JarFile(jar.toFile(), false);
        OutputStream file = Files.newOutputStream(tmp);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements();) {
        JarEntry e = entries.nextElement();
        byte[] bytes;
        try (InputStream s = in.getInputStream(e)) {
          bytes = s.readAllBytes();
        }
        String name = e.getName();
        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
          int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
          if (major < JAVA_6) {
            bytes = withFrames(bytes, loader);
            upgraded++;
          }
        }
        JarEntry copy = new JarEntry(name);
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    } catch (RuntimeException cannot) {
      Files.deleteIfExists(tmp);
      System.err.println("UpgradeClassFiles: " + jar + " left as it was: " + cannot);
      System.exit(1);
    }
    if (upgraded == 0) {
      Files.delete(tmp);
      return;
    }
    try {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(jar));
    } catch (UnsupportedOperationException noPosix) {
      // Kept as created.
    }
    Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    System.err.println("UpgradeClassFiles: " + upgraded + " class files of " + jar.getFileName() + " given stack map frames");
  }

  private static byte[] withFrames(byte[] bytes, ClassLoader loader) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected ClassLoader getClassLoader() {
        return loader;
      }
    };
    reader.accept(new jdk.internal.org.objectweb.asm.ClassVisitor(Opcodes.ASM8, writer) {
      @Override
      public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
      }
    }, ClassReader.SKIP_FRAMES);
    return writer.toByteArray();
  }
}
