package dev.llmgateway.internal.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.GatewayRequest;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.pricing.MediaPrice;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.pricing.PriceCatalog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The worst cases media attempts reserve and the rules docs/spend-control.md states for them. */
class MediaCostsTest {
  private static ModelPrice bundled(String model) {
    return PriceCatalog.bundled().find("openai", model).orElseThrow();
  }

  @Test
  void perImageModelsReserveNImagesAtTheirSizeAndTheDearestQualityWhenLeftOpen() {
    ModelPrice dalle3 = bundled("dall-e-3");
    MediaPrice m = dalle3.media().orElseThrow();
    ImageRequest two =
        ImageRequest.builder().model("dall-e-3").prompt("x").n(2).size("1024x1024").build();
    MediaCosts.Worst w = MediaCosts.worstCase(new GatewayRequest.Image(two), dalle3, () -> 0);
    assertThat(w).isNotNull();
    assertThat(w.amount()).isEqualTo(m.perImage("1024x1024", null).orElseThrow().times(2));
    assertThat(m.perImage("1024x1024", "hd").orElseThrow())
        .isEqualTo(m.perImage("1024x1024", null).orElseThrow());
  }

  @Test
  void tokenImageModelsReserveThePromptAndTheLargestImageTokens() {
    ModelPrice gptImage = bundled("gpt-image-1");
    MediaPrice m = gptImage.media().orElseThrow();
    ImageRequest open = ImageRequest.builder().model("gpt-image-1").prompt("x").build();
    MediaCosts.Worst w = MediaCosts.worstCase(new GatewayRequest.Image(open), gptImage, () -> 1000);
    Money expected =
        MediaCosts.perMillion(1000, m.imageInputPerMillion().orElseThrow())
            .plus(
                MediaCosts.perMillion(
                    m.imageOutputTokens(null, null).getAsLong(),
                    m.imageOutputPerMillion().orElseThrow()));
    assertThat(w.amount()).isEqualTo(expected);
    assertThat(m.imageOutputTokens(null, null).getAsLong()).isEqualTo(6240);
  }

  @Test
  void transcriptionReservesByDurationPerMinuteOrAsAudioTokensAndIsUnpricedWithoutOne() {
    TranscriptionRequest ninety =
        TranscriptionRequest.builder()
            .model("whisper-1")
            .audio(new byte[] {1}, "a.mp3")
            .duration(Duration.ofSeconds(90))
            .build();
    MediaCosts.Worst whisper =
        MediaCosts.worstCase(new GatewayRequest.Transcribe(ninety), bundled("whisper-1"), () -> 0);
    assertThat(whisper.amount()).isEqualTo(Money.usd("0.009"));

    ModelPrice transcribe = bundled("gpt-4o-transcribe");
    MediaCosts.Worst tokens =
        MediaCosts.worstCase(
            new GatewayRequest.Transcribe(ninety.withModel("gpt-4o-transcribe")),
            transcribe,
            () -> 0);
    long out = transcribe.maxOutputTokens() > 0 ? transcribe.maxOutputTokens() : 2_000;
    Money expected =
        MediaCosts.perMillion(
                900, transcribe.media().orElseThrow().audioInputPerMillion().orElseThrow())
            .plus(MediaCosts.perMillion(out, transcribe.outputPerMillion()));
    assertThat(tokens.amount()).isEqualTo(expected);

    TranscriptionRequest unknown =
        TranscriptionRequest.builder().model("whisper-1").audio(new byte[] {1}, "a.mp3").build();
    assertThat(
            MediaCosts.worstCase(
                new GatewayRequest.Transcribe(unknown), bundled("whisper-1"), () -> 0))
        .isNull();
  }

  @Test
  void speechReservesCharactersOrAudioTokensOverItsLengthAtTheRequestedSpeed() {
    SpeechRequest r =
        SpeechRequest.builder().model("tts-1").input("a".repeat(1200)).voice("alloy").build();
    assertThat(
            MediaCosts.worstCase(new GatewayRequest.Speech(r), bundled("tts-1"), () -> 0).amount())
        .isEqualTo(Money.usd("0.018"));

    ModelPrice tts = bundled("gpt-4o-mini-tts");
    Money audioOut = tts.media().orElseThrow().audioOutputPerMillion().orElseThrow();
    SpeechRequest slow = r.toBuilder().model("gpt-4o-mini-tts").speed(0.5).build();
    // 1200 characters at 12/s, half speed: 200 s of audio, 4000 audio tokens.
    assertThat(MediaCosts.worstCase(new GatewayRequest.Speech(slow), tts, () -> 300).amount())
        .isEqualTo(
            MediaCosts.perMillion(300, tts.inputPerMillion())
                .plus(MediaCosts.perMillion(4000, audioOut)));
    assertThat(MediaCosts.speech(tts, slow, () -> 300).status()).isEqualTo(Cost.Status.ESTIMATED);
    assertThat(MediaCosts.speech(bundled("tts-1"), r, () -> 0))
        .isEqualTo(new Cost(Money.usd("0.018"), Cost.Status.REPORTED));
  }

  @Test
  void aModelWithoutMediaPricesIsUnpriced() {
    ImageRequest r = ImageRequest.builder().model("gpt-4o").prompt("x").build();
    assertThat(MediaCosts.worstCase(new GatewayRequest.Image(r), bundled("gpt-4o"), () -> 0))
        .isNull();
    assertThat(MediaCosts.worstCase(new GatewayRequest.Image(r), null, () -> 0)).isNull();
  }
}
