package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a streamed {@link ReasoningBlock}: text to append, and the replay values the provider
 * sends once (a signature at the block's end, a redacted block whole, an item id). Pieces with the
 * same {@code index} belong to one block; {@link ChatResponseAssembler} joins them.
 *
 * @param index the block's position among the answer's reasoning blocks, from 0
 * @param text text to append to the block, possibly empty
 * @param signature the block's signature, or {@code null}
 * @param redactedData the block's redacted reasoning, or {@code null}
 * @param id the block's reasoning item id, or {@code null}
 * @param encryptedContent the block's encrypted content, or {@code null}
 */
public record ReasoningDelta(
    int index,
    String text,
    @Nullable String signature,
    @Nullable String redactedData,
    @Nullable String id,
    @Nullable String encryptedContent) {

  /**
   * Validates the delta.
   *
   * @param index the block's position, from 0
   * @param text text to append, possibly empty
   * @param signature the signature, or {@code null}
   * @param redactedData the redacted reasoning, or {@code null}
   * @param id the reasoning item id, or {@code null}
   * @param encryptedContent the encrypted content, or {@code null}
   * @throws IllegalArgumentException if {@code index} is negative or {@code text} is null
   */
  public ReasoningDelta {
    if (index < 0) {
      throw new IllegalArgumentException("index must not be negative, was " + index);
    }
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
  }

  /**
   * A delta of reasoning text.
   *
   * @param index the block's position
   * @param text the text to append
   * @return the delta
   * @throws IllegalArgumentException if {@code index} is negative or {@code text} is null
   */
  public static ReasoningDelta text(int index, String text) {
    return new ReasoningDelta(index, text, null, null, null, null);
  }

  /**
   * The whole of a block, as one delta (a redacted block, a block that arrives complete).
   *
   * @param index the block's position
   * @param block the block
   * @return the delta
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static ReasoningDelta of(int index, ReasoningBlock block) {
    return new ReasoningDelta(
        index,
        block.text(),
        block.signature(),
        block.redactedData(),
        block.id(),
        block.encryptedContent());
  }

  @Override
  public String toString() {
    return "ReasoningDelta["
        + index
        + ", text="
        + text
        + (signature == null ? "" : ", signed")
        + "]";
  }
}
