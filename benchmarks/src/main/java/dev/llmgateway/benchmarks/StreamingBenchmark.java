package dev.llmgateway.benchmarks;

import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A streamed answer of {@value #CHUNKS} chunks through the gateway's production path, against its
 * baseline: raw OkHttp reading the same event stream line by line and parsing each event with
 * Jackson. Two pairs:
 *
 * <ul>
 *   <li>{@code *WholeStream}: open the stream and read it to its end; the difference divided by
 *       {@value #CHUNKS} is the gateway's cost per chunk (plus its per-call cost spread out);
 *   <li>{@code *FirstChunk}: open the stream and read its first content chunk, the time to first
 *       chunk; the rest of the stream is read after the measured part (an invocation tear-down), so
 *       that both keep their connection.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StreamingBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StreamingBenchmark {
  /** The number of content chunks of the stream. */
  public static final int CHUNKS = 200;

  private LeanOpenAiServer server;
  private OkHttpClient http;
  private Request rawRequest;
  private GatewayClient gateway;
  private ChatRequest request;
  private @Nullable Response openRaw;
  private @Nullable ChatStream openStream;
  private @Nullable Iterator<ChatChunk> openIterator;

  /** Creates the benchmark state; JMH calls this. */
  public StreamingBenchmark() {}

  /** Starts the fake server and builds both clients. */
  @Setup(Level.Trial)
  public void setUp() {
    server = LeanOpenAiServer.builder().chunks(CHUNKS).start();
    http = Fixtures.rawClient();
    rawRequest = Fixtures.rawRequest(server.baseUrl(), true);
    gateway = Fixtures.gateway(server.baseUrl(), false);
    request = Fixtures.request();
    int raw = rawWholeStream();
    int through = gatewayWholeStream();
    if (raw != through) {
      throw new IllegalStateException("raw read " + raw + " characters, gateway " + through);
    }
  }

  /** Closes both clients and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
    Fixtures.close(http);
    server.close();
  }

  /**
   * Baseline: the whole stream read raw.
   *
   * @return the characters of content read
   */
  @Benchmark
  public int rawWholeStream() {
    return Fixtures.rawStream(http, rawRequest);
  }

  /**
   * The whole stream through the gateway.
   *
   * @return the characters of content read
   */
  @Benchmark
  public int gatewayWholeStream() {
    return Fixtures.gatewayStream(gateway, request);
  }

  /**
   * Baseline: the time to the first content chunk, raw.
   *
   * @return the first chunk's content
   */
  @Benchmark
  public String rawFirstChunk() {
    Response response;
    try {
      response = http.newCall(rawRequest).execute();
      openRaw = response;
      String content;
      while ((content = Fixtures.rawNextChunk(response.body().source())) != null) {
        if (!content.isEmpty()) {
          return content;
        }
      }
      throw new IllegalStateException("no content chunk");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The time to the first content chunk through the gateway.
   *
   * @return the first chunk's content
   */
  @Benchmark
  public String gatewayFirstChunk() {
    ChatStream stream = gateway.stream(request);
    openStream = stream;
    Iterator<ChatChunk> it = stream.iterator();
    openIterator = it;
    while (it.hasNext()) {
      ChatChunk chunk = it.next();
      if (chunk.hasContent()) {
        return chunk.text();
      }
    }
    throw new IllegalStateException("no content chunk");
  }

  /**
   * Reads what a first-chunk measurement left open to its end, outside the measured time.
   *
   * @throws IOException if reading the raw stream fails
   */
  @TearDown(Level.Invocation)
  public void finishOpenStreams() throws IOException {
    Response raw = openRaw;
    if (raw != null) {
      BufferedSource source = raw.body().source();
      while (Fixtures.rawNextChunk(source) != null) {
        // Drain.
      }
      raw.close();
      openRaw = null;
    }
    ChatStream stream = openStream;
    if (stream != null) {
      Iterator<ChatChunk> it = openIterator;
      while (it != null && it.hasNext()) {
        it.next();
      }
      stream.close();
      openStream = null;
      openIterator = null;
    }
  }
}
