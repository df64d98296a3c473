package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.TranscriptionChunk;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.provider.http.ErrorBody;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.provider.http.SseChunkStream;
import dev.llmgateway.provider.http.SseEvent;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A streamed transcription: {@code transcript.text.delta} events become text deltas, {@code
 * transcript.text.done} the last chunk with the whole text and the usage. An {@code error} event
 * (or a JSON error object) fails the stream; a body that ends before {@code transcript.text.done}
 * is truncated. Reading, closing and failure mapping are those of {@link SseChunkStream}, which
 * this stream wraps.
 */
final class OpenAiTranscriptionStream implements dev.llmgateway.spi.TranscriptionStream {
  private final Events events;

  OpenAiTranscriptionStream(HttpExchange exchange, TranscriptionRequest request, String provider) {
    this.events = new Events(exchange, request, provider);
  }

  @Override
  public @Nullable TranscriptionChunk next() {
    ChatChunk chunk = events.next();
    if (chunk == null) {
      return null;
    }
    TranscriptionResponse result = events.result;
    if (chunk.finishReason() != null && result != null) {
      return TranscriptionChunk.last(result);
    }
    return TranscriptionChunk.delta(chunk.text());
  }

  @Override
  public void close() {
    events.close();
  }

  /** The event translation; a finish reason marks the chunk of the done event. */
  private static final class Events extends SseChunkStream {
    private final TranscriptionRequest request;
    private final String provider;
    private final StringBuilder text = new StringBuilder();
    private volatile @Nullable TranscriptionResponse result;

    Events(HttpExchange exchange, TranscriptionRequest request, String provider) {
      super(exchange);
      this.request = request;
      this.provider = provider;
    }

    @Override
    protected @Nullable ChatChunk onEvent(SseEvent event) {
      String data = event.data().strip();
      if (data.isEmpty() || data.equals("[DONE]")) {
        return null;
      }
      JsonNode root;
      try {
        root = Json.read(data);
      } catch (IOException e) {
        throw errors().malformed(model(), "a stream event is not valid JSON", e);
      }
      if (!root.isObject()) {
        throw errors().malformed(model(), "a stream event is not a JSON object", null);
      }
      String type = Json.text(root, "type");
      if (type == null) {
        type = event.event();
      }
      JsonNode error = root.get("error");
      if ((error != null && !error.isNull()) || "error".equals(type)) {
        ErrorBody said = OpenAiErrorDialect.read(root);
        throw errors()
            .fromErrorBody(0, said != null ? said : new ErrorBody(null, null, null), null, model());
      }
      switch (type) {
        case "transcript.text.delta" -> {
          String delta = Json.text(root, "delta");
          if (delta == null || delta.isEmpty()) {
            return null;
          }
          text.append(delta);
          return ChatChunk.text(delta);
        }
        case "transcript.text.done" -> {
          String whole = Json.text(root, "text");
          result =
              OpenAiAudio.fromJson(
                  root, whole != null ? whole : text.toString(), request, provider);
          end();
          return new ChatChunk(null, null, "", List.of(), FinishReason.STOP, null);
        }
        default -> {
          return null; // segments of diarized answers and future events carry nothing new
        }
      }
    }
  }
}
