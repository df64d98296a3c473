package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static dev.llmgateway.TestSupport.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmgateway.error.NoRouteException;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.spi.Capabilities;
import org.junit.jupiter.api.Test;

class AddressingTest {
  private final ScriptedProvider openai = new ScriptedProvider("openai");
  private final ScriptedProvider openrouter = new ScriptedProvider("openrouter");

  private GatewayClient build() {
    return builder(openai, openrouter)
        .alias("fast", a -> a.target("openai", "gpt-4o-mini"))
        .alias("smart", a -> a.target("openai", "gpt-4o"))
        .build();
  }

  @Test
  void sendsProviderSlashModelStraightToThatProvider() {
    try (GatewayClient gateway = build()) {
      ChatResponse response = gateway.chat(request("openai/gpt-4o"));

      assertThat(openai.calls).extracting(ScriptedProvider.Call::model).containsExactly("gpt-4o");
      assertThat(response.route().alias()).isNull();
      assertThat(response.route().target()).isEqualTo(new TargetRef("openai", "gpt-4o"));
    }
  }

  @Test
  void splitsAtTheFirstSlashSoModelsMayContainSlashes() {
    try (GatewayClient gateway = build()) {
      ChatResponse response = gateway.chat(request("openrouter/meta-llama/llama-3"));

      assertThat(openrouter.calls)
          .extracting(ScriptedProvider.Call::model)
          .containsExactly("meta-llama/llama-3");
      assertThat(response.route().target())
          .isEqualTo(new TargetRef("openrouter", "meta-llama/llama-3"));
    }
  }

  @Test
  void unknownModelFailsWithNoRouteListingAliasesAndProviders() {
    try (GatewayClient gateway = build()) {
      NoRouteException e =
          catchThrowableOfType(NoRouteException.class, () -> gateway.chat(request("gpt-5")));

      assertThat(e.model()).isEqualTo("gpt-5");
      assertThat(e.getMessage()).contains("[fast, smart]").contains("[openai, openrouter]");
    }
  }

  @Test
  void providerSlashModelWithAnUnknownProviderFailsWithNoRoute() {
    try (GatewayClient gateway = build()) {
      NoRouteException e =
          catchThrowableOfType(
              NoRouteException.class, () -> gateway.chat(request("mistral/large")));
      assertThat(e.getMessage()).contains("mistral/large").contains("[openai, openrouter]");
    }
  }

  @Test
  void failsWithNoRouteWhenNoTargetHasTheNeededCapability() {
    ScriptedProvider plain = new ScriptedProvider("plain", Capabilities.CHAT_ONLY);
    try (GatewayClient gateway = builder(plain).alias("emb", a -> a.target("plain", "m")).build()) {
      NoRouteException e =
          catchThrowableOfType(
              NoRouteException.class,
              () ->
                  gateway.embed(
                      dev.llmgateway.model.EmbeddingRequest.of("emb", java.util.List.of("x"))));
      assertThat(e.getMessage()).contains("plain/m lacks [embeddings]");
    }
  }
}
