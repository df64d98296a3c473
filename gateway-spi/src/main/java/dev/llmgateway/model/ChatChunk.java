package dev.llmgateway.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One piece of a streamed answer. Most chunks carry a text delta; tool-call fragments, the finish
 * reason and the usage arrive on the chunks the provider sends them with, usage normally on the
 * last one.
 *
 * @param id the provider's response id, or {@code null} if this chunk does not carry it
 * @param model the concrete model, or {@code null} if this chunk does not carry it
 * @param text the text delta, possibly empty
 * @param toolCalls tool-call fragments
 * @param finishReason the finish reason, on the chunk that ends the answer, else {@code null}
 * @param usage the cumulative usage of the whole call so far, when the provider reports it, else
 *     {@code null}
 */
public record ChatChunk(
    @Nullable String id,
    @Nullable String model,
    String text,
    List<ToolCallDelta> toolCalls,
    @Nullable FinishReason finishReason,
    @Nullable Usage usage) {

  /**
   * Validates and copies the chunk.
   *
   * @param id the provider's response id, or {@code null} if this chunk does not carry it
   * @param model the concrete model, or {@code null} if this chunk does not carry it
   * @param text the text delta, possibly empty
   * @param toolCalls tool-call fragments
   * @param finishReason the finish reason, on the chunk that ends the answer, else {@code null}
   * @param usage the cumulative usage of the whole call so far, when the provider reports it, else
   *     {@code null}
   * @throws IllegalArgumentException if text or toolCalls is null
   */
  public ChatChunk {
    if (text == null || toolCalls == null) {
      throw new IllegalArgumentException("text and toolCalls must not be null");
    }
    toolCalls = List.copyOf(toolCalls);
  }

  /**
   * A chunk with only a text delta.
   *
   * @param text the delta
   * @return the chunk
   */
  public static ChatChunk text(String text) {
    return new ChatChunk(null, null, text, List.of(), null, null);
  }

  /**
   * Whether this chunk carries content the caller sees: text or a tool-call fragment. A stream is
   * committed to its target once such a chunk has reached the caller.
   *
   * @return {@code true} if the chunk has text or tool-call fragments
   */
  public boolean hasContent() {
    return !text.isEmpty() || !toolCalls.isEmpty();
  }
}
