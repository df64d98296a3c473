package dev.llmgateway.pricing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import org.jspecify.annotations.Nullable;

/** The estimator behind {@link TokenEstimator#defaults()}; see there for the calibration. */
final class DefaultTokenEstimator implements TokenEstimator {
  static final DefaultTokenEstimator INSTANCE = new DefaultTokenEstimator();

  /** Chat format overhead per message on OpenAI models (3 documented, rounded up). */
  static final int OPENAI_TOKENS_PER_MESSAGE = 4;

  /** Tokens that prime the assistant's reply on OpenAI models. */
  static final int OPENAI_REPLY_PRIMING = 3;

  /** Role and separator overhead per message on other models. */
  static final int OTHER_TOKENS_PER_MESSAGE = 5;

  /** Tokens counted for one image. */
  static final int TOKENS_PER_IMAGE = 1600;

  /** Encodings, loaded once on first use. */
  private static final class Encodings2 {
    static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
  }

  private DefaultTokenEstimator() {}

  @Override
  public long estimateChat(String providerType, String model, ChatRequest request) {
    @Nullable Encoding encoding = encoding(providerType, model);
    long tokens = 0;
    int perMessage = encoding == null ? OTHER_TOKENS_PER_MESSAGE : OPENAI_TOKENS_PER_MESSAGE;
    for (Message m : request.messages()) {
      tokens += perMessage;
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.Text t) {
          tokens += count(encoding, t.text());
        } else {
          tokens += TOKENS_PER_IMAGE;
        }
      }
      for (ToolCall call : m.toolCalls()) {
        tokens += count(encoding, call.name()) + count(encoding, call.argumentsJson());
      }
    }
    for (ToolDefinition tool : request.tools()) {
      tokens += perMessage + count(encoding, tool.toString());
    }
    if (encoding != null) {
      tokens += OPENAI_REPLY_PRIMING;
    }
    return Math.max(1, tokens);
  }

  @Override
  public long estimateEmbedding(String providerType, String model, EmbeddingRequest request) {
    @Nullable Encoding encoding = encoding(providerType, model);
    long tokens = 0;
    for (String input : request.inputs()) {
      tokens += count(encoding, input);
    }
    return Math.max(1, tokens);
  }

  @Override
  public long estimateText(String providerType, String model, String text) {
    return count(encoding(providerType, model), text);
  }

  private static long count(@Nullable Encoding encoding, String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if (encoding == null) {
      // chars / 3.5, rounded up: (2 * chars + 6) / 7.
      return (2L * text.length() + 6) / 7;
    }
    return encoding.countTokensOrdinary(text);
  }

  /** The OpenAI encoding of a model, or null for models of other vendors. */
  private static @Nullable Encoding encoding(String providerType, String model) {
    String m = model;
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    if (m.startsWith("gpt-4o")
        || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-")
        || m.startsWith("o1")
        || m.startsWith("o3")
        || m.startsWith("o4")
        || m.startsWith("ft:gpt-4o")
        || m.startsWith("ft:gpt-4.1")) {
      return Encodings2.O200K;
    }
    if (m.startsWith("gpt-") || m.startsWith("text-embedding-") || m.startsWith("ft:gpt-")) {
      return Encodings2.CL100K;
    }
    if ("openai".equals(providerType) && !m.startsWith("gemini") && !m.startsWith("claude")) {
      return Encodings2.O200K;
    }
    return null;
  }
}
