package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * One block of a model's reasoning, as the provider returned it: the thinking text (a summary on
 * most providers) and the opaque values that let the conversation be sent back exactly. Reasoning
 * is never part of a message's text.
 *
 * <p>Replay: an assistant {@link Message} built with {@link ChatResponse#toMessage()} keeps its
 * reasoning blocks, and each provider sends back the ones it can verify: Anthropic and Bedrock a
 * {@code thinking} / {@code reasoningText} block with its {@code signature}, or a {@code
 * redacted_thinking} / {@code redactedContent} block; the OpenAI Responses endpoint a {@code
 * reasoning} item with its {@code id} and {@code encrypted_content}. Blocks a provider cannot
 * verify (another provider's, or text without a signature) are left out for it. Anthropic requires
 * the thinking blocks of the last assistant turn back, unmodified, when a tool call with thinking
 * is answered.
 *
 * @param text the reasoning text, possibly empty (a redacted block, or thinking the caller did not
 *     ask to see)
 * @param signature the token that authenticates {@code text} on replay (Anthropic, Bedrock), or
 *     {@code null}
 * @param redactedData encrypted reasoning returned instead of text (Anthropic {@code
 *     redacted_thinking.data}, Bedrock {@code redactedContent} as base64), or {@code null}
 * @param id the provider's id of the reasoning item (OpenAI Responses), or {@code null}
 * @param encryptedContent the reasoning item's {@code encrypted_content} (OpenAI Responses), or
 *     {@code null}
 */
public record ReasoningBlock(
    String text,
    @Nullable String signature,
    @Nullable String redactedData,
    @Nullable String id,
    @Nullable String encryptedContent) {

  /**
   * Validates the block.
   *
   * @param text the reasoning text, possibly empty
   * @param signature the signature, or {@code null}
   * @param redactedData the redacted reasoning, or {@code null}
   * @param id the reasoning item id, or {@code null}
   * @param encryptedContent the reasoning item's encrypted content, or {@code null}
   * @throws dev.llmgateway.error.InvalidRequestException if {@code text} is null
   */
  public ReasoningBlock {
    Checks.notNull(text, "reasoning.text");
  }

  /**
   * A block of plain reasoning text, with nothing to replay it by.
   *
   * @param text the text
   * @return the block
   * @throws dev.llmgateway.error.InvalidRequestException if {@code text} is null
   */
  public static ReasoningBlock text(String text) {
    return new ReasoningBlock(text, null, null, null, null);
  }

  /**
   * A signed thinking block (Anthropic, Bedrock).
   *
   * @param text the thinking text, possibly empty when the caller asked not to see it
   * @param signature the signature
   * @return the block
   * @throws dev.llmgateway.error.InvalidRequestException if {@code text} is null
   */
  public static ReasoningBlock signed(String text, @Nullable String signature) {
    return new ReasoningBlock(text, signature, null, null, null);
  }

  /**
   * A redacted thinking block (Anthropic {@code redacted_thinking}, Bedrock {@code
   * redactedContent}).
   *
   * @param data the encrypted reasoning, as the provider returned it (base64 for Bedrock)
   * @return the block
   */
  public static ReasoningBlock redacted(String data) {
    return new ReasoningBlock("", null, data, null, null);
  }

  /**
   * Whether the block is redacted: it carries encrypted reasoning instead of text.
   *
   * @return {@code true} for a redacted block
   */
  public boolean isRedacted() {
    return redactedData != null;
  }

  @Override
  public String toString() {
    // Signatures and encrypted reasoning are long and meaningless to read; print their size.
    return "ReasoningBlock[text="
        + text
        + (signature == null ? "" : ", signature=" + signature.length() + " chars")
        + (redactedData == null ? "" : ", redacted=" + redactedData.length() + " chars")
        + (id == null ? "" : ", id=" + id)
        + (encryptedContent == null ? "" : ", encrypted=" + encryptedContent.length() + " chars")
        + "]";
  }
}
