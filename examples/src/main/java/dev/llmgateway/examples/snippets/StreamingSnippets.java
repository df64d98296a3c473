package dev.llmgateway.examples.snippets;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.StreamHandler;
import dev.llmgateway.error.StreamInterruptedException;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import java.util.concurrent.CompletableFuture;

/** The snippets of docs/streaming.md. */
final class StreamingSnippets {
  private StreamingSnippets() {}

  static void blocking(GatewayClient gateway, ChatRequest request) {
    // snippet: streaming-blocking
    try (ChatStream stream = gateway.stream(request)) {
      for (ChatChunk chunk : stream) {
        System.out.print(chunk.text());
      }
      ChatResponse whole = stream.response(); // text, usage, cost and route of the whole answer
      System.out.println(
          "\n" + whole.usage() + " " + whole.cost() + " <- " + whole.route().target());
    } catch (StreamInterruptedException e) {
      // the stream had started: show what arrived, say it is incomplete
      System.out.println(
          e.partialText() + " [cut: " + e.providerFailure().map(f -> f.errorKind()) + "]");
    }
    // end snippet: streaming-blocking
  }

  static CompletableFuture<ChatResponse> async(GatewayClient gateway, ChatRequest request) {
    // snippet: streaming-async
    CompletableFuture<ChatResponse> done =
        gateway.streamAsync(
            request,
            new StreamHandler() {
              @Override
              public void onChunk(ChatChunk chunk) {
                System.out.print(chunk.text());
              }

              @Override
              public void onComplete(ChatResponse response) {
                System.out.println();
              }

              @Override
              public void onError(Throwable error) {
                System.out.println(" [" + error + "]");
              }
            });
    // done.cancel(true) closes the stream and cancels the provider call
    // end snippet: streaming-async
    return done;
  }
}
