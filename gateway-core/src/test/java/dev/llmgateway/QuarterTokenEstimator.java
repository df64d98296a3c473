package dev.llmgateway;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.pricing.TokenEstimator;

/** A predictable estimator for tests that do token arithmetic: characters / 4, rounded up. */
final class QuarterTokenEstimator implements TokenEstimator {
  static final QuarterTokenEstimator INSTANCE = new QuarterTokenEstimator();

  @Override
  public long estimateChat(String providerType, String model, ChatRequest request) {
    long chars = 0;
    for (Message m : request.messages()) {
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.Text t) {
          chars += t.text().length();
        }
      }
      for (ToolCall call : m.toolCalls()) {
        chars += call.argumentsJson().length();
      }
    }
    return (chars + 3) / 4;
  }

  @Override
  public long estimateEmbedding(String providerType, String model, EmbeddingRequest request) {
    long chars = 0;
    for (String input : request.inputs()) {
      chars += input.length();
    }
    return (chars + 3) / 4;
  }

  @Override
  public long estimateText(String providerType, String model, String text) {
    return (text.length() + 3) / 4;
  }
}
