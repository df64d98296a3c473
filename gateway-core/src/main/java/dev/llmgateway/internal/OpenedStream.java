package dev.llmgateway.internal;

import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
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
 * @param source the open provider stream
 * @param held the chunks read so far, the first content chunk last (unless {@code ended})
 * @param ended whether the provider already ended the stream properly (an answer without content)
 */
record OpenedStream(ChunkStream source, List<ChatChunk> held, boolean ended) {

  OpenedStream {
    held = List.copyOf(held);
  }

  /**
   * Opens a stream and reads it up to its first content chunk; closes it if that fails.
   *
   * @throws dev.llmgateway.error.ProviderException if opening or reading fails
   */
  static OpenedStream open(Provider provider, ChatRequest request, ProviderCall call) {
    ChunkStream source = provider.stream(request, call);
    List<ChatChunk> held = new ArrayList<>(2);
    try {
      while (true) {
        ChatChunk chunk = source.next();
        if (chunk == null) {
          return new OpenedStream(source, held, true);
        }
        held.add(chunk);
        if (chunk.hasContent()) {
          return new OpenedStream(source, held, false);
        }
      }
    } catch (Throwable e) {
      source.close();
      throw e;
    }
  }
}
