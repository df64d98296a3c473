package dev.llmgateway.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The default estimator's bounds: exact up to its limit, extrapolated beyond it. */
class TokenEstimatorLimitsTest {
  private static final Encoding O200K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private final TokenEstimator estimator = TokenEstimator.defaults();

  private static String prose(int chars) {
    StringBuilder sb = new StringBuilder(chars + 64);
    String[] words = {"the", "budget", "reserves", "tokens", "before", "each", "call,", "and"};
    SplittableRandom random = new SplittableRandom(7);
    while (sb.length() < chars) {
      sb.append(words[random.nextInt(words.length)]).append(random.nextInt(9) == 0 ? ". " : " ");
    }
    return sb.substring(0, chars);
  }

  private static String cjk(int chars) {
    StringBuilder sb = new StringBuilder(chars);
    SplittableRandom random = new SplittableRandom(11);
    while (sb.length() < chars) {
      sb.append(sb.length() % 40 == 39 ? ' ' : (char) (0x4e00 + random.nextInt(20_000)));
    }
    return sb.toString();
  }

  @Test
  void textUpToTheExactLimitIsCountedExactlyEvenWhenChunked() {
    String text = prose(DefaultTokenEstimator.EXACT_CHARS);
    assertThat(text.length()).isGreaterThan(DefaultTokenEstimator.CHUNK_CHARS);
    assertThat(estimator.estimateText("openai", "gpt-4o", text))
        .isEqualTo(O200K.countTokensOrdinary(text));
  }

  @Test
  void uniformTextBeyondTheLimitIsExtrapolatedWithinAFewPercent() {
    String text = prose(1_500_000);
    long exact = O200K.countTokensOrdinary(text);
    long estimate = estimator.estimateText("openai", "gpt-4o", text);
    assertThat((double) estimate).isCloseTo(exact, within(exact * 0.03));
  }

  @Test
  void aDenserTailBeyondTheLimitIsCaughtBySampling() {
    // A prose prefix up to the limit, then CJK text at about two tokens per character: charging the
    // tail at the prefix's density would under-estimate it about eightfold.
    String text = prose(DefaultTokenEstimator.EXACT_CHARS) + cjk(200_000);
    long exact = O200K.countTokensOrdinary(text);
    long estimate = estimator.estimateText("openai", "gpt-4o", text);
    assertThat((double) estimate).isCloseTo(exact, within(exact * 0.05));
    assertThat(estimate).isLessThanOrEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void theLimitSpansAllTextsOfOneRequest() {
    // Forty messages of 10,000 characters: the first 26 are exact, the rest extrapolated.
    ChatRequest.Builder b = ChatRequest.builder().model("gpt-4o");
    long exactText = 0;
    for (int i = 0; i < 40; i++) {
      String text = prose(10_000) + " " + i;
      b.user(text);
      exactText += O200K.countTokensOrdinary(text);
    }
    long exact =
        exactText
            + 40 * DefaultTokenEstimator.OPENAI_TOKENS_PER_MESSAGE
            + DefaultTokenEstimator.OPENAI_REPLY_PRIMING;
    long estimate = estimator.estimateChat("openai", "gpt-4o", b.build());
    assertThat((double) estimate).isCloseTo(exact, within(exact * 0.03));
  }

  @Test
  void characterEstimateOfOtherModelsIsUnchangedBySize() {
    String text = prose(2_000_000);
    assertThat(estimator.estimateText("anthropic", "claude-haiku-4-5", text))
        .isEqualTo((2L * text.length() + 6) / 7);
    assertThat(
            estimator.estimateEmbedding(
                "bedrock", "titan-embed-text-v2", EmbeddingRequest.of("e", List.of(text, "x"))))
        .isEqualTo((2L * text.length() + 6) / 7 + 1);
  }

  @Test
  void tokenizerIdsNameTheEncodingSoTargetsOfOneFamilyShareAnEstimate() {
    assertThat(estimator.tokenizerId("openai", "gpt-4o")).isEqualTo("o200k_base");
    assertThat(estimator.tokenizerId("openai", "my-finetune")).isEqualTo("o200k_base");
    assertThat(estimator.tokenizerId("", "gpt-3.5-turbo")).isEqualTo("cl100k_base");
    assertThat(estimator.tokenizerId("anthropic", "claude-haiku-4-5")).isEqualTo("chars/3.5");
    assertThat(estimator.tokenizerId("", "fast")).isEqualTo("chars/3.5");
    TokenEstimator custom =
        new TokenEstimator() {
          @Override
          public long estimateChat(String providerType, String model, ChatRequest request) {
            return 1;
          }

          @Override
          public long estimateEmbedding(
              String providerType, String model, EmbeddingRequest request) {
            return 1;
          }

          @Override
          public long estimateText(String providerType, String model, String text) {
            return 1;
          }
        };
    assertThat(custom.tokenizerId("openai", "gpt-4o")).isEqualTo("openai/gpt-4o");
  }
}
