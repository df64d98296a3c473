package dev.llmgateway;

import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.spi.AudioStream;
import java.io.InputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The audio of a speech call, read as it arrives: {@link #inputStream()} yields the bytes in the
 * requested {@link #format()}. The call is routed, charged and recorded when the provider starts
 * sending (speech is billed by its input, so the cost is known then); reading is not retried or
 * moved to another target. Close it when done, or when you stop reading early: it releases the HTTP
 * connection.
 *
 * <pre>{@code
 * try (SpeechAudio audio = gateway.speech(SpeechRequest.builder()
 *     .model("tts").input("Your order has shipped.").voice("alloy").build())) {
 *   Files.copy(audio.inputStream(), Path.of("shipped.mp3"));
 * }
 * }</pre>
 *
 * <p>Not thread-safe: read it from one thread.
 */
public final class SpeechAudio implements AutoCloseable {
  private final AudioStream audio;
  private final Route route;
  private final Cost cost;

  /**
   * Wraps a provider's audio with the call's route and cost.
   *
   * @param audio the provider's audio stream
   * @param route where the call went and every attempt
   * @param cost what the call costs
   */
  public SpeechAudio(AudioStream audio, Route route, Cost cost) {
    this.audio = Objects.requireNonNull(audio, "audio");
    this.route = Objects.requireNonNull(route, "route");
    this.cost = Objects.requireNonNull(cost, "cost");
  }

  /**
   * The audio bytes, as the provider sends them. Reading past a cut connection fails with an {@link
   * java.io.IOException}.
   *
   * @return the stream (the same one on every call)
   */
  public InputStream inputStream() {
    return audio.inputStream();
  }

  /**
   * The audio's format.
   *
   * @return the format
   */
  public SpeechRequest.Format format() {
    return audio.format();
  }

  /**
   * The audio's media type, such as {@code audio/mpeg}.
   *
   * @return the media type
   */
  public String mediaType() {
    return audio.mediaType();
  }

  /**
   * The audio's length in bytes, when the provider said it.
   *
   * @return the length, or empty
   */
  public OptionalLong contentLength() {
    return audio.contentLength();
  }

  /**
   * Where the call went: the alias, the target and key that answered, and every attempt.
   *
   * @return the route
   */
  public Route route() {
    return route;
  }

  /**
   * What the call costs, charged to its budgets when the provider started sending.
   *
   * @return the cost
   */
  public Cost cost() {
    return cost;
  }

  /** Releases the HTTP connection; later reads fail. Idempotent; never throws. */
  @Override
  public void close() {
    audio.close();
  }

  @Override
  public String toString() {
    return "SpeechAudio{" + audio.mediaType() + " from " + route.target() + ", " + cost + "}";
  }
}
