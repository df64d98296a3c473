package dev.llmgateway.internal.spend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.pricing.TokenEstimator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PromptBoundTest {
  /** Characters drawn for the random prompts: ASCII words, accents, CJK, emoji (pairs). */
  private static final String[] PIECES = {
    "the ",
    "circuit ",
    "breaker",
    ", ",
    ".",
    "\n",
    "  ",
    "é",
    "ü",
    "ß",
    "漢",
    "字",
    "😀",
    "🚀",
    "{\"a\":1}",
    "0123456789",
    "http://x.y/z?q=1",
    "\t",
    "Ωmega",
    "naïve "
  };

  private static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4", "gpt-3.5-turbo");

  @Test
  void boundIsNeverBelowTheDefaultEstimateOfShortPrompts() {
    SplittableRandom random = new SplittableRandom(42);
    TokenEstimator exact = TokenEstimator.defaults();
    int bounded = 0;
    for (int n = 0; n < 500; n++) {
      ChatRequest request = randomRequest(random);
      long bound = PromptBound.chat(request);
      if (bound == PromptBound.NONE) {
        continue;
      }
      bounded++;
      for (String model : MODELS) {
        long estimate = exact.estimateChat("openai", model, request);
        assertThat(bound)
            .as("bound of %s on %s", request.messages(), model)
            .isGreaterThanOrEqualTo(estimate);
      }
      // Anthropic-style models: the calibrated character estimate, also below the bound.
      assertThat(bound)
          .isGreaterThanOrEqualTo(exact.estimateChat("anthropic", "claude-x", request));
    }
    assertThat(bounded).as("random prompts short enough to be bounded").isGreaterThan(300);
  }

  @Test
  void longPromptsAndToolsAreNotBounded() {
    ChatRequest longOne =
        ChatRequest.builder().model("m").user("x".repeat(PromptBound.MAX_CHARS + 1)).build();
    assertThat(PromptBound.chat(longOne)).isEqualTo(PromptBound.NONE);
    ChatRequest atLimit =
        ChatRequest.builder().model("m").user("x".repeat(PromptBound.MAX_CHARS)).build();
    assertThat(PromptBound.chat(atLimit))
        .isEqualTo(PromptBound.MAX_CHARS + PromptBound.PER_MESSAGE + PromptBound.PRIMING);
  }

  @Test
  void utf8BoundCoversEveryEncodedByte() {
    for (String s : List.of("", "abc", "é", "漢字", "😀", "a😀é漢")) {
      assertThat(PromptBound.utf8Bound(s))
          .as(s)
          .isGreaterThanOrEqualTo(s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
  }

  private static ChatRequest randomRequest(SplittableRandom random) {
    ChatRequest.Builder b = ChatRequest.builder().model("m").system(text(random, 0, 40));
    int messages = 1 + random.nextInt(4);
    for (int i = 0; i < messages; i++) {
      switch (random.nextInt(4)) {
        case 0 -> b.message(Message.assistant(text(random, 0, 60)));
        case 1 ->
            b.message(
                Message.assistant(
                    "",
                    List.of(
                        new ToolCall(
                            "c" + i, "lookup", "{\"q\":\"" + text(random, 1, 8) + "\"}"))));
        case 2 ->
            b.message(
                Message.user(
                    ContentPart.text(text(random, 1, 30)),
                    ContentPart.imageUrl("https://example.invalid/i.png")));
        default -> b.message(Message.user(text(random, 1, 80)));
      }
    }
    return b.build();
  }

  private static String text(SplittableRandom random, int min, int max) {
    StringBuilder sb = new StringBuilder();
    int n = min + random.nextInt(max - min + 1);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }
}
