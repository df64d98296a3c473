package dev.llmgateway.benchmarks;

import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;

/**
 * The lean upstream of the server benchmark ({@code benchmarks/server/run.sh}): the test kit's
 * {@link FakeLlmServer} answering every chat call with the same short completion, with request
 * recording off so that memory stays flat. Prints its OpenAI base URL, then serves until killed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.llmgateway.benchmarks.FakeUpstream
 * </pre>
 */
public final class FakeUpstream {
  private FakeUpstream() {}

  /**
   * Starts the fake and blocks.
   *
   * @param args none
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    FakeLlmServer server = FakeLlmServer.start();
    server.recordRequests(false);
    server.respondByDefault(
        FakeResponse.text("A circuit breaker stops calls to a failing service for a while."));
    System.out.println(server.baseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
