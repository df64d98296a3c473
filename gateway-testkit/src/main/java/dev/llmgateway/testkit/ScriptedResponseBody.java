package dev.llmgateway.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/**
 * A chunked MockWebServer response body written by a script, so that a test decides when each byte
 * leaves the server: write a part, flush, wait on a latch, write the rest. For provider tests that
 * use MockWebServer directly; {@link FakeLlmServer} has its own pacing.
 *
 * <pre>{@code
 * CountDownLatch gate = new CountDownLatch(1);
 * server.enqueue(new MockResponse.Builder()
 *     .body(new ScriptedResponseBody(sink -> {
 *       sink.writeUtf8("data: {...}\n\n").flush();
 *       gate.await();
 *       sink.writeUtf8("data: [DONE]\n\n");
 *     }))
 *     .build());
 * }</pre>
 */
public final class ScriptedResponseBody implements MockResponseBody {

  /** Writes the body. */
  @FunctionalInterface
  public interface Script {
    /**
     * Writes the body to the connection.
     *
     * @param sink the connection's sink; flush to send what was written so far
     * @throws IOException if the connection fails
     * @throws InterruptedException if the script is interrupted while waiting
     */
    void write(BufferedSink sink) throws IOException, InterruptedException;
  }

  private final Script script;

  /**
   * Creates the body.
   *
   * @param script writes the body
   */
  public ScriptedResponseBody(Script script) {
    this.script = script;
  }

  /** Returns -1: the length is unknown, so the body is sent chunked. */
  @Override
  public long getContentLength() {
    return -1;
  }

  /**
   * Runs the script.
   *
   * @param sink the connection's sink
   * @throws IOException if the connection fails or the script is interrupted
   */
  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try {
      script.write(sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a scripted body");
    }
  }
}
