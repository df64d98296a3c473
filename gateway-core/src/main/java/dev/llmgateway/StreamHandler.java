package dev.llmgateway;

import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatResponse;

/**
 * Receives a streamed answer started with {@link GatewayClient#streamAsync}.
 *
 * <pre>{@code
 * gateway.streamAsync(request, new StreamHandler() {
 *   public void onChunk(ChatChunk chunk) { ui.append(chunk.text()); }
 *   public void onComplete(ChatResponse response) { ui.done(response.usage()); }
 *   public void onError(Throwable error) { ui.failed(error); }
 * });
 * }</pre>
 *
 * <p><b>Threads.</b> Every callback runs on the one executor thread that reads the stream, one at a
 * time and in order, never under a lock: {@code onChunk} for each chunk, then exactly one of {@code
 * onComplete} or {@code onError}. Callbacks block that thread while they run, so keep them short.
 * An exception thrown by {@code onChunk} ends the stream and is passed to {@code onError}.
 */
public interface StreamHandler {

  /**
   * Receives the next chunk, as soon as the provider sent it.
   *
   * @param chunk the chunk
   */
  void onChunk(ChatChunk chunk);

  /**
   * Receives the assembled answer once the stream ended properly. The default does nothing.
   *
   * @param response the whole answer with its route
   */
  default void onComplete(ChatResponse response) {}

  /**
   * Receives the failure that ended the stream: a {@link StreamInterruptedException} after the
   * first content chunk, any other gateway exception before it, or a {@link
   * java.util.concurrent.CancellationException} when the call was cancelled. The default does
   * nothing; the failure also completes the returned future.
   *
   * @param error the failure
   */
  default void onError(Throwable error) {}
}
