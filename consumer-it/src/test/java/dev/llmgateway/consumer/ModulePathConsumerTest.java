package dev.llmgateway.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer on the module path. The build resolves the published artifacts (through the reactor)
 * into {@code target/modulepath.txt}; this test compiles {@code src/modular/java}, a program with
 * its own {@code module-info.java}, against them with {@code javac --module-path} and runs it with
 * {@code java --module-path ... --module}: it calls a fake server through a {@code GatewayClient}
 * whose provider the module system binds as a service, and checks the gateway's exports. A broken
 * descriptor (a missing {@code uses}, {@code provides}, {@code requires transitive} or export, an
 * exported internal package) fails the compilation or the run.
 */
class ModulePathConsumerTest {
  private static final long RUN_TIMEOUT_SECONDS = 120;

  private static List<Path> modulePath;

  @BeforeAll
  static void readTheModulePath() throws IOException {
    String text = Files.readString(Path.of(System.getProperty("modulepath.file"))).strip();
    modulePath = Arrays.stream(text.split(File.pathSeparator)).map(Path::of).toList();
    assertTrue(
        modulePath.stream().anyMatch(p -> p.toString().contains("gateway-core")),
        () -> "the module path holds gateway-core: " + modulePath);
  }

  @Test
  void aModularApplicationCompilesAndCallsThroughTheGatewayOnTheModulePath(@TempDir Path out)
      throws Exception {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(Path.of(System.getProperty("modular.sources")))) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    Compilation compiled = compile(sources, out);
    assertTrue(compiled.success(), () -> "the modular consumer compiles:\n" + compiled.messages());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--module-path");
    command.add(join(modulePath) + File.pathSeparator + out);
    command.add("--module");
    command.add("dev.llmgateway.consumer.modular/dev.llmgateway.consumer.modular.ModularConsumer");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
    if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("the modular consumer did not end within " + RUN_TIMEOUT_SECONDS + " s");
    }
    String log = output.get(10, TimeUnit.SECONDS);
    System.out.println(log);

    assertEquals(0, process.exitValue(), () -> "the modular consumer failed:\n" + log);
    assertTrue(log.contains("chat: Echo: What is a module?"), log);
    assertTrue(log.contains("stream: Echo: What is a module?"), log);
    assertTrue(
        log.contains("provider: dev.llmgateway.provider.openai found through ServiceLoader"), log);
    assertTrue(log.contains("module path consumer: all checks passed"), log);
  }

  @Test
  void aModuleCannotCompileAgainstTheCoresInternalPackages(@TempDir Path out) throws Exception {
    String hidden = publicClassIn("dev.llmgateway.core", "dev.llmgateway.internal");
    Compilation compiled = compileProbe(out, "dev.llmgateway.core", hidden);

    assertFalse(compiled.success(), () -> hidden + " compiled from another module");
    assertTrue(
        compiled.messages().contains("which does not export it"),
        () -> "javac says the package is not exported:\n" + compiled.messages());
  }

  @Test
  void aModuleCannotCompileAgainstTheHttpProvidersPlumbing(@TempDir Path out) throws Exception {
    String plumbing = publicClassIn("dev.llmgateway.provider.http", "dev.llmgateway.provider.http");
    Compilation compiled = compileProbe(out, "dev.llmgateway.provider.http", plumbing);

    assertFalse(compiled.success(), () -> plumbing + " compiled from another module");
    assertTrue(
        compiled.messages().contains("which does not export it"),
        () -> "javac says the package is not exported:\n" + compiled.messages());
  }

  /** Compiles a module that reads {@code module} and names {@code className}. */
  private static Compilation compileProbe(Path dir, String module, String className)
      throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/probe"));
    Files.writeString(
        dir.resolve("src/module-info.java"), "module probe { requires " + module + "; }\n");
    Files.writeString(
        src.resolve("Probe.java"),
        "package probe;\n\npublic final class Probe {\n  public static final Class<?> HIDDEN = "
            + className
            + ".class;\n\n  private Probe() {}\n}\n");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    return compile(
        List.of(dir.resolve("src/module-info.java"), src.resolve("Probe.java")), classes);
  }

  private static Compilation compile(List<Path> sources, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertTrue(javac != null, "the tests run on a JDK");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      // Nothing from this test's own class path: only the module path counts.
      files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
      List<String> options =
          List.of(
              "--release",
              "17",
              "-Xlint:all,-requires-automatic",
              "-Werror",
              "--module-path",
              join(modulePath),
              "-d",
              out.toString());
      boolean success =
          javac
              .getTask(
                  null,
                  files,
                  diagnostics,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      String messages =
          diagnostics.getDiagnostics().stream()
              .map(ModulePathConsumerTest::describe)
              .collect(Collectors.joining("\n"));
      return new Compilation(success, messages);
    }
  }

  /**
   * The name of a public top-level class in a package of {@code module} that starts with {@code
   * packagePrefix}, read from the module's contents, so that moving classes inside the module does
   * not break this test.
   */
  private static String publicClassIn(String module, String packagePrefix) throws Exception {
    ModuleReference reference =
        ModuleFinder.of(modulePath.toArray(Path[]::new))
            .find(module)
            .orElseThrow(() -> new AssertionError(module + " is on the module path"));
    List<String> candidates;
    try (ModuleReader reader = reference.open()) {
      candidates =
          reader
              .list()
              .filter(r -> r.endsWith(".class") && !r.contains("$") && !r.endsWith("-info.class"))
              .map(r -> r.substring(0, r.length() - ".class".length()).replace('/', '.'))
              .filter(c -> c.startsWith(packagePrefix + "."))
              .sorted()
              .toList();
    }
    // This test's own class path holds the same artifacts.
    ClassLoader loader = ModulePathConsumerTest.class.getClassLoader();
    for (String name : candidates) {
      if (Modifier.isPublic(Class.forName(name, false, loader).getModifiers())) {
        return name;
      }
    }
    throw new AssertionError("no public class under " + packagePrefix + " in " + module);
  }

  private static String describe(Diagnostic<? extends JavaFileObject> d) {
    return d.getKind() + ": " + d.getMessage(Locale.ROOT);
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  private static String readAll(Process process) {
    try (InputStream in = process.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Compilation(boolean success, String messages) {}
}
