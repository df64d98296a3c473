package dev.llmgateway.examples.integrations.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.testkit.FakeLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LangChain4jAssistantTest {
  @Test
  void theAssistantUsesItsToolAndItsDocumentsThroughTheFallback() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FakeLlmServer fake = FakeLlmServer.start()) {
      LangChain4jAssistant.script(fake);
      LangChain4jAssistant.run(fake, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("A: 6 times 7 is 42.")
        .contains("answered by openai/gpt-4.1-mini after 2 attempt(s); tools run: 1; sources: 1")
        .contains("A: Budgets reserve the worst case before a call and settle after it.")
        .contains("tools run: 0; sources: 1");
  }
}
