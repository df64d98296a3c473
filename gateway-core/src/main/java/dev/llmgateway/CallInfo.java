package dev.llmgateway;

import dev.llmgateway.model.RequestContext;
import java.time.Instant;

/**
 * What listeners and interceptors learn about the call they observe. Immutable.
 *
 * @param id the client's id for the call, also sent to providers as the request id for log
 *     correlation
 * @param kind chat, stream, embedding, images, transcription or speech
 * @param model the model or alias the caller asked for
 * @param context the caller's attribution
 * @param startedAt when the call started, by the client's clock
 */
public record CallInfo(
    String id, CallInfo.Kind kind, String model, RequestContext context, Instant startedAt) {

  /** The kinds of call. */
  public enum Kind {
    /** {@code chat} and {@code chatAsync}. */
    CHAT,
    /** {@code stream} and {@code streamAsync}. */
    STREAM,
    /** {@code embed} and {@code embedAsync}. */
    EMBED,
    /** {@code images} and {@code imagesAsync}. */
    IMAGES,
    /** {@code transcribe} and {@code transcribeAsync}. */
    TRANSCRIPTION,
    /** {@code speech}. */
    SPEECH
  }

  /**
   * Validates the info.
   *
   * @param id the client's id for the call, also sent to providers as the request id for log
   *     correlation
   * @param kind chat, stream, embedding, images, transcription or speech
   * @param model the model or alias the caller asked for
   * @param context the caller's attribution
   * @param startedAt when the call started, by the client's clock
   * @throws NullPointerException if a component is null
   */
  public CallInfo {
    java.util.Objects.requireNonNull(id, "id");
    java.util.Objects.requireNonNull(kind, "kind");
    java.util.Objects.requireNonNull(model, "model");
    java.util.Objects.requireNonNull(context, "context");
    java.util.Objects.requireNonNull(startedAt, "startedAt");
  }
}
