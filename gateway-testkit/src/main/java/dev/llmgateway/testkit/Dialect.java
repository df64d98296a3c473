package dev.llmgateway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * A provider's wire format: which paths it serves, how it reads the model and the stream flag from
 * a request, and how it renders a {@link FakeResponse} as bytes. The serving machinery (scripts,
 * recording, latency, pacing, faults) is the same for every dialect.
 */
interface Dialect {

  /** The operations a request can ask for. */
  enum Operation {
    CHAT,
    EMBEDDINGS,
    IMAGES,
    TRANSCRIPTION,
    SPEECH
  }

  /** A request the dialect serves, already parsed. */
  record Exchange(
      Operation operation, JsonNode body, String model, boolean stream, long sequence) {}

  /** Returns the operation {@code method} and {@code path} ask for, or null if not served. */
  @Nullable Operation route(String method, String path);

  /** Returns the model the request names, or null if it names none. */
  @Nullable String model(String path, @Nullable JsonNode body);

  /** Returns whether the request asks for a streamed answer. */
  boolean stream(String path, @Nullable JsonNode body);

  /** Renders {@code response} as the answer to {@code exchange}. */
  Reply render(Exchange exchange, FakeResponse response);

  /** Renders a 400 for a request the dialect cannot read. */
  Reply invalidRequest(String message);

  /** Renders the answer to a path no dialect serves. */
  Reply notFound(String method, String path);
}
