package dev.llmgateway.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One piece of a streamed answer. Most chunks carry a text delta; tool-call fragments, the finish
 * reason and the usage arrive on the chunks the provider sends them with, usage normally on the
 * last one.
 *
 * <p>A refusal streams as {@link #refusal()} deltas (OpenAI's {@code delta.refusal}), never as
 * text; a provider that signals a refusal only when it stops (Anthropic's {@code stop_reason:
 * "refusal"}) sends it on the finishing chunk, empty when it gives no message. Either way the
 * finish reason is {@link FinishReason#CONTENT_FILTER}.
 *
 * @param id the provider's response id, or {@code null} if this chunk does not carry it
 * @param model the concrete model, or {@code null} if this chunk does not carry it
 * @param text the text delta, possibly empty
 * @param toolCalls tool-call fragments
 * @param finishReason the finish reason, on the chunk that ends the answer, else {@code null}
 * @param usage the cumulative usage of the whole call so far, when the provider reports it, else
 *     {@code null}
 * @param refusal a refusal delta, possibly empty, on a chunk of a refused answer, else {@code null}
 * @param reasoning a piece of a reasoning block (thinking text, or a block's signature or redacted
 *     data), never part of {@code text}, else {@code null}
 */
public record ChatChunk(
    @Nullable String id,
    @Nullable String model,
    String text,
    List<ToolCallDelta> toolCalls,
    @Nullable FinishReason finishReason,
    @Nullable Usage usage,
    @Nullable String refusal,
    @Nullable ReasoningDelta reasoning) {

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
   * @param refusal a refusal delta, possibly empty, on a chunk of a refused answer, else {@code
   *     null}
   * @param reasoning a piece of a reasoning block, else {@code null}
   * @throws IllegalArgumentException if text or toolCalls is null
   */
  public ChatChunk {
    if (text == null || toolCalls == null) {
      throw new IllegalArgumentException("text and toolCalls must not be null");
    }
    toolCalls = List.copyOf(toolCalls);
  }

  /**
   * A chunk without a reasoning piece.
   *
   * @param id the provider's response id, or {@code null} if this chunk does not carry it
   * @param model the concrete model, or {@code null} if this chunk does not carry it
   * @param text the text delta, possibly empty
   * @param toolCalls tool-call fragments
   * @param finishReason the finish reason, on the chunk that ends the answer, else {@code null}
   * @param usage the cumulative usage of the whole call so far, when the provider reports it, else
   *     {@code null}
   * @param refusal a refusal delta, possibly empty, on a chunk of a refused answer, else {@code
   *     null}
   * @throws IllegalArgumentException if text or toolCalls is null
   */
  public ChatChunk(
      @Nullable String id,
      @Nullable String model,
      String text,
      List<ToolCallDelta> toolCalls,
      @Nullable FinishReason finishReason,
      @Nullable Usage usage,
      @Nullable String refusal) {
    this(id, model, text, toolCalls, finishReason, usage, refusal, null);
  }

  /**
   * A chunk without a refusal.
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
  public ChatChunk(
      @Nullable String id,
      @Nullable String model,
      String text,
      List<ToolCallDelta> toolCalls,
      @Nullable FinishReason finishReason,
      @Nullable Usage usage) {
    this(id, model, text, toolCalls, finishReason, usage, null, null);
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
   * A chunk with only a refusal delta.
   *
   * @param refusal the delta, possibly empty
   * @return the chunk
   * @throws IllegalArgumentException if the refusal is null
   */
  public static ChatChunk refusal(String refusal) {
    if (refusal == null) {
      throw new IllegalArgumentException("refusal must not be null");
    }
    return new ChatChunk(null, null, "", List.of(), null, null, refusal, null);
  }

  /**
   * A chunk with only a reasoning piece.
   *
   * @param reasoning the piece
   * @return the chunk
   * @throws IllegalArgumentException if the piece is null
   */
  public static ChatChunk reasoning(ReasoningDelta reasoning) {
    if (reasoning == null) {
      throw new IllegalArgumentException("reasoning must not be null");
    }
    return new ChatChunk(null, null, "", List.of(), null, null, null, reasoning);
  }

  /**
   * The reasoning text this chunk adds, never part of {@link #text()}.
   *
   * @return the reasoning text delta, empty if the chunk carries none
   */
  public String reasoningText() {
    return reasoning == null ? "" : reasoning.text();
  }

  /**
   * Whether this chunk carries content the caller sees: text, a tool-call fragment, a refusal delta
   * or reasoning text. A stream is committed to its target once such a chunk has reached the
   * caller. Preamble chunks (the id and model, a role, an empty part) and reasoning pieces without
   * text (a signature, the thinking of a caller who asked not to see it) are not content.
   *
   * @return {@code true} if the chunk has text, tool-call fragments, refusal text or reasoning text
   */
  public boolean hasContent() {
    return !text.isEmpty()
        || !toolCalls.isEmpty()
        || (refusal != null && !refusal.isEmpty())
        || (reasoning != null && !reasoning.text().isEmpty());
  }
}
