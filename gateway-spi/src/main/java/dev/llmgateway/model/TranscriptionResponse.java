package dev.llmgateway.model;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a transcription call.
 *
 * <p>What a call is billed by depends on the model: OpenAI's {@code whisper-1} bills the audio's
 * duration ({@link #duration()}, from {@code usage.seconds} or the verbose answer's {@code
 * duration}); the {@code gpt-4o-transcribe} family bills tokens ({@link #usage()}: input tokens, of
 * which {@link #audioInputTokens()} are audio and the rest the prompt's text, and output text
 * tokens). A count the provider did not report is not reported in {@link #usage()}, and {@link
 * #duration()} is {@code null} when the provider did not say.
 *
 * @param provider the configured name of the provider that answered
 * @param model the concrete model
 * @param text the transcript
 * @param language the detected or given language as the provider names it (such as {@code
 *     english}), or {@code null}
 * @param duration the audio's duration as the provider reported it, or {@code null}
 * @param segments timed segments ({@link TranscriptionRequest.Format#VERBOSE_JSON}), else empty
 * @param words timed words (verbose answers with word timestamps), else empty
 * @param usage the token counts where the provider reports them
 * @param audioInputTokens the part of the input tokens that was audio, or {@code null} if not
 *     reported
 * @param cost what the call cost
 * @param route how the call was served
 */
public record TranscriptionResponse(
    String provider,
    String model,
    String text,
    @Nullable String language,
    @Nullable Duration duration,
    List<TimedText> segments,
    List<TimedText> words,
    Usage usage,
    @Nullable Long audioInputTokens,
    Cost cost,
    Route route) {

  /**
   * Validates and copies the response.
   *
   * @param provider the configured name of the provider that answered
   * @param model the concrete model
   * @param text the transcript
   * @param language the detected or given language, or {@code null}
   * @param duration the audio's duration as the provider reported it, or {@code null}
   * @param segments timed segments, else empty
   * @param words timed words, else empty
   * @param usage the token counts where the provider reports them
   * @param audioInputTokens the part of the input tokens that was audio, or {@code null}
   * @param cost what the call cost
   * @param route how the call was served
   * @throws IllegalArgumentException if a required component is null, or the audio tokens are
   *     negative or more than the input tokens
   */
  public TranscriptionResponse {
    if (provider == null
        || model == null
        || text == null
        || segments == null
        || words == null
        || usage == null
        || cost == null
        || route == null) {
      throw new IllegalArgumentException("TranscriptionResponse components must not be null");
    }
    if (audioInputTokens != null
        && (audioInputTokens < 0 || audioInputTokens > usage.inputTokens())) {
      throw new IllegalArgumentException(
          "audio input tokens are part of the input tokens: audio="
              + audioInputTokens
              + ", input="
              + usage.inputTokens());
    }
    segments = List.copyOf(segments);
    words = List.copyOf(words);
  }

  /**
   * A response as a provider returns it: cost unknown and a direct route.
   *
   * @param provider the configured provider name
   * @param model the concrete model
   * @param text the transcript
   * @param language the language, or {@code null}
   * @param duration the audio's duration, or {@code null}
   * @param segments timed segments
   * @param words timed words
   * @param usage the token counts
   * @param audioInputTokens the audio part of the input tokens, or {@code null}
   * @return the response
   */
  public static TranscriptionResponse of(
      String provider,
      String model,
      String text,
      @Nullable String language,
      @Nullable Duration duration,
      List<TimedText> segments,
      List<TimedText> words,
      Usage usage,
      @Nullable Long audioInputTokens) {
    return new TranscriptionResponse(
        provider,
        model,
        text,
        language,
        duration,
        segments,
        words,
        usage,
        audioInputTokens,
        Cost.UNKNOWN,
        Route.direct(new TargetRef(provider, model)));
  }

  /**
   * A copy with the client's routing result and cost.
   *
   * @param route how the call was served
   * @param cost what it cost
   * @return the copy
   */
  public TranscriptionResponse withRoute(Route route, Cost cost) {
    return new TranscriptionResponse(
        provider,
        model,
        text,
        language,
        duration,
        segments,
        words,
        usage,
        audioInputTokens,
        cost,
        route);
  }
}
