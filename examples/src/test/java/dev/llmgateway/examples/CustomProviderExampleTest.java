package dev.llmgateway.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomProviderExampleTest {

  @Test
  void theFaqTypeIsFoundThroughServiceLoaderAndAnswers() {
    try (GatewayClient gateway = CustomProviderExample.client()) {
      ChatRequest request =
          ChatRequest.builder().model("helpdesk").user("Tell me about the circuit breaker").build();

      ChatResponse answer = gateway.chat(request);
      assertThat(answer.text())
          .isEqualTo("A circuit breaker stops calls to a failing service until it recovers.");
      assertThat(answer.route().target()).isEqualTo(new TargetRef("faq", "faq-v1"));

      List<String> deltas = new ArrayList<>();
      try (ChatStream stream = gateway.stream(request)) {
        for (ChatChunk chunk : stream) {
          if (chunk.hasContent()) {
            deltas.add(chunk.text());
          }
        }
        assertThat(String.join("", deltas)).isEqualTo(answer.text());
        assertThat(deltas).hasSizeGreaterThan(5);
        assertThat(stream.response().usage().outputTokens()).isEqualTo(deltas.size());
      }
    }
  }

  @Test
  void theExampleProgramPrintsBothAnswers() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CustomProviderExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Plain:    A circuit breaker stops calls")
        .contains("Streamed: A circuit breaker stops calls");
  }

  @Test
  void twoFactoriesClaimingOneTypeFailNamingBothClasses() {
    assertThatThrownBy(
            () ->
                GatewayClient.builder()
                    .providerFactory(new OtherFaqFactory())
                    .provider("faq", p -> p.type("faq").option("answer.x", "y"))
                    .alias("helpdesk", a -> a.target("faq", "faq-v1"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'faq'")
        .hasMessageContaining(OtherFaqFactory.class.getName())
        .hasMessageContaining("dev.llmgateway.examples.custom.FaqProviderFactory");
  }

  @Test
  void anUnknownTypeListsTheTypesThatWereFound() {
    assertThatThrownBy(() -> GatewayClient.builder().provider("main", p -> p.type("fqa")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'fqa'")
        .hasMessageContaining("faq")
        .hasMessageContaining("openai");
  }

  /** A second factory for the type {@code faq}, as a conflicting plug-in would be. */
  static final class OtherFaqFactory implements ProviderFactory {
    @Override
    public String type() {
      return "faq";
    }

    @Override
    public Provider create(ProviderSettings settings) {
      throw new AssertionError("must not be created");
    }
  }
}
