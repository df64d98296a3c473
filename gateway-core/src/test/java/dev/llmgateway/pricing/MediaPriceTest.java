package dev.llmgateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.model.Money;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MediaPriceTest {
  /** DALL-E 3 style: exact sizes, two qualities. */
  private static final MediaPrice DALLE3 =
      MediaPrice.builder()
          .perImage("1024x1024", "standard", Money.usd("0.04"))
          .perImage("1024x1024", "hd", Money.usd("0.08"))
          .perImage("1024x1792", "standard", Money.usd("0.08"))
          .perImage("1024x1792", "hd", Money.usd("0.12"))
          .perImage("1792x1024", "standard", Money.usd("0.08"))
          .perImage("1792x1024", "hd", Money.usd("0.12"))
          .build();

  /** Nova Canvas style: "up to" tiers. */
  private static final MediaPrice CANVAS =
      MediaPrice.builder()
          .perImage("1024x1024", "standard", Money.usd("0.04"))
          .perImage("1024x1024", "premium", Money.usd("0.06"))
          .perImage("2048x2048", "standard", Money.usd("0.06"))
          .perImage("2048x2048", "premium", Money.usd("0.08"))
          .build();

  @Test
  void anExactSizeAndQualityIsItsOwnPrice() {
    assertThat(DALLE3.perImage("1024x1024", "standard")).contains(Money.usd("0.04"));
    assertThat(DALLE3.perImage("1792x1024", "hd")).contains(Money.usd("0.12"));
    assertThat(DALLE3.perImage("1024X1024", " HD ")).contains(Money.usd("0.08"));
  }

  @Test
  void anUnknownSizeOrQualityCostsTheMostExpensiveMatchingEntry() {
    assertThat(DALLE3.perImage(null, null)).contains(Money.usd("0.12"));
    assertThat(DALLE3.perImage("auto", "auto")).contains(Money.usd("0.12"));
    // Size known, quality not: the dearest quality of that size.
    assertThat(DALLE3.perImage("1024x1024", null)).contains(Money.usd("0.08"));
    assertThat(DALLE3.perImage("1024x1024", "auto")).contains(Money.usd("0.08"));
    // A quality the model is not priced for is unknown too.
    assertThat(DALLE3.perImage("1024x1024", "ultra")).contains(Money.usd("0.08"));
    // Quality known, size not: the dearest size of that quality.
    assertThat(DALLE3.perImage(null, "standard")).contains(Money.usd("0.08"));
    assertThat(DALLE3.perImage("square", "standard")).contains(Money.usd("0.08"));
  }

  @Test
  void aSizeBetweenTiersIsPricedAtTheSmallestTierCoveringBothDimensions() {
    assertThat(CANVAS.perImage("512x512", "standard")).contains(Money.usd("0.04"));
    assertThat(CANVAS.perImage("1024x768", "standard")).contains(Money.usd("0.04"));
    // Fewer pixels than 1024x1024, but 1280 is wider than that tier: the 2048 tier.
    assertThat(CANVAS.perImage("1280x720", "standard")).contains(Money.usd("0.06"));
    assertThat(CANVAS.perImage("2048x2048", "premium")).contains(Money.usd("0.08"));
    // Larger than every tier: the dearest entry of the quality.
    assertThat(CANVAS.perImage("4096x1024", "standard")).contains(Money.usd("0.06"));
    // Exact OpenAI sizes follow the same rule: a portrait fits only the portrait size.
    assertThat(DALLE3.perImage("1000x1700", "standard")).contains(Money.usd("0.08"));
    assertThat(DALLE3.perImage("512x512", "standard")).contains(Money.usd("0.04"));
  }

  @Test
  void ofCoveringTiersOfEqualAreaTheDearerWins() {
    MediaPrice p =
        MediaPrice.builder()
            .perImage("1024x1536", "low", Money.usd("0.016"))
            .perImage("1536x1024", "low", Money.usd("0.017"))
            .perImage("2048x2048", "low", Money.usd("0.05"))
            .build();
    assertThat(p.perImage("1000x1000", "low")).contains(Money.usd("0.017"));
    assertThat(p.perImage("1500x1000", "low")).contains(Money.usd("0.017"));
    assertThat(p.perImage("1000x1500", "low")).contains(Money.usd("0.016"));
  }

  @Test
  void hdAndPremiumNameTheSameTier() {
    assertThat(CANVAS.perImage("1024x1024", "hd")).contains(Money.usd("0.06"));
    assertThat(DALLE3.perImage("1024x1024", "premium")).contains(Money.usd("0.08"));
  }

  @Test
  void outputTokensPerImageFollowTheSameRule() {
    MediaPrice p =
        MediaPrice.builder()
            .imageOutputTokens("1024x1024", "low", 272)
            .imageOutputTokens("1024x1024", "high", 4160)
            .imageOutputTokens("1024x1536", "high", 6240)
            .imageOutputTokens("1536x1024", "high", 6208)
            .build();
    assertThat(p.imageOutputTokens("1024x1024", "low")).isEqualTo(OptionalLong.of(272));
    assertThat(p.imageOutputTokens(null, null)).isEqualTo(OptionalLong.of(6240));
    assertThat(p.imageOutputTokens("auto", "low")).isEqualTo(OptionalLong.of(272));
    assertThat(p.imageOutputTokens("1024x1024", "auto")).isEqualTo(OptionalLong.of(4160));
    assertThat(p.imageOutputTokens("1200x800", "high")).isEqualTo(OptionalLong.of(6208));
    assertThat(p.perImage("1024x1024", "low")).isEmpty();
    assertThat(DALLE3.imageOutputTokens(null, null)).isEmpty();
  }

  @Test
  void partsThatAreNotSetAreEmpty() {
    MediaPrice whisper = MediaPrice.builder().perMinute(Money.usd("0.006")).build();
    assertThat(whisper.isEmpty()).isFalse();
    assertThat(whisper.perMinute()).contains(Money.usd("0.006"));
    assertThat(whisper.perImage(null, null)).isEmpty();
    assertThat(whisper.imageInputPerMillion()).isEmpty();
    assertThat(whisper.imageOutputPerMillion()).isEmpty();
    assertThat(whisper.audioInputPerMillion()).isEmpty();
    assertThat(whisper.audioOutputPerMillion()).isEmpty();
    assertThat(whisper.perMillionCharacters()).isEmpty();
    assertThat(MediaPrice.builder().build().isEmpty()).isTrue();
    MediaPrice all =
        MediaPrice.builder()
            .imageInputPerMillion(Money.usd("10"))
            .imageOutputPerMillion(Money.usd("40"))
            .audioInputPerMillion(Money.usd("6"))
            .audioOutputPerMillion(Money.usd("12"))
            .perMillionCharacters(Money.usd("15"))
            .build();
    assertThat(all.imageInputPerMillion()).contains(Money.usd("10"));
    assertThat(all.imageOutputPerMillion()).contains(Money.usd("40"));
    assertThat(all.audioInputPerMillion()).contains(Money.usd("6"));
    assertThat(all.audioOutputPerMillion()).contains(Money.usd("12"));
    assertThat(all.perMillionCharacters()).contains(Money.usd("15"));
    assertThat(all.perMinute()).isEmpty();
  }

  @Test
  void badValuesAreRefusedAtOnceNamingTheField() {
    MediaPrice.Builder b = MediaPrice.builder();
    assertThatThrownBy(() -> b.perImage("1024x1024", "hd", Money.usd("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("perImage 1024x1024/hd")
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> b.perImage("1024", "hd", Money.usd("0.01")))
        .hasMessageContaining("perImage size")
        .hasMessageContaining("'1024'");
    assertThatThrownBy(() -> b.perImage("auto", "hd", Money.usd("0.01")))
        .hasMessageContaining("perImage size");
    assertThatThrownBy(() -> b.perImage("1024x1024", " ", Money.usd("0.01")))
        .hasMessageContaining("perImage quality");
    assertThatThrownBy(() -> b.perImage("1024x1024", "auto", Money.usd("0.01")))
        .hasMessageContaining("perImage quality")
        .hasMessageContaining("'auto'");
    assertThatThrownBy(() -> b.perImage("1024x1024", "hd", null))
        .hasMessageContaining("perImage 1024x1024/hd must not be null");
    assertThatThrownBy(() -> b.imageOutputTokens("1024x1024", "low", 0))
        .hasMessageContaining("imageOutputTokens 1024x1024/low must be positive, was 0");
    assertThatThrownBy(() -> b.imageOutputTokens("0x1024", "low", 1))
        .hasMessageContaining("imageOutputTokens size");
    assertThatThrownBy(() -> b.perMinute(Money.usd("-1")))
        .hasMessageContaining("perMinute must not be negative");
    assertThatThrownBy(() -> b.perMinute(null)).hasMessageContaining("perMinute must not be null");
    assertThatThrownBy(() -> b.imageOutputPerMillion(Money.usd("40000")))
        .hasMessageContaining("imageOutputPerMillion")
        .hasMessageContaining("implausible");
    assertThatThrownBy(() -> b.audioInputPerMillion(Money.ofNanos(1)))
        .hasMessageContaining("audioInputPerMillion")
        .hasMessageContaining("implausible");
    assertThatThrownBy(() -> b.imageInputPerMillion(Money.usd("-1")))
        .hasMessageContaining("imageInputPerMillion must not be negative");
    assertThatThrownBy(() -> b.audioOutputPerMillion(null))
        .hasMessageContaining("audioOutputPerMillion must not be null");
    assertThatThrownBy(() -> b.perMillionCharacters(Money.usd("15000")))
        .hasMessageContaining("perMillionCharacters")
        .hasMessageContaining("implausible");
    // Nothing bad was kept.
    assertThat(b.build().isEmpty()).isTrue();
  }

  @Test
  void laterEntriesReplaceEarlierOnesAndTheBuiltPriceDoesNotChange() {
    MediaPrice.Builder b =
        MediaPrice.builder()
            .perImage("1024x1024", "standard", Money.usd("0.04"))
            .perImage("1024X1024", "Standard", Money.usd("0.05"));
    MediaPrice built = b.build();
    b.perImage("1024x1024", "standard", Money.usd("0.09"));
    assertThat(built.perImage("1024x1024", "standard")).contains(Money.usd("0.05"));
    assertThat(b.build().perImage("1024x1024", "standard")).contains(Money.usd("0.09"));
  }

  @Test
  void equalContentIsEqualWhateverTheOrderOfTheSetters() {
    MediaPrice a =
        MediaPrice.builder()
            .perImage("1024x1024", "hd", Money.usd("0.08"))
            .perImage("1024x1024", "standard", Money.usd("0.04"))
            .perMinute(Money.usd("0.006"))
            .build();
    MediaPrice b =
        MediaPrice.builder()
            .perMinute(Money.usd("0.006"))
            .perImage("1024x1024", "standard", Money.usd("0.04"))
            .perImage("1024x1024", "HD", Money.usd("0.08"))
            .build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a)
        .isNotEqualTo(
            MediaPrice.builder()
                .perImage("1024x1024", "hd", Money.usd("0.08"))
                .perImage("1024x1024", "standard", Money.usd("0.04"))
                .perMinute(Money.usd("0.007"))
                .build());
    assertThat(a).isNotEqualTo(MediaPrice.builder().perMinute(Money.usd("0.006")).build());
    assertThat(MediaPrice.builder().imageOutputTokens("1024x1024", "low", 272).build())
        .isNotEqualTo(MediaPrice.builder().imageOutputTokens("1024x1024", "low", 273).build());
    assertThat(a.toString())
        .isEqualTo(
            "MediaPrice{perImage={1024x1024/hd=$0.080000000, 1024x1024/standard=$0.040000000},"
                + " perMinute=$0.006000000}");
  }

  @Test
  void aModelPriceCarriesItsMediaPriceInEqualityAndText() {
    MediaPrice whisper = MediaPrice.builder().perMinute(Money.usd("0.006")).build();
    ModelPrice plain = ModelPrice.of("openai", "whisper-1", Money.ZERO, Money.ZERO);
    ModelPrice priced = plain.withMedia(whisper);
    assertThat(plain.media()).isEmpty();
    assertThat(priced.media()).contains(whisper);
    assertThat(priced).isNotEqualTo(plain);
    assertThat(priced)
        .isEqualTo(plain.withMedia(whisper))
        .hasSameHashCodeAs(plain.withMedia(whisper));
    assertThat(priced.toString()).contains("perMinute=$0.006000000");
    assertThat(priced.withModel("whisper-x").media()).contains(whisper);
    // An empty media price is no media price.
    assertThat(priced.withMedia(MediaPrice.builder().build())).isEqualTo(plain);
    assertThat(priced.withMedia(null)).isEqualTo(plain);
    // The eight-argument constructor still works and has no media.
    assertThat(new ModelPrice("x", "m", Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, 0, 0))
        .isEqualTo(ModelPrice.of("x", "m", Money.ZERO, Money.ZERO))
        .extracting(ModelPrice::media)
        .isEqualTo(Optional.empty());
    assertThatThrownBy(
            () ->
                new ModelPrice(
                    "x", "m", Money.ZERO, Money.ZERO, Money.ZERO, Money.ZERO, 0, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("media must not be null");
  }
}
