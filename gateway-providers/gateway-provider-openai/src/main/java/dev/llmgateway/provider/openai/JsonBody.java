package dev.llmgateway.provider.openai;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import java.io.ByteArrayOutputStream;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/**
 * A JSON request body written into a growable array and handed to OkHttp without copying it out
 * ({@link ByteArrayOutputStream#toByteArray()} would copy every body once more). Not thread-safe:
 * one per request, written by one thread, then given away.
 */
final class JsonBody extends ByteArrayOutputStream {
  private static final MediaType JSON = MediaType.get("application/json");

  /** Room for the fields around a chat request's texts, so that a short body does not grow. */
  private static final int CHAT_OVERHEAD = 128;

  private static final int MESSAGE_OVERHEAD = 40;

  private JsonBody(int size) {
    super(size);
  }

  /**
   * An empty body sized for a chat request: its texts (one byte per character, the common case) and
   * the fields around them; a larger body grows as usual.
   *
   * @param request the request to be written
   * @return the empty body
   */
  static JsonBody forChat(ChatRequest request) {
    long size = CHAT_OVERHEAD;
    List<Message> messages = request.messages();
    for (int i = 0; i < messages.size(); i++) {
      size += MESSAGE_OVERHEAD;
      List<ContentPart> parts = messages.get(i).content();
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j) instanceof ContentPart.Text t) {
          size += t.text().length();
        }
      }
    }
    return new JsonBody((int) Math.min(size, 1 << 20));
  }

  /**
   * The bytes written so far as an {@code application/json} request body. The array is shared, not
   * copied: nothing may be written after this.
   *
   * @return the request body
   */
  RequestBody toRequestBody() {
    return RequestBody.create(buf, JSON, 0, count);
  }
}
