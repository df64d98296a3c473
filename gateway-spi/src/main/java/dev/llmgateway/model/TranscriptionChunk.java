package dev.llmgateway.model;

import org.jspecify.annotations.Nullable;

/**
 * One piece of a streamed transcription: a text delta, and on the last chunk the whole result (the
 * complete text and the usage that budgets settle with).
 *
 * <pre>{@code
 * for (TranscriptionChunk chunk; (chunk = stream.next()) != null; ) {
 *   System.out.print(chunk.text());
 *   if (chunk.isLast()) {
 *     Usage usage = chunk.result().usage();
 *   }
 * }
 * }</pre>
 *
 * @param text the text added by this chunk, possibly empty
 * @param result the whole transcription, on the last chunk only; else {@code null}
 */
public record TranscriptionChunk(String text, @Nullable TranscriptionResponse result) {

  /**
   * Validates the chunk.
   *
   * @param text the text added by this chunk, possibly empty
   * @param result the whole transcription, on the last chunk only; else {@code null}
   * @throws IllegalArgumentException if {@code text} is null
   */
  public TranscriptionChunk {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
  }

  /**
   * A text delta.
   *
   * @param text the text added
   * @return the chunk
   */
  public static TranscriptionChunk delta(String text) {
    return new TranscriptionChunk(text, null);
  }

  /**
   * The last chunk, carrying the whole result and no further text.
   *
   * @param result the whole transcription
   * @return the chunk
   */
  public static TranscriptionChunk last(TranscriptionResponse result) {
    return new TranscriptionChunk("", java.util.Objects.requireNonNull(result, "result"));
  }

  /**
   * Whether this is the last chunk, which carries the whole result.
   *
   * @return {@code true} if {@link #result()} is not {@code null}
   */
  public boolean isLast() {
    return result != null;
  }
}
