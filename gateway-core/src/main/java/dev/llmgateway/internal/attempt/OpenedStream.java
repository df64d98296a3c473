package dev.llmgateway.internal.attempt;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Cancellation;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider stream read up to its first content chunk: the point where the call commits to its
 * target. Chunks without content before it (role announcements, empty deltas) are held back with
 * it, so that a failure before commit can still fall back without the caller having seen anything.
 *
 * <p>The provider call of a stream has a cancellation of its own, a child of the call's: ending the
 * stream early aborts its own HTTP call and nothing else of the call (an interceptor that called
 * {@code proceed()} twice may drop one stream and keep the other); cancelling the call aborts it.
 *
 * @param source the open provider stream
 * @param held the chunks read so far, the first content chunk last (unless {@code ended})
 * @param ended whether the provider already ended the stream properly (an answer without content)
 * @param cancellation the stream's own cancellation, which the provider's call watches
 */
public record OpenedStream(
    ChunkStream source, List<ChatChunk> held, boolean ended, Cancellation cancellation) {

  public OpenedStream {
    held = List.copyOf(held);
  }

  /**
   * Opens a stream and reads it up to its first content chunk; closes it if that fails.
   *
   * @throws dev.llmgateway.error.ProviderException if opening or reading fails
   */
  public static OpenedStream open(Provider provider, ChatRequest request, ProviderCall call) {
    Cancellation own = new Cancellation();
    call.cancellation().onCancel(own::cancel);
    ChunkStream source =
        provider.stream(
            request,
            new ProviderCall(
                call.key(),
                call.timeout(),
                own,
                call.headers(),
                call.requestId(),
                call.endpointMode(),
                call.rateLimitObserver()));
    List<ChatChunk> held = new ArrayList<>(2);
    try {
      while (true) {
        ChatChunk chunk = source.next();
        if (chunk == null) {
          return new OpenedStream(source, held, true, own);
        }
        held.add(chunk);
        if (chunk.hasContent()) {
          return new OpenedStream(source, held, false, own);
        }
      }
    } catch (Throwable e) {
      source.close();
      throw e;
    }
  }
}
