package dev.llmgateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.Usage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceCatalogMediaTest {
  private final PriceCatalog bundled = PriceCatalog.bundled();

  private MediaPrice media(String provider, String model) {
    return bundled.find(provider, model).orElseThrow().media().orElseThrow();
  }

  @Test
  void bundledDallePricesRiseWithSizeAndQuality() {
    MediaPrice dalle3 = media("openai", "dall-e-3");
    assertThat(dalle3.perImage("1024x1024", "standard")).contains(Money.usd("0.04"));
    assertThat(dalle3.perImage("1024x1792", "hd").orElseThrow())
        .isGreaterThan(dalle3.perImage("1024x1024", "standard").orElseThrow())
        .isEqualTo(Money.usd("0.12"));
    assertThat(dalle3.perImage("1792x1024", "standard")).contains(Money.usd("0.08"));
    assertThat(dalle3.perImage(null, null)).contains(Money.usd("0.12"));
    MediaPrice dalle2 = media("openai", "dall-e-2");
    Money small = dalle2.perImage("256x256", null).orElseThrow();
    Money medium = dalle2.perImage("512x512", "standard").orElseThrow();
    Money large = dalle2.perImage("1024x1024", "standard").orElseThrow();
    assertThat(small).isLessThan(medium);
    assertThat(medium).isLessThan(large);
    assertThat(large).isEqualTo(Money.usd("0.02"));
  }

  @Test
  void bundledGptImageTokensReproduceTheOfficialPerImagePrices() {
    ModelPrice gptImage = bundled.find("openai", "gpt-image-1").orElseThrow();
    MediaPrice m = gptImage.media().orElseThrow();
    assertThat(gptImage.inputPerMillion()).isEqualTo(Money.usd("5"));
    assertThat(m.imageInputPerMillion()).contains(Money.usd("10"));
    assertThat(m.imageOutputPerMillion()).contains(Money.usd("40"));
    assertThat(m.perImage(null, null)).isEmpty();
    // Official per-image prices (the page rounds them to two or three significant figures) are
    // the output tokens at $40 per million, within 2.5%.
    String[][] official = {
      {"1024x1024", "low", "0.011"},
      {"1024x1536", "low", "0.016"},
      {"1536x1024", "low", "0.016"},
      {"1024x1024", "medium", "0.042"},
      {"1024x1536", "medium", "0.063"},
      {"1536x1024", "medium", "0.063"},
      {"1024x1024", "high", "0.167"},
      {"1024x1536", "high", "0.25"},
      {"1536x1024", "high", "0.25"},
    };
    long perMillion = m.imageOutputPerMillion().orElseThrow().nanos();
    for (String[] row : official) {
      long tokens = m.imageOutputTokens(row[0], row[1]).orElseThrow();
      long nanos = tokens * perMillion / 1_000_000;
      long officialNanos = Money.usd(row[2]).nanos();
      assertThat(Math.abs(nanos - officialNanos) * 1000)
          .as("%s %s: %d tokens cost %d nano-dollars", row[0], row[1], tokens, nanos)
          .isLessThanOrEqualTo(officialNanos * 25);
    }
    assertThat(m.imageOutputTokens(null, null)).isEqualTo(OptionalLong.of(6240));
    // The model's token prices cost a reported image usage right: 20 text in, 1056 image out.
    assertThat(gptImage.cost(Usage.of(20, 1056))).isEqualTo(Money.usd("0.04234"));
  }

  @Test
  void bundledAudioPricesArePresentAndPlausible() {
    assertThat(media("openai", "whisper-1").perMinute()).contains(Money.usd("0.006"));
    ModelPrice transcribe = bundled.find("openai", "gpt-4o-transcribe").orElseThrow();
    assertThat(transcribe.inputPerMillion()).isEqualTo(Money.usd("2.50"));
    assertThat(transcribe.outputPerMillion()).isEqualTo(Money.usd("10"));
    assertThat(transcribe.media().orElseThrow().audioInputPerMillion().orElseThrow())
        .isEqualTo(Money.usd("6"))
        .isGreaterThan(transcribe.inputPerMillion());
    ModelPrice mini = bundled.find("openai", "gpt-4o-mini-transcribe").orElseThrow();
    assertThat(mini.media().orElseThrow().audioInputPerMillion().orElseThrow())
        .isLessThan(transcribe.media().orElseThrow().audioInputPerMillion().orElseThrow());
    ModelPrice tts = bundled.find("openai", "gpt-4o-mini-tts").orElseThrow();
    assertThat(tts.inputPerMillion()).isEqualTo(Money.usd("0.60"));
    assertThat(tts.media().orElseThrow().audioOutputPerMillion()).contains(Money.usd("12"));
    Money tts1 = media("openai", "tts-1").perMillionCharacters().orElseThrow();
    assertThat(tts1).isEqualTo(Money.usd("15"));
    assertThat(media("openai", "tts-1-hd").perMillionCharacters()).contains(tts1.times(2));
    // Media-only models have no token prices.
    assertThat(bundled.find("openai", "whisper-1").orElseThrow().inputPerMillion())
        .isEqualTo(Money.ZERO);
  }

  @Test
  void bundledBedrockImagePricesFollowTheirTiers() {
    MediaPrice canvas = media("bedrock", "amazon.nova-canvas-v1:0");
    assertThat(canvas.perImage("1024x1024", "standard")).contains(Money.usd("0.04"));
    assertThat(canvas.perImage("2048x2048", "premium")).contains(Money.usd("0.08"));
    assertThat(canvas.perImage("1280x720", "standard")).contains(Money.usd("0.06"));
    // The SPI's HD reaches Bedrock as premium.
    assertThat(canvas.perImage("512x512", "hd")).contains(Money.usd("0.06"));
    assertThat(bundled.find("bedrock", "us.amazon.nova-canvas-v1:0").orElseThrow().media())
        .contains(canvas);
    assertThat(bundled.find("bedrock", "nova-canvas").orElseThrow().media()).contains(canvas);
    MediaPrice titan = media("bedrock", "amazon.titan-image-generator-v2:0");
    assertThat(titan.perImage("512x512", "standard")).contains(Money.usd("0.008"));
    assertThat(titan.perImage("768x768", "premium")).contains(Money.usd("0.012"));
    assertThat(titan.perImage(null, null)).contains(Money.usd("0.012"));
    assertThat(bundled.find("bedrock", "titan-image-generator-v2").orElseThrow().media())
        .contains(titan);
  }

  @ParameterizedTest
  @CsvSource({
    "gpt-4o-mini-tts, gpt-4o-mini-tts",
    "gpt-4o-mini-tts-2025-12-15, gpt-4o-mini-tts",
    "gpt-4o-mini-transcribe, gpt-4o-mini-transcribe",
    "gpt-4o-transcribe, gpt-4o-transcribe",
    "gpt-4o-mini, gpt-4o-mini",
  })
  void mediaModelsAreNotMistakenForTheChatModelTheirNameStartsWith(String id, String priced) {
    ModelPrice p = bundled.find("openai", id).orElseThrow();
    assertThat(p.model()).isEqualTo(priced);
    assertThat(p.media().isPresent()).isEqualTo(!priced.equals("gpt-4o-mini"));
  }

  @Test
  void jsonMediaIsReadAndAMediaOnlyEntryNeedsNoTokenPrices() {
    PriceCatalog c =
        load(
            "{\"models\": ["
                + "{\"provider\": \"openai\", \"model\": \"img\", \"input\": \"5\", \"output\":"
                + " \"40\", \"media\": {\"imageInputPerMillion\": \"10\","
                + " \"imageOutputPerMillion\": 40, \"imageOutputTokens\": {\"1024x1024\":"
                + " {\"low\": 272}}}},"
                + "{\"provider\": \"openai\", \"model\": \"pic\", \"aliases\": [\"pic-x\"],"
                + " \"media\": {\"perImage\": {\"1024x1024\": {\"standard\": \"0.04\", \"hd\":"
                + " \"0.08\"}}}},"
                + "{\"provider\": \"openai\", \"model\": \"stt\", \"media\": {\"perMinute\":"
                + " \"0.006\", \"audioInputPerMillion\": \"6\"}},"
                + "{\"provider\": \"openai\", \"model\": \"tts\", \"input\": \"0.6\", \"media\":"
                + " {\"audioOutputPerMillion\": \"12\", \"perMillionCharacters\": \"15\"}},"
                + "{\"provider\": \"openai\", \"model\": \"chat\", \"input\": \"1\", \"output\":"
                + " \"2\", \"media\": null}]}");
    ModelPrice img = c.find("openai", "img").orElseThrow();
    assertThat(img.inputPerMillion()).isEqualTo(Money.usd("5"));
    assertThat(img.media().orElseThrow())
        .isEqualTo(
            MediaPrice.builder()
                .imageInputPerMillion(Money.usd("10"))
                .imageOutputPerMillion(Money.usd("40"))
                .imageOutputTokens("1024x1024", "low", 272)
                .build());
    ModelPrice pic = c.find("openai", "pic-x").orElseThrow();
    assertThat(pic.inputPerMillion()).isEqualTo(Money.ZERO);
    assertThat(pic.outputPerMillion()).isEqualTo(Money.ZERO);
    assertThat(pic.media().orElseThrow().perImage("1024x1024", "hd")).contains(Money.usd("0.08"));
    MediaPrice stt = c.find("openai", "stt").orElseThrow().media().orElseThrow();
    assertThat(stt.perMinute()).contains(Money.usd("0.006"));
    assertThat(stt.audioInputPerMillion()).contains(Money.usd("6"));
    ModelPrice tts = c.find("openai", "tts").orElseThrow();
    assertThat(tts.inputPerMillion()).isEqualTo(Money.usd("0.6"));
    assertThat(tts.outputPerMillion()).isEqualTo(Money.ZERO);
    assertThat(tts.media().orElseThrow().perMillionCharacters()).contains(Money.usd("15"));
    assertThat(c.find("openai", "chat").orElseThrow().media()).isEmpty();
    // Without media, token prices stay required.
    assertThatThrownBy(() -> load("{\"models\": [{\"provider\": \"a\", \"model\": \"b\"}]}"))
        .hasMessageContaining("'a/b' has no \"input\" price");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"perImages": {}}                                  | unknown field "media.perImages" (known: audioInputPerMillion
          {}                                                 | empty "media"
          "cheap"                                            | bad "media": must be an object, was STRING
          {"perImage": []}                                   | bad "media.perImage": must be an object of sizes
          {"perImage": {"1024x1024": "0.04"}}                | bad "media.perImage."1024x1024"": must be an object of qualities
          {"perImage": {"1024": {"hd": "0.04"}}}             | bad "media.perImage."1024".hd": perImage size must be WIDTHxHEIGHT
          {"perImage": {"1024x1024": {"auto": "0.04"}}}      | bad "media.perImage."1024x1024".auto": perImage quality
          {"perImage": {"1024x1024": {"hd": "cheap"}}}       | bad "media.perImage."1024x1024".hd" price: Not a dollar amount: 'cheap'
          {"perImage": {"1024x1024": {"hd": "-0.04"}}}       | bad "media.perImage."1024x1024".hd": perImage 1024x1024/hd must not be negative
          {"perImage": {"1024x1024": {"hd": true}}}          | bad "media.perImage."1024x1024".hd": must be a decimal string in US dollars
          {"imageOutputTokens": {"1024x1024": {"low": "272"}}} | bad "media.imageOutputTokens."1024x1024".low": must be a whole number of tokens, was '272'
          {"imageOutputTokens": {"1024x1024": {"low": 27.5}}}  | bad "media.imageOutputTokens."1024x1024".low": must be a whole number of tokens, was 27.5
          {"imageOutputTokens": {"1024x1024": {"low": 0}}}     | bad "media.imageOutputTokens."1024x1024".low": imageOutputTokens 1024x1024/low must be positive
          {"perMinute": "-1"}                                | bad "media.perMinute": perMinute must not be negative
          {"perMinute": {}}                                  | bad "media.perMinute": must be a decimal string in US dollars, such as "0.04", was OBJECT
          {"audioOutputPerMillion": "12000"}                 | bad "media.audioOutputPerMillion": audioOutputPerMillion of $12000.000000000 per million is implausible
          {"perMillionCharacters": "0.0000001"}              | bad "media.perMillionCharacters": perMillionCharacters of $0.000000100 per million is implausible
          """)
  void badJsonMediaFailsNamingTheEntryAndTheField(String media, String expected) {
    String json =
        "{\"models\": [{\"provider\": \"openai\", \"model\": \"m0\", \"input\": \"1\", \"output\":"
            + " \"1\"}, {\"provider\": \"openai\", \"model\": \"pic\", \"media\": "
            + media
            + "}]}";
    assertThatThrownBy(() -> load(json))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Price catalog test.json models[1]: 'openai/pic' ")
        .hasMessageContaining(expected);
  }

  @Test
  void theBuilderSetsMediaOnAnEntryOrAddsAMediaOnlyOne() {
    MediaPrice whisper = MediaPrice.builder().perMinute(Money.usd("0.005")).build();
    MediaPrice transcribe = MediaPrice.builder().audioInputPerMillion(Money.usd("7")).build();
    PriceCatalog c =
        bundled.toBuilder()
            .media("openai", "whisper-1", whisper)
            .media("openai", "gpt-4o-transcribe", transcribe)
            .media("openai", "my-stt", whisper)
            .alias("openai", "my-stt-alias", "my-stt")
            .build();
    assertThat(c.find("openai", "whisper-1").orElseThrow().media()).contains(whisper);
    ModelPrice t = c.find("openai", "gpt-4o-transcribe").orElseThrow();
    assertThat(t.media()).contains(transcribe);
    assertThat(t.inputPerMillion()).isEqualTo(Money.usd("2.50"));
    assertThat(t.contextWindow()).isEqualTo(16_000);
    ModelPrice mine = c.find("openai", "my-stt-alias").orElseThrow();
    assertThat(mine.inputPerMillion()).isEqualTo(Money.ZERO);
    assertThat(mine.media()).contains(whisper);
    // toBuilder keeps media; the bundled catalog is unchanged.
    assertThat(c.toBuilder().build().find("openai", "my-stt").orElseThrow().media())
        .contains(whisper);
    assertThat(media("openai", "whisper-1").perMinute()).contains(Money.usd("0.006"));
    // An empty media price removes the entry's media prices.
    PriceCatalog none =
        c.toBuilder().media("openai", "whisper-1", MediaPrice.builder().build()).build();
    assertThat(none.find("openai", "whisper-1").orElseThrow().media()).isEmpty();
    assertThatThrownBy(() -> PriceCatalog.builder().media("openai", "x", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The media price of 'openai/x' must not be null");
    assertThatThrownBy(() -> PriceCatalog.builder().media("openai", " ", whisper))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a provider and a model");
  }

  private static PriceCatalog load(String json) {
    return PriceCatalog.builder()
        .json(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json")
        .build();
  }
}
