package dev.llmgateway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --live the demo's providers are the fakes, whatever the file and the environment say. */
class DemoConfigTest {

  @Test
  void everyProviderOfTheFileIsPointedAtItsFakeAndNoKeyVariableIsRead(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("demo.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "providers:",
            "  real:",
            "    type: openai",
            "    baseUrl: https://api.openai.com/v1",
            "    apiKey: ${env:DEMO_CONFIG_TEST_VARIABLE_THAT_IS_NOT_SET}",
            "  claude:",
            "    type: anthropic",
            "    keys: [{id: a, secret: '${env:DEMO_CONFIG_TEST_OTHER_UNSET}'}]",
            "aliases:",
            "  chat:",
            "    targets: [{provider: real, model: gpt-4o-mini}]",
            "    fallbacks: [claude/claude-haiku-4-5]",
            ""),
        StandardCharsets.UTF_8);
    assertThat(System.getenv("DEMO_CONFIG_TEST_VARIABLE_THAT_IS_NOT_SET")).isNull();

    try (FakeProviders fakes = new FakeProviders()) {
      DemoConfig.Faked faked = DemoConfig.faked(file, fakes);
      assertThat(faked.typeOfProvider())
          .containsEntry("real", "openai")
          .containsEntry("claude", "anthropic");
      try (GatewayClient gateway = GatewayClient.builder().config(faked.config()).build()) {
        String answer =
            gateway.chat(ChatRequest.builder().model("chat").user("hello").build()).text();
        assertThat(answer).startsWith("A circuit breaker watches");
      }
      assertThat(fakes.requestCounts())
          .containsExactly("openai-style 1", "anthropic-style 0", "bedrock-style 0");
    }
  }
}
