package dev.llmgateway.examples.integrations.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.testkit.FakeLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SpringAiChatClientExampleTest {
  @Test
  void callAndStreamFallBackToTheSecondTarget() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (FakeLlmServer fake = FakeLlmServer.start()) {
      SpringAiChatClientExample.script(fake);
      SpringAiChatClientExample.run(fake, new PrintStream(bytes, true, StandardCharsets.UTF_8));
      assertThat(fake.requestCount("gpt-4o-mini")).isEqualTo(2);
      assertThat(fake.requestCount("gpt-4.1-mini")).isEqualTo(2);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("Call:   Spring AI calls went through the gateway's fallback.")
        .contains("answered by openai/gpt-4.1-mini after 2 attempt(s)")
        .contains("Stream: Spring AI calls went through the gateway's fallback.");
  }
}
