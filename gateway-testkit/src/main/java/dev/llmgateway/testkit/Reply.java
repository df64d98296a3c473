package dev.llmgateway.testkit;

import java.util.List;
import java.util.Map;

/**
 * A rendered answer: status, headers and body chunks. A streamed body has one chunk per server-sent
 * event; the first {@code contentChunks} of them come before the finish reason. A non-streamed body
 * is a single chunk.
 */
record Reply(
    int status,
    Map<String, String> headers,
    List<byte[]> chunks,
    int contentChunks,
    boolean streamed) {

  Reply {
    headers = Map.copyOf(headers);
    chunks = List.copyOf(chunks);
    if (contentChunks < 0 || contentChunks > chunks.size()) {
      throw new IllegalArgumentException(
          "contentChunks must be between 0 and " + chunks.size() + " but was " + contentChunks);
    }
  }

  /** Returns a non-streamed reply with a single body. */
  static Reply whole(int status, String contentType, byte[] body) {
    return new Reply(status, Map.of("Content-Type", contentType), List.of(body), 1, false);
  }
}
