package dev.llmgateway;

import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.TranscriptionResponse;
import java.util.Objects;

/**
 * What an {@link Interceptor} returns: the answer to a plain chat call, an open {@link ChatStream}
 * for a streamed call, the answer to an embedding, image or transcription call, or the {@link
 * SpeechAudio} of a speech call. Its kind must match the kind of the call's request; the chain
 * checks it.
 */
public sealed interface GatewayResponse
    permits GatewayResponse.Chat,
        GatewayResponse.Stream,
        GatewayResponse.Embed,
        GatewayResponse.Image,
        GatewayResponse.Transcription,
        GatewayResponse.Speech {

  /**
   * The kind of call this answers.
   *
   * @return the kind
   */
  CallInfo.Kind kind();

  /**
   * The answer to a plain chat call.
   *
   * @param response the answer
   */
  record Chat(ChatResponse response) implements GatewayResponse {
    /**
     * Validates the answer.
     *
     * @param response the answer
     * @throws NullPointerException if the response is null
     */
    public Chat {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.CHAT;
    }
  }

  /**
   * The open stream of a streamed chat call; whoever receives it must close it. An interceptor that
   * answers a streamed call itself can return {@link ChatStream#of(ChatResponse)}.
   *
   * @param stream the stream
   */
  record Stream(ChatStream stream) implements GatewayResponse {
    /**
     * Validates the answer.
     *
     * @param stream the stream
     * @throws NullPointerException if the stream is null
     */
    public Stream {
      Objects.requireNonNull(stream, "stream");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.STREAM;
    }
  }

  /**
   * The answer to an embedding call.
   *
   * @param response the answer
   */
  record Embed(EmbeddingResponse response) implements GatewayResponse {
    /**
     * Validates the answer.
     *
     * @param response the answer
     * @throws NullPointerException if the response is null
     */
    public Embed {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.EMBED;
    }
  }

  /**
   * The answer to an image generation call.
   *
   * @param response the answer
   */
  record Image(ImageResponse response) implements GatewayResponse {
    /**
     * Validates the answer.
     *
     * @param response the answer
     * @throws NullPointerException if the response is null
     */
    public Image {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.IMAGES;
    }
  }

  /**
   * The answer to a transcription call.
   *
   * @param response the answer
   */
  record Transcription(TranscriptionResponse response) implements GatewayResponse {
    /**
     * Validates the answer.
     *
     * @param response the answer
     * @throws NullPointerException if the response is null
     */
    public Transcription {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.TRANSCRIPTION;
    }
  }

  /**
   * The audio of a speech call, still streaming.
   *
   * @param response the answer
   */
  record Speech(SpeechAudio response) implements GatewayResponse {
    /**
     * Validates the answer.
     *
     * @param response the answer
     * @throws NullPointerException if the response is null
     */
    public Speech {
      Objects.requireNonNull(response, "response");
    }

    @Override
    public CallInfo.Kind kind() {
      return CallInfo.Kind.SPEECH;
    }
  }
}
