package dev.llmgateway.spi;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;

/**
 * One configured provider instance: it turns normalized requests into its API's wire format and its
 * answers back. Created by a {@link ProviderFactory}; owned and closed by the client.
 *
 * <p>Thread-safe: the client calls it from many threads at once. Calls block the calling thread.
 * Every method fails only with {@link ProviderException} (whose {@link ErrorKind} decides retries
 * and fallbacks), never with an unchecked surprise, and must honour {@link ProviderCall#timeout()}
 * and {@link ProviderCall#cancellation()}. The request's {@code model} is already the concrete
 * model of this provider.
 */
public interface Provider extends AutoCloseable {

  /**
   * The instance's configured name ({@link ProviderSettings#name()}).
   *
   * @return the name
   */
  String name();

  /**
   * What the provider can do.
   *
   * @return the capabilities
   */
  Capabilities capabilities();

  /**
   * What the provider can do with one model. The router uses it to skip targets whose model lacks
   * what a request needs (tools, images, embeddings). The default returns {@link #capabilities()};
   * providers that know their models' limits override it.
   *
   * @param model the provider's model id
   * @return the capabilities of that model
   */
  default Capabilities capabilities(String model) {
    return capabilities();
  }

  /**
   * Sends a chat call and waits for the whole answer.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left and cancellation signal of this attempt
   * @return the answer, with {@link dev.llmgateway.model.Cost#UNKNOWN} cost (the client prices it)
   * @throws ProviderException if the call fails
   */
  ChatResponse chat(ChatRequest request, ProviderCall call);

  /**
   * Starts a streamed chat call. Returns once the provider accepted the call (HTTP headers
   * received); chunks are then pulled from the stream.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left (covering the whole stream) and cancellation signal
   * @return the open stream; the caller closes it
   * @throws ProviderException if the call fails before the stream opens
   */
  ChunkStream stream(ChatRequest request, ProviderCall call);

  /**
   * Sends an embedding call. The default says the provider has no embeddings.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left and cancellation signal
   * @return the vectors
   * @throws ProviderException if the call fails, or with {@link ErrorKind#INVALID_REQUEST} if the
   *     provider has no embeddings
   */
  default EmbeddingResponse embed(EmbeddingRequest request, ProviderCall call) {
    throw new ProviderException(
        ErrorKind.INVALID_REQUEST,
        name(),
        request.model(),
        "Provider '" + name() + "' does not support embeddings",
        null);
  }

  /**
   * Generates images. The default says the provider has no image generation.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left and cancellation signal
   * @return the images, with {@link dev.llmgateway.model.Cost#UNKNOWN} cost (the client prices it)
   * @throws ProviderException if the call fails, or with {@link ErrorKind#INVALID_REQUEST} if the
   *     provider or model has no image generation
   */
  default ImageResponse images(ImageRequest request, ProviderCall call) {
    throw unsupported(request.model(), "image generation");
  }

  /**
   * Transcribes audio and waits for the whole transcript. The default says the provider has no
   * transcription.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left and cancellation signal
   * @return the transcript, with {@link dev.llmgateway.model.Cost#UNKNOWN} cost
   * @throws ProviderException if the call fails, or with {@link ErrorKind#INVALID_REQUEST} if the
   *     provider or model has no transcription
   */
  default TranscriptionResponse transcribe(TranscriptionRequest request, ProviderCall call) {
    throw unsupported(request.model(), "transcription");
  }

  /**
   * Starts a streamed transcription. Returns once the provider accepted the call (HTTP headers
   * received); chunks are then pulled from the stream. A provider whose model cannot stream answers
   * with the whole transcript as one delta and the last chunk. The default says the provider has no
   * transcription.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left (covering the whole stream) and cancellation signal
   * @return the open stream; the caller closes it
   * @throws ProviderException if the call fails before the stream opens, or with {@link
   *     ErrorKind#INVALID_REQUEST} if the provider or model has no transcription
   */
  default TranscriptionStream transcribeStream(TranscriptionRequest request, ProviderCall call) {
    throw unsupported(request.model(), "transcription");
  }

  /**
   * Starts a text-to-speech call. Returns once the provider accepted the call (HTTP headers
   * received); the audio is then read from the stream as it arrives. The default says the provider
   * has no speech.
   *
   * @param request the request, addressed to a concrete model
   * @param call the key, time left (covering reading the whole audio) and cancellation signal
   * @return the open audio stream; the caller closes it
   * @throws ProviderException if the call fails before the audio starts, or with {@link
   *     ErrorKind#INVALID_REQUEST} if the provider or model has no speech
   */
  default AudioStream speech(SpeechRequest request, ProviderCall call) {
    throw unsupported(request.model(), "speech");
  }

  private ProviderException unsupported(String model, String what) {
    return new ProviderException(
        ErrorKind.INVALID_REQUEST,
        name(),
        model,
        "Provider '" + name() + "' does not support " + what,
        null);
  }

  /**
   * The host this provider sends its requests to, such as {@code api.openai.com}: OpenTelemetry's
   * {@code server.address}, which metrics and traces report for each attempt. The default says it
   * is not known.
   *
   * @return the host, or empty if the provider does not say
   */
  default java.util.Optional<String> serverAddress() {
    return java.util.Optional.empty();
  }

  /** Releases the provider's resources. The default does nothing. Never throws. */
  @Override
  default void close() {}
}
