package dev.llmgateway.server;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Acceptance: {@code java -jar gateway-server.jar --config server.yaml} starts as its own process
 * and the official openai-java client's tests (plain, stream, tools, embeddings, errors) pass
 * against it. Runs in the {@code integration-test} phase, after the jar is built.
 */
class JarIT extends OpenAiSdkTest {
  static final Path JAR = Path.of("target", "gateway-server.jar");

  @Override
  ServerFixture fixture(String extraServerYaml) throws Exception {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError(JAR + " is missing: run the package phase first");
    }
    return new ServerFixture(dir, extraServerYaml, JAR);
  }
}
