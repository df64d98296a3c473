package dev.llmgateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Usage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCatalogTest {
  private final PriceCatalog bundled = PriceCatalog.bundled();

  @Test
  void bundledCatalogIsVersionedAndCoversEveryProvider() {
    assertThat(bundled.version()).isEqualTo("2026-11");
    assertThat(bundled.find("openai", "gpt-4o-mini").orElseThrow().inputPerMillion())
        .isEqualTo(Money.usd("0.15"));
    assertThat(bundled.find("anthropic", "claude-haiku-4-5").orElseThrow().cacheWritePerMillion())
        .isEqualTo(Money.usd("1.25"));
    assertThat(bundled.find("bedrock", "amazon.nova-pro-v1:0")).isPresent();
    assertThat(bundled.find("gemini", "gemini-2.5-flash")).isPresent();
    assertThat(bundled.find("openai", "text-embedding-3-small").orElseThrow().outputPerMillion())
        .isEqualTo(Money.ZERO);
  }

  @Test
  void datedAndRegionalModelIdsMatchTheirFamilyByPrefix() {
    assertThat(bundled.find("openai", "gpt-4o-2024-08-06").orElseThrow().model())
        .isEqualTo("gpt-4o");
    assertThat(bundled.find("openai", "gpt-4o-mini-2024-07-18").orElseThrow().model())
        .isEqualTo("gpt-4o-mini");
    assertThat(bundled.find("anthropic", "claude-sonnet-4-5-20250929").orElseThrow().model())
        .isEqualTo("claude-sonnet-4-5");
    assertThat(
            bundled
                .find("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")
                .orElseThrow()
                .model())
        .isEqualTo("anthropic.claude-sonnet-4-5");
    // An OpenAI-compatible provider serving a Gemini model finds the Gemini price.
    assertThat(bundled.find("openai", "gemini-2.5-pro").orElseThrow().provider())
        .isEqualTo("gemini");
    assertThat(bundled.find("openai", "gpt-4oo")).isEmpty();
    assertThat(bundled.find("openai", "no-such-model")).isEmpty();
  }

  @Test
  void costIsExactToTheNanoDollar() {
    ModelPrice gpt4o = bundled.find("openai", "gpt-4o").orElseThrow();
    // 600 uncached at $2.50/M + 400 cached at $1.25/M + 200 output at $10/M
    // = 0.0015 + 0.0005 + 0.002 = $0.004
    assertThat(gpt4o.cost(new Usage(1_000, 200, 400, 0, 0))).isEqualTo(Money.usd("0.004"));
    ModelPrice haiku = bundled.find("anthropic", "claude-haiku-4-5").orElseThrow();
    // 7 uncached at $1 + 11 read at $0.10 + 13 written at $1.25 + 17 out at $5, per million
    // = 7000 + 1100 + 16250 + 85000 nano-dollars
    assertThat(haiku.cost(new Usage(31, 17, 11, 13, 0))).isEqualTo(Money.ofNanos(109_350));
  }

  @Test
  void roundsHalfUpOnceOnTheSumNotPerComponent() {
    Money p = Money.usd("0.0000015"); // 1500 nano-dollars per million tokens
    ModelPrice price = ModelPrice.of("x", "m", p, p);
    // 1000 in + 1000 out: 1.5 + 1.5 = exactly 3 nanos (per-component rounding would give 4).
    assertThat(price.cost(Usage.of(1_000, 1_000))).isEqualTo(Money.ofNanos(3));
    assertThat(price.cost(Usage.of(333, 0))).isEqualTo(Money.ZERO); // 0.4995
    assertThat(price.cost(Usage.of(334, 0))).isEqualTo(Money.ofNanos(1)); // 0.501
    assertThat(price.cost(Usage.of(1_000, 0))).isEqualTo(Money.ofNanos(2)); // 1.5 -> 2
  }

  @Test
  void hugeUsageDoesNotOverflow() {
    ModelPrice price = ModelPrice.of("x", "m", Money.usd("1000"), Money.usd("1000"));
    assertThat(price.cost(Usage.of(20_000_000, 0))).isEqualTo(Money.usd("20000"));
  }

  @Test
  void implausiblePricesAreRejectedAtLoadNamingModelAndField() {
    String perToken =
        "{\"version\":\"t\",\"models\":[{\"provider\":\"openai\",\"model\":\"ft-1\","
            + "\"input\":\"2500\",\"output\":\"1\"}]}";
    assertThatThrownBy(() -> load(perToken))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("test.json models[0]")
        .hasMessageContaining("openai/ft-1")
        .hasMessageContaining("input")
        .hasMessageContaining("implausible");
    String tiny =
        "{\"models\":[{\"provider\":\"openai\",\"model\":\"ft-2\","
            + "\"input\":\"1\",\"output\":\"1\",\"cachedRead\":\"0.0000001\"}]}";
    assertThatThrownBy(() -> load(tiny))
        .hasMessageContaining("ft-2")
        .hasMessageContaining("cachedRead");
    assertThatThrownBy(
            () -> load("{\"models\":[{\"provider\":\"a\",\"model\":\"b\",\"input\":\"1\"}]}"))
        .hasMessageContaining("\"output\"");
  }

  @Test
  void builderExtendsAndOverridesTheCatalog() {
    PriceCatalog c =
        bundled.toBuilder()
            .model("openai", "gpt-4o", Money.usd("1"), Money.usd("2"))
            .model("openai", "my-ft-model", Money.usd("3"), Money.usd("4"))
            .alias("openai", "my-alias", "my-ft-model")
            .build();
    assertThat(c.find("openai", "gpt-4o-2024-08-06").orElseThrow().inputPerMillion())
        .isEqualTo(Money.usd("1"));
    assertThat(c.find("openai", "my-alias").orElseThrow().outputPerMillion())
        .isEqualTo(Money.usd("4"));
    assertThat(c.version()).isEqualTo("2026-11");
    assertThat(bundled.find("openai", "my-ft-model")).isEmpty();
  }

  @Test
  void worstCaseChargesInputAtTheHigherOfInputAndCacheWrite() {
    ModelPrice haiku = bundled.find("anthropic", "claude-haiku-4-5").orElseThrow();
    // 1000 in at $1.25 + 100 out at $5 per million
    assertThat(haiku.worstCase(1_000, 100)).isEqualTo(Money.ofNanos(1_250_000 + 500_000));
  }

  @Test
  void estimatorCountsOpenAiTokensExactlyAndOthersHigh() {
    TokenEstimator e = TokenEstimator.defaults();
    ChatRequest r = ChatRequest.builder().model("x").user("hello world").build();
    // o200k: "hello world" is 2 tokens, + 4 per message + 3 reply priming.
    assertThat(e.estimateChat("openai", "gpt-4o", r)).isEqualTo(9);
    // Others: ceil(11 / 3.5) = 4, + 5 per message.
    assertThat(e.estimateChat("anthropic", "claude-haiku-4-5", r)).isEqualTo(9);
    assertThat(e.estimateText("anthropic", "claude-haiku-4-5", "")).isZero();
    assertThat(e.estimateText("openai", "text-embedding-3-small", "hello world")).isEqualTo(2);
  }

  private static PriceCatalog load(String json) {
    return PriceCatalog.builder()
        .json(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json")
        .build();
  }

  @Test
  void aMissingOrMalformedPriceFileIsAConfigurationErrorNamingTheFileAndTheProblem(
      @TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> PriceCatalog.fromJson(missing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Price catalog file " + missing.toAbsolutePath() + " does not exist");

    Path broken =
        Files.writeString(dir.resolve("broken.json"), "{\"models\": [\n  {\"provider\": ");
    assertThatThrownBy(() -> PriceCatalog.fromJson(broken))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Price catalog " + broken + " is not valid JSON at line 2");

    Path noModels = Files.writeString(dir.resolve("no-models.json"), "{\"version\": \"x\"}");
    assertThatThrownBy(() -> PriceCatalog.fromJson(noModels))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Price catalog " + noModels + " has no \"models\" array");

    Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
    assertThatThrownBy(() -> PriceCatalog.fromJson(list))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Price catalog "
                + list
                + " has no \"models\" array: its top level is not a JSON object");

    Path empty = Files.writeString(dir.resolve("empty.json"), "");
    assertThatThrownBy(() -> PriceCatalog.fromJson(empty))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Price catalog " + empty + " is empty");

    Path badEntry =
        Files.writeString(
            dir.resolve("bad-entry.json"),
            "{\"models\": [{\"provider\": \"openai\", \"model\": \"m\", \"input\": \"1\","
                + " \"output\": \"1\"}, {\"provider\": \"openai\", \"model\": \"x\","
                + " \"input\": \"cheap\", \"output\": \"1\"}]}");
    assertThatThrownBy(() -> PriceCatalog.builder().json(badEntry))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Price catalog " + badEntry + " models[1]: 'openai/x'")
        .hasMessageContaining("\"input\"")
        .hasMessageContaining("'cheap'");
  }
}
