package dev.llmgateway.provider.anthropic;

import java.io.IOException;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** A chunked response body written by a script, so tests control when each byte is sent. */
final class StreamingBody implements MockResponseBody {
  interface Script {
    void write(BufferedSink sink) throws IOException, InterruptedException;
  }

  private final Script script;

  StreamingBody(Script script) {
    this.script = script;
  }

  @Override
  public long getContentLength() {
    return -1;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try {
      script.write(sink);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
