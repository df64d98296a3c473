package dev.llmgateway;

import static dev.llmgateway.TestSupport.builder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.pricing.ModelPrice;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad prices and bad requests fail with typed exceptions naming what is wrong, never bare NPEs. */
class TypedInputErrorsTest {
  private final ScriptedProvider a = new ScriptedProvider("a");

  @Test
  void aNullDollarAmountInPricesIsAConfigurationError() {
    GatewayClient.Builder b =
        builder(a).prices(p -> p.model("scripted", "m1", Money.usd((String) null), Money.usd("1")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Bad price in prices(...): A dollar amount must not be null (Money.usd(null))")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNullPriceInPricesIsAConfigurationErrorNamingModelAndField() {
    GatewayClient.Builder b =
        builder(a).prices(p -> p.model(ModelPrice.of("scripted", "m1", Money.usd("1"), null)));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Bad price in prices(...): Price of 'scripted/m1': output must not be null");
  }

  @Test
  void aMissingPriceFileInPricesIsAConfigurationErrorNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("prices.json");
    GatewayClient.Builder b = builder(a).prices(p -> p.json(missing));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Price catalog file " + missing.toAbsolutePath() + " does not exist");
  }

  @Test
  void explainValidatesTheRequestAsACallDoes() {
    ChatRequest.Builder tooManyStops = ChatRequest.builder().model("a/m1").user("hi");
    tooManyStops.stop(
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17");
    ChatRequest request = tooManyStops.build();
    try (GatewayClient gateway = builder(a).build()) {
      assertThatThrownBy(() -> gateway.chat(request))
          .isInstanceOf(InvalidRequestException.class)
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("stop");
      assertThatThrownBy(() -> gateway.explain(request))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("17 stop sequences")
          .extracting(e -> ((InvalidRequestException) e).field())
          .isEqualTo("stop");
      assertThatThrownBy(() -> gateway.explainStream(request))
          .isInstanceOf(InvalidRequestException.class);
    }
    assertThat(a.calls).isEmpty();
  }
}
