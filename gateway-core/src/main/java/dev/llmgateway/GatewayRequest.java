package dev.llmgateway;

import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import java.util.Objects;

/**
 * The request an {@link Interceptor} sees: a chat request (plain or streamed), an embedding, image,
 * transcription or speech request. One chain type serves every kind of call; interceptors that care
 * about one kind test for it with {@code instanceof} and pass the others on unchanged.
 *
 * <pre>{@code
 * Interceptor redact = chain -> {
 *   if (chain.request() instanceof GatewayRequest.Chat chat) {
 *     return chain.proceed(chat.withRequest(redactor.apply(chat.request())));
 *   }
 *   return chain.proceed(chain.request());
 * };
 * }</pre>
 */
public sealed interface GatewayRequest
    permits GatewayRequest.Chat,
        GatewayRequest.Embed,
        GatewayRequest.Image,
        GatewayRequest.Transcribe,
        GatewayRequest.Speech {

  /**
   * The kind of call; an interceptor may change the request but never its kind.
   *
   * @return chat, stream or embedding
   */
  CallInfo.Kind kind();

  /**
   * The model or alias the request names.
   *
   * @return the model
   */
  String model();

  /**
   * The request's attribution.
   *
   * @return the context
   */
  RequestContext context();

  /**
   * The request's per-call options.
   *
   * @return the options
   */
  CallOptions options();

  /**
   * The same request addressed to another model or alias (a budget's downgrade, a target's model).
   *
   * @param model the model or alias
   * @return the request of the same kind with that model
   */
  GatewayRequest withModel(String model);

  /**
   * A chat call, plain or streamed.
   *
   * @param request the chat request
   * @param streaming whether the caller reads the answer as a stream
   */
  record Chat(ChatRequest request, boolean streaming) implements GatewayRequest {
    /**
     * Validates the call.
     *
     * @param request the chat request
     * @param streaming whether the caller reads the answer as a stream
     * @throws NullPointerException if the request is null
     */
    public Chat {
      Objects.requireNonNull(request, "request");
    }

    /**
     * The same kind of call with another request.
     *
     * @param request the replacement request
     * @return the copy
     */
    public Chat withRequest(ChatRequest request) {
      return new Chat(request, streaming);
    }

    @Override
    public Chat withModel(String model) {
      return new Chat(request.withModel(model), streaming);
    }

    @Override
    public CallInfo.Kind kind() {
      return streaming ? CallInfo.Kind.STREAM : CallInfo.Kind.CHAT;
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public RequestContext context() {
      return request.context();
    }

    @Override
    public CallOptions options() {
      return request.options();
    }
  }

  /**
   * An embedding call.
   *
   * @param request the embedding request
   */
  record Embed(EmbeddingRequest request) implements GatewayRequest {
    /**
     * Validates the call.
     *
     * @param request the chat request
     * @throws NullPointerException if the request is null
     */
    public Embed {
      Objects.requireNonNull(request, "request");
    }

    /**
     * The same kind of call with another request.
     *
     * @param request the replacement request
     * @return the copy
     */
    public Embed withRequest(EmbeddingRequest request) {
      return new Embed(request);
    }

    @Override
    public Embed withModel(String model) {
      return new Embed(request.withModel(model));
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.EMBED;
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public RequestContext context() {
      return request.context();
    }

    @Override
    public CallOptions options() {
      return request.options();
    }
  }

  /**
   * An image generation call.
   *
   * @param request the request
   */
  record Image(ImageRequest request) implements GatewayRequest {
    /**
     * Checks the request.
     *
     * @param request the request
     */
    public Image {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.IMAGES;
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public RequestContext context() {
      return request.context();
    }

    @Override
    public CallOptions options() {
      return request.options();
    }

    @Override
    public Image withModel(String model) {
      return new Image(request.withModel(model));
    }
  }

  /**
   * A transcription call.
   *
   * @param request the request
   */
  record Transcribe(TranscriptionRequest request) implements GatewayRequest {
    /**
     * Checks the request.
     *
     * @param request the request
     */
    public Transcribe {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.TRANSCRIPTION;
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public RequestContext context() {
      return request.context();
    }

    @Override
    public CallOptions options() {
      return request.options();
    }

    @Override
    public Transcribe withModel(String model) {
      return new Transcribe(request.withModel(model));
    }
  }

  /**
   * A speech (text-to-speech) call.
   *
   * @param request the request
   */
  record Speech(SpeechRequest request) implements GatewayRequest {
    /**
     * Checks the request.
     *
     * @param request the request
     */
    public Speech {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.SPEECH;
    }

    @Override
    public String model() {
      return request.model();
    }

    @Override
    public RequestContext context() {
      return request.context();
    }

    @Override
    public CallOptions options() {
      return request.options();
    }

    @Override
    public Speech withModel(String model) {
      return new Speech(request.withModel(model));
    }
  }
}
