package dev.llmgateway.consumer.modular;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.RecordedCall;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs on the module path: calls the fake server through a {@link GatewayClient} whose provider the
 * module system found, then checks what the gateway's modules export to this one. Prints one line
 * per check and exits with a non-zero status (an exception) at the first that fails.
 */
public final class ModularConsumer {
  private static final String QUESTION = "What is a module?";
  private static final String KEY = "sk-modular-consumer";
  private static final Module SELF = ModularConsumer.class.getModule();

  private ModularConsumer() {}

  /**
   * Runs the checks.
   *
   * @param args ignored
   * @throws Exception if a check fails
   */
  public static void main(String[] args) throws Exception {
    check(SELF.isNamed(), "this program runs as a named module, not on the class path");
    callThroughTheGateway();
    coreExportsItsApiButNotItsInternals();
    httpPlumbingIsExportedOnlyToTheHttpProviders();
    System.out.println("module path consumer: all checks passed");
  }

  private static void callThroughTheGateway() {
    try (FakeLlmServer server = FakeLlmServer.start();
        GatewayClient gateway =
            GatewayClient.builder()
                .provider(
                    "openai",
                    p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of(KEY)))
                .build()) {
      ChatRequest request =
          ChatRequest.builder().model("openai/gpt-4o-mini").user(QUESTION).maxTokens(50).build();

      ChatResponse answer = gateway.chat(request);
      check(("Echo: " + QUESTION).equals(answer.text()), "chat answered " + answer.text());
      System.out.println("chat: " + answer.text() + " <- " + answer.route().target());

      StringBuilder streamed = new StringBuilder();
      try (ChatStream stream = gateway.stream(request)) {
        stream.forEach(chunk -> streamed.append(chunk.text()));
      }
      check(("Echo: " + QUESTION).equals(streamed.toString()), "stream answered " + streamed);
      System.out.println("stream: " + streamed);

      List<RecordedCall> calls = server.requests();
      check(calls.size() == 2, "the fake server saw " + calls.size() + " calls, not 2");
      for (RecordedCall call : calls) {
        check("/v1/chat/completions".equals(call.path()), "called " + call.path());
        check(("Bearer " + KEY).equals(call.header("Authorization")), "sent the configured key");
      }
    }
    Module openai = module("dev.llmgateway.provider.openai");
    check(!SELF.canRead(openai), "the provider was bound as a service, not read by this module");
    System.out.println("provider: " + openai.getName() + " found through ServiceLoader");
  }

  private static void coreExportsItsApiButNotItsInternals() throws Exception {
    Module core = GatewayClient.class.getModule();
    check("dev.llmgateway.core".equals(core.getName()), "GatewayClient is in " + core);
    check(core.isExported("dev.llmgateway"), "dev.llmgateway is exported");

    Set<String> internal =
        core.getPackages().stream()
            .filter(
                p ->
                    p.equals("dev.llmgateway.internal") || p.startsWith("dev.llmgateway.internal."))
            .collect(Collectors.toCollection(TreeSet::new));
    check(!internal.isEmpty(), "dev.llmgateway.core has internal packages");
    for (String p : internal) {
      check(!core.isExported(p), p + " is not exported");
      check(!core.isExported(p, SELF), p + " is not exported to this module");
      check(!core.isOpen(p, SELF), p + " is not open to this module");
    }
    System.out.println("internal packages, none exported: " + internal);

    Class<?> hidden = Class.forName(publicClassIn(core, internal), false, core.getClassLoader());
    try {
      MethodHandles.lookup().accessClass(hidden);
      throw new IllegalStateException(hidden + " is accessible from " + SELF);
    } catch (IllegalAccessException expected) {
      System.out.println("not accessible: " + hidden.getName());
    }
    try {
      hidden.getDeclaredConstructors()[0].setAccessible(true);
      throw new IllegalStateException(hidden + " is open to deep reflection from " + SELF);
    } catch (InaccessibleObjectException expected) {
      System.out.println("not open: " + hidden.getName());
    }
  }

  private static void httpPlumbingIsExportedOnlyToTheHttpProviders() {
    Module http = module("dev.llmgateway.provider.http");
    String plumbing = "dev.llmgateway.provider.http";
    check(!http.isExported(plumbing), plumbing + " is not exported to everyone");
    check(!http.isExported(plumbing, SELF), plumbing + " is not exported to this module");
    for (String provider :
        List.of("dev.llmgateway.provider.openai", "dev.llmgateway.provider.anthropic")) {
      check(http.isExported(plumbing, module(provider)), plumbing + " is exported to " + provider);
    }
    System.out.println("http plumbing: exported only to the HTTP providers");
  }

  /** A public top-level class in one of the packages, read from the module's contents. */
  private static String publicClassIn(Module module, Set<String> packages) throws Exception {
    ResolvedModule resolved =
        ModuleLayer.boot().configuration().findModule(module.getName()).orElseThrow();
    try (ModuleReader reader = resolved.reference().open()) {
      List<String> classes =
          reader
              .list()
              .filter(r -> r.endsWith(".class") && !r.contains("$") && !r.endsWith("-info.class"))
              .map(r -> r.substring(0, r.length() - ".class".length()).replace('/', '.'))
              .filter(c -> packages.contains(c.substring(0, c.lastIndexOf('.'))))
              .sorted()
              .toList();
      for (String name : classes) {
        Class<?> c = Class.forName(name, false, module.getClassLoader());
        // A public class with a constructor, so deep reflection on it can be tried.
        if (Modifier.isPublic(c.getModifiers()) && c.getDeclaredConstructors().length > 0) {
          return name;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + module, e);
    }
    throw new IllegalStateException("no public class with a constructor in " + packages);
  }

  private static Module module(String name) {
    Optional<Module> module = ModuleLayer.boot().findModule(name);
    check(module.isPresent(), name + " is resolved");
    return module.orElseThrow();
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("check failed: " + what);
    }
  }
}
