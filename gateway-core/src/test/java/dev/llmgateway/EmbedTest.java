package dev.llmgateway;

import static dev.llmgateway.ScriptedProvider.fail;
import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Attempt;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.routing.RoutingStrategy;
import dev.llmgateway.spi.Capabilities;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedTest {
  private final ScriptedProvider chatOnly = new ScriptedProvider("chat", Capabilities.CHAT_ONLY);
  private final ScriptedProvider e1 = new ScriptedProvider("e1");
  private final ScriptedProvider e2 = new ScriptedProvider("e2");

  @Test
  void routesEmbeddingsThroughAliasesSkippingProvidersWithoutEmbeddings() {
    try (GatewayClient gateway =
        builder(chatOnly, e1)
            .alias("emb", a -> a.target("chat", "text-embed", 99).target("e1", "embed-small", 1))
            .build()) {
      EmbeddingResponse response =
          gateway.embed(EmbeddingRequest.of("emb", List.of("first", "second")));

      assertThat(response.embeddings()).hasSize(2);
      assertThat(response.route().alias()).isEqualTo("emb");
      assertThat(response.route().target()).isEqualTo(new TargetRef("e1", "embed-small"));
      assertThat(chatOnly.calls).isEmpty();
    }
  }

  @Test
  void fallsBackForEmbeddingsToo() {
    e1.always("embed-small", fail(ErrorKind.UNAVAILABLE));
    try (GatewayClient gateway =
        builder(e1, e2)
            .retriesPerTarget(0)
            .alias(
                "emb",
                a ->
                    a.target("e1", "embed-small")
                        .target("e2", "embed-large")
                        .strategy(RoutingStrategy.ordered()))
            .build()) {
      EmbeddingResponse response = gateway.embed(EmbeddingRequest.of("emb", List.of("x")));

      assertThat(response.provider()).isEqualTo("e2");
      assertThat(response.route().attempts())
          .extracting(Attempt::errorKind)
          .containsExactly(ErrorKind.UNAVAILABLE, null);
    }
  }

  @Test
  void addressesEmbeddingModelsDirectly() {
    try (GatewayClient gateway = builder(e1).build()) {
      EmbeddingResponse response =
          gateway.embed(EmbeddingRequest.of("e1/text-embedding-3-small", List.of("x")));
      assertThat(e1.calls)
          .extracting(ScriptedProvider.Call::model)
          .containsExactly("text-embedding-3-small");
      assertThat(response.route().alias()).isNull();
    }
  }
}
