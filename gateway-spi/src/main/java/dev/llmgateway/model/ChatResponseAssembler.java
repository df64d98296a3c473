package dev.llmgateway.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Joins the chunks of a stream into the {@link ChatResponse} a plain call would have returned: text
 * deltas concatenated, refusal deltas concatenated into the refusal, tool-call fragments
 * reassembled by index into whole calls, reasoning pieces reassembled by index into {@link
 * ReasoningBlock}s, the last finish reason and the last (cumulative) usage kept.
 *
 * <pre>{@code
 * ChatResponseAssembler assembler = new ChatResponseAssembler();
 * for (ChatChunk chunk : chunks) assembler.add(chunk);
 * ChatResponse whole = assembler.build("openai", "gpt-4o-mini");
 * }</pre>
 *
 * <p>Not thread-safe: one assembler per stream, fed from the thread that reads the stream.
 */
public final class ChatResponseAssembler {
  private final StringBuilder text = new StringBuilder();
  private @Nullable StringBuilder refusal;
  private final Map<Integer, ToolCallParts> toolCalls = new TreeMap<>();
  private final Map<Integer, ReasoningParts> reasoning = new TreeMap<>();
  private @Nullable String id;
  private @Nullable String model;
  private @Nullable FinishReason finishReason;
  private @Nullable Usage usage;
  private int chunks;

  /** Creates an empty assembler. */
  public ChatResponseAssembler() {}

  /**
   * Adds the next chunk.
   *
   * @param chunk the chunk, in stream order
   */
  public void add(ChatChunk chunk) {
    chunks++;
    if (id == null && chunk.id() != null) {
      id = chunk.id();
    }
    if (chunk.model() != null) {
      model = chunk.model();
    }
    text.append(chunk.text());
    if (chunk.refusal() != null) {
      if (refusal == null) {
        refusal = new StringBuilder();
      }
      refusal.append(chunk.refusal());
    }
    for (ToolCallDelta delta : chunk.toolCalls()) {
      ToolCallParts parts = toolCalls.computeIfAbsent(delta.index(), i -> new ToolCallParts());
      if (delta.id() != null && parts.id == null) {
        parts.id = delta.id();
      }
      if (delta.name() != null && !delta.name().isEmpty()) {
        parts.name = parts.name == null ? delta.name() : parts.name;
      }
      parts.arguments.append(delta.argumentsDelta());
    }
    ReasoningDelta piece = chunk.reasoning();
    if (piece != null) {
      ReasoningParts parts = reasoning.computeIfAbsent(piece.index(), i -> new ReasoningParts());
      parts.text.append(piece.text());
      parts.signature = piece.signature() != null ? piece.signature() : parts.signature;
      parts.redacted = piece.redactedData() != null ? piece.redactedData() : parts.redacted;
      parts.id = piece.id() != null ? piece.id() : parts.id;
      parts.encrypted =
          piece.encryptedContent() != null ? piece.encryptedContent() : parts.encrypted;
    }
    if (chunk.finishReason() != null) {
      finishReason = chunk.finishReason();
    }
    if (chunk.usage() != null) {
      usage = chunk.usage();
    }
  }

  /**
   * The text received so far.
   *
   * @return the concatenated text deltas
   */
  public String text() {
    return text.toString();
  }

  /**
   * The refusal received so far.
   *
   * @return the concatenated refusal deltas, or {@code null} if no chunk carried one
   */
  public @Nullable String refusal() {
    return refusal == null ? null : refusal.toString();
  }

  /**
   * The reasoning text received so far, of every block.
   *
   * @return the concatenated reasoning text deltas, empty if there were none
   */
  public String reasoningText() {
    StringBuilder sb = new StringBuilder();
    for (ReasoningParts parts : reasoning.values()) {
      sb.append(parts.text);
    }
    return sb.toString();
  }

  /**
   * The usage received so far.
   *
   * @return the last usage a chunk carried, or {@link Usage#NOT_REPORTED}
   */
  public Usage usage() {
    return usage == null ? Usage.NOT_REPORTED : usage;
  }

  /**
   * Whether a chunk carried a finish reason.
   *
   * @return {@code true} once the answer was declared finished
   */
  public boolean finished() {
    return finishReason != null;
  }

  /**
   * How many chunks were added.
   *
   * @return the count
   */
  public int chunkCount() {
    return chunks;
  }

  /**
   * Builds the whole response from what was added.
   *
   * @param provider the configured provider name
   * @param requestedModel the model asked for, used when no chunk named the model
   * @return the response, with unknown cost and a direct route; a stream that carried a refusal
   *     yields a response with that refusal and finish reason {@link FinishReason#CONTENT_FILTER}
   * @throws IllegalStateException if a tool call never received its name
   */
  public ChatResponse build(String provider, String requestedModel) {
    List<ToolCall> calls = new ArrayList<>(toolCalls.size());
    for (Map.Entry<Integer, ToolCallParts> e : toolCalls.entrySet()) {
      ToolCallParts p = e.getValue();
      if (p.name == null) {
        throw new IllegalStateException("streamed tool call #" + e.getKey() + " has no name");
      }
      String callId = p.id != null ? p.id : "call_" + e.getKey();
      calls.add(new ToolCall(callId, p.name, p.arguments.toString()));
    }
    FinishReason reason = finishReason;
    if (reason == null) {
      reason = calls.isEmpty() ? FinishReason.OTHER : FinishReason.TOOL_CALLS;
    }
    String resolvedModel = model != null ? model : requestedModel;
    ChatResponse response =
        ChatResponse.of(
            id != null ? id : "", provider, resolvedModel, text.toString(), calls, reason, usage());
    if (!reasoning.isEmpty()) {
      List<ReasoningBlock> blocks = new ArrayList<>(reasoning.size());
      for (ReasoningParts p : reasoning.values()) {
        blocks.add(
            new ReasoningBlock(p.text.toString(), p.signature, p.redacted, p.id, p.encrypted));
      }
      response = response.withReasoning(blocks);
    }
    return refusal == null ? response : response.withRefusal(refusal.toString());
  }

  private static final class ReasoningParts {
    final StringBuilder text = new StringBuilder();
    @Nullable String signature;
    @Nullable String redacted;
    @Nullable String id;
    @Nullable String encrypted;
  }

  private static final class ToolCallParts {
    @Nullable String id;
    @Nullable String name;
    final StringBuilder arguments = new StringBuilder();
  }
}
