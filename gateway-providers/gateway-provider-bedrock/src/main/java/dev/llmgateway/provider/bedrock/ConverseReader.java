package dev.llmgateway.provider.bedrock;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Reads Converse answers into the normalized model.
 *
 * <p>{@code reasoningContent} blocks become reasoning blocks (a signed text, or redacted bytes as
 * base64), never part of the text.
 *
 * <p>Usage: Bedrock reports {@code inputTokens} without the prompt tokens read from or written to
 * the prompt cache ({@code cacheReadInputTokens}, {@code cacheWriteInputTokens}, beside it, all
 * three summing with {@code outputTokens} to {@code totalTokens}). The gateway's {@link Usage}
 * counts all prompt tokens as input, so its input is the sum of the three and the cache counts are
 * parts of it.
 */
final class ConverseReader {
  private ConverseReader() {}

  static ChatResponse chat(ConverseResponse response, String provider, String model) {
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    List<ReasoningBlock> reasoning = new ArrayList<>();
    if (response.output() == null || response.output().message() == null) {
      throw new IllegalStateException("the answer has no output message");
    }
    for (ContentBlock block : response.output().message().content()) {
      if (block.text() != null) {
        text.append(block.text());
      } else if (block.toolUse() != null) {
        ToolUseBlock use = block.toolUse();
        String arguments = use.input() == null ? "{}" : Documents.toJson(use.input());
        calls.add(new ToolCall(use.toolUseId(), use.name(), arguments));
      } else if (block.reasoningContent() != null) {
        reasoning.add(reasoningBlock(block.reasoningContent()));
      }
    }
    String id =
        response.responseMetadata() == null
            ? ""
            : String.valueOf(response.responseMetadata().requestId());
    ChatResponse answer =
        ChatResponse.of(
            id,
            provider,
            model,
            text.toString(),
            calls,
            finishReason(response.stopReasonAsString()),
            usage(response.usage()));
    return reasoning.isEmpty() ? answer : answer.withReasoning(reasoning);
  }

  /** A {@code reasoningContent} block: its text and signature, or its redacted bytes as base64. */
  static ReasoningBlock reasoningBlock(ReasoningContentBlock block) {
    if (block.redactedContent() != null) {
      return ReasoningBlock.redacted(
          Base64.getEncoder().encodeToString(block.redactedContent().asByteArray()));
    }
    ReasoningTextBlock text = block.reasoningText();
    String thinking = text == null || text.text() == null ? "" : text.text();
    return ReasoningBlock.signed(thinking, text == null ? null : text.signature());
  }

  /** Maps Bedrock's stop reason. */
  static FinishReason finishReason(@Nullable String stopReason) {
    if (stopReason == null) {
      return FinishReason.OTHER;
    }
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "guardrail_intervened":
      case "content_filtered":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  /**
   * Normalizes Bedrock's token usage (see the class documentation). A count Bedrock leaves out is
   * not reported, and without a usage block the usage is {@link Usage#NOT_REPORTED}; Converse has
   * no reasoning count.
   */
  static Usage usage(@Nullable TokenUsage usage) {
    if (usage == null) {
      return Usage.NOT_REPORTED;
    }
    EnumSet<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
    if (usage.inputTokens() != null) {
      reported.add(Usage.Count.INPUT);
    }
    if (usage.outputTokens() != null) {
      reported.add(Usage.Count.OUTPUT);
    }
    if (usage.cacheReadInputTokens() != null) {
      reported.add(Usage.Count.CACHED_READ_INPUT);
      reported.add(Usage.Count.INPUT);
    }
    if (usage.cacheWriteInputTokens() != null) {
      reported.add(Usage.Count.CACHE_WRITE_INPUT);
      reported.add(Usage.Count.INPUT);
    }
    long read = orZero(usage.cacheReadInputTokens());
    long write = orZero(usage.cacheWriteInputTokens());
    long input = orZero(usage.inputTokens()) + read + write;
    return new Usage(input, orZero(usage.outputTokens()), read, write, 0, reported);
  }

  private static long orZero(@Nullable Integer value) {
    return value == null ? 0 : value;
  }
}
