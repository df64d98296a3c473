package dev.llmgateway.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A scriptable fake LLM server on the loopback interface that speaks the OpenAI and the Anthropic
 * wire formats.
 *
 * <pre>{@code
 * try (FakeLlmServer server = FakeLlmServer.start()) {
 *   server.enqueue(FakeResponse.text("Paris"));
 *   server.enqueue("gpt-4o", FakeResponse.rateLimited(Duration.ofSeconds(1)));
 *   server.respondByDefault("gpt-4o-mini", FakeResponse.echo().withLatency(Duration.ofMillis(5)));
 *
 *   // point the client under test at server.baseUrl(), e.g. "http://127.0.0.1:41234/v1"
 *
 *   RecordedCall call = server.takeRequest();
 *   assertThat(call.path()).isEqualTo("/v1/chat/completions");
 *   assertThat(call.model()).isEqualTo("gpt-4o-mini");
 * }
 * }</pre>
 *
 * <p><b>Endpoints.</b> {@code POST /v1/chat/completions} answers with a {@code chat.completion}
 * object, or, when the request has {@code "stream": true}, with {@code chat.completion.chunk}
 * server-sent events ending in {@code data: [DONE]} (plus a usage chunk when {@code
 * stream_options.include_usage} is true). {@code POST /v1/embeddings} answers with an embeddings
 * list. {@code POST /v1/responses} speaks the OpenAI Responses API: a {@code response} object, or
 * for {@code "stream": true} typed events from {@code response.created} to {@code
 * response.completed}, with reasoning items, function calls, {@code incomplete} answers and {@code
 * response.failed} (see {@link FakeResponse#failStreamAfter}). Any other method or path gets a 404
 * with an OpenAI-style error; a body that is not a JSON object, or has no {@code "model"}, gets a
 * 400. Neither of these takes a scripted answer.
 *
 * <p><b>Media.</b> {@code POST /v1/images/generations} answers with {@code data[]} ({@code
 * b64_json} or {@code url}); {@code POST /v1/audio/transcriptions} reads a {@code
 * multipart/form-data} body (its parts are in {@link RecordedCall#formParts()}) and answers in the
 * requested {@code response_format}, or with {@code transcript.text.delta} events when the form
 * says {@code stream=true}; {@code POST /v1/audio/speech} answers with the audio bytes in chunks.
 * Bedrock's {@code /invoke} answers image requests ({@code taskType: TEXT_IMAGE}). Script them with
 * {@link FakeResponse#image}, {@link FakeResponse#transcription} and {@link FakeResponse#speech};
 * {@link FakeResponse#echo()} answers them too, and errors take each endpoint's usual shape.
 *
 * <p>{@code POST /v1/messages} speaks Anthropic's Messages API (point Anthropic clients at {@link
 * #anthropicBaseUrl()}): the same scripts are rendered as a {@code message} object or, for {@code
 * "stream": true}, as named events from {@code message_start} to {@code message_stop}; errors take
 * Anthropic's shape {@code {"type":"error","error":{"type","message"}}}, with the script's {@code
 * type} as the error type when it is one of Anthropic's (else the type Anthropic uses for the
 * status). Cached prompt tokens are reported as {@code cache_read_input_tokens}, beside {@code
 * input_tokens} as Anthropic counts them. A stream is cut into the same chunks as an OpenAI stream
 * (the first holds {@code message_start}; the finish chunk holds {@code message_delta}; {@code
 * message_stop} takes the place of {@code [DONE]}), so every fault script means the same in both
 * formats.
 *
 * <p><b>Bedrock.</b> Paths under {@code /model/} (see {@link #bedrockEndpoint()}) speak the Amazon
 * Bedrock Runtime format instead: {@code POST /model/{modelId}/converse} answers with a {@code
 * ConverseResponse}, {@code /converse-stream} with AWS event-stream messages ({@code messageStart},
 * content block events, {@code messageStop}, {@code metadata} with the usage), and {@code /invoke}
 * with Titan ({@code inputText}) or Cohere ({@code texts}) embeddings. The model is the URL-decoded
 * path segment (it is what {@link RecordedCall#model()} and the per-model scripts see). Errors are
 * AWS errors: the status, an {@code x-amzn-ErrorType} header (a scripted type not ending in {@code
 * Exception} is replaced by the one Bedrock uses for the status, so {@link
 * FakeResponse#rateLimited} becomes a 429 {@code ThrottlingException}) and {@code {"message":...}}.
 *
 * <p><b>Scripts.</b> Each chat or embeddings request takes its answer from, in this order: the
 * shared queue ({@link #enqueue(FakeResponse)}), the queue of the request's model ({@link
 * #enqueue(String, FakeResponse)}), the model's default ({@link #respondByDefault(String,
 * FakeResponse)}), and the server's default ({@link #respondByDefault(FakeResponse)}, initially
 * {@link FakeResponse#echo()}). Queued answers are used once; defaults are used again and again.
 * With a {@link #faultRatio fault ratio}, a seeded random share of the requests that a default
 * would answer get a fault instead.
 *
 * <p><b>Determinism.</b> Answers contain no randomness and no wall-clock time: {@code created} is
 * always {@code 1700000000}, ids are {@code chatcmpl-fake} and {@code req_fake} followed by a
 * sequence number that counts the chat and embeddings requests this server answered from its
 * scripts (1, 2, ...), and embeddings are derived from the input text.
 *
 * <p><b>Threads and lifetime.</b> The server is thread-safe: scripts may be added and requests
 * served from any number of threads at once; each connection is served by its own thread. A
 * {@linkplain FakeResponse#stall() stalled} response holds its thread until the client hangs up (a
 * cancelled call, a read timeout) or the server closes, whichever comes first. {@link #close()}
 * stops the server and returns promptly, even while responses stall, sleep or wait at a gate: those
 * end at once (the clients see their connections close). A closed server cannot be restarted; start
 * a new one.
 *
 * <p><b>Memory.</b> The server keeps each request it {@linkplain #recordRequests records} and
 * nothing else per request: MockWebServer's own request queue is emptied as requests arrive. With
 * recording off, memory stays flat however many requests are served.
 */
public final class FakeLlmServer implements AutoCloseable {
  /** How long {@link #takeRequest()} waits for a request: 10 seconds. */
  public static final Duration DEFAULT_TAKE_TIMEOUT = Duration.ofSeconds(10);

  private final MockWebServer server;
  private final Dialect openAi = new OpenAiDialect();
  private final Dialect responses = new ResponsesDialect();
  private final Dialect anthropic = new AnthropicDialect();
  private final Dialect bedrock = new BedrockDialect();
  private final Scripts scripts = new Scripts();
  private final Closing closing = new Closing();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong sequence = new AtomicLong();
  private final ReentrantLock recordLock = new ReentrantLock();
  private final List<RecordedCall> recorded = new ArrayList<>();
  private final BlockingQueue<RecordedCall> untaken = new LinkedBlockingQueue<>();
  private final Map<String, AtomicInteger> countByModel = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean recording = true;
  private final String baseUrl;
  private final String anthropicBaseUrl;

  private FakeLlmServer() {
    server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSocketFactory());
    server.setDispatcher(new Router());
    try {
      server.start(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("FakeLlmServer could not bind 127.0.0.1", e);
    }
    baseUrl = "http://127.0.0.1:" + server.getPort() + "/v1";
    anthropicBaseUrl = "http://127.0.0.1:" + server.getPort();
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port.
   *
   * @return the running server; close it when done
   * @throws UncheckedIOException if no port could be bound
   */
  public static FakeLlmServer start() {
    return new FakeLlmServer();
  }

  /**
   * Returns the OpenAI-style base URL, including {@code /v1}, such as {@code
   * http://127.0.0.1:41234/v1}; the chat endpoint is {@code baseUrl() + "/chat/completions"}.
   *
   * @return the base URL, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the Anthropic-style base URL, without {@code /v1} (Anthropic's base URLs exclude it),
   * such as {@code http://127.0.0.1:41234}; the Messages endpoint is {@code anthropicBaseUrl() +
   * "/v1/messages"}.
   *
   * @return the base URL, without a trailing slash
   */
  public String anthropicBaseUrl() {
    return anthropicBaseUrl;
  }

  /**
   * Returns the endpoint to give the AWS SDK's Bedrock Runtime client as its endpoint override,
   * such as {@code http://127.0.0.1:41234}. The server answers {@code POST
   * /model/{modelId}/converse}, {@code /converse-stream} (AWS event-stream messages) and {@code
   * /invoke} (Titan and Cohere embeddings) there; see the class documentation.
   *
   * <pre>{@code
   * BedrockRuntimeClient client = BedrockRuntimeClient.builder()
   *     .endpointOverride(URI.create(server.bedrockEndpoint()))
   *     .region(Region.US_EAST_1)
   *     .credentialsProvider(StaticCredentialsProvider.create(
   *         AwsBasicCredentials.create("AKIDEXAMPLE", "test-secret")))
   *     .build();
   * }</pre>
   *
   * @return the endpoint, without a trailing slash
   */
  public String bedrockEndpoint() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getPort();
  }

  /**
   * Adds an answer to the shared queue, which any chat or embeddings request takes from first,
   * whatever its model.
   *
   * @param response the answer, used once
   * @return this server
   */
  public FakeLlmServer enqueue(FakeResponse response) {
    scripts.enqueue(Objects.requireNonNull(response, "response"));
    return this;
  }

  /**
   * Adds an answer to the queue of requests whose body {@code "model"} equals {@code model}. This
   * queue is used when the shared queue is empty.
   *
   * @param model the model name, matched exactly
   * @param response the answer, used once
   * @return this server
   */
  public FakeLlmServer enqueue(String model, FakeResponse response) {
    scripts.enqueue(Objects.requireNonNull(model, "model"), requireNonNull(response));
    return this;
  }

  /**
   * Sets the answer for requests naming {@code model} whenever the shared queue and the model's
   * queue are empty, replacing an earlier default for that model.
   *
   * @param model the model name, matched exactly
   * @param response the answer, used for every such request
   * @return this server
   */
  public FakeLlmServer respondByDefault(String model, FakeResponse response) {
    scripts.respondByDefault(Objects.requireNonNull(model, "model"), requireNonNull(response));
    return this;
  }

  /**
   * Sets the answer for requests that nothing else answers, whatever their model. Defaults to
   * {@link FakeResponse#echo()}.
   *
   * @param response the answer, used for every such request
   * @return this server
   */
  public FakeLlmServer respondByDefault(FakeResponse response) {
    scripts.respondByDefault(requireNonNull(response));
    return this;
  }

  /**
   * Answers a seeded random share of requests with faults instead of their default answer, the same
   * way on every run: each chat or embeddings request that no queued answer takes (so one that the
   * model's or the server's default would answer) gets, with probability {@code ratio}, one of
   * {@code faults}, picked uniformly. Queued answers are never replaced. The decisions come from a
   * {@link java.util.Random} seeded with {@code seed}, in the order the requests reach the scripts:
   * the same seed and the same sequence of requests give the same faults at the same places. Over
   * {@code n} requests about {@code ratio * n} get a fault (a binomial count: for 5 % of 10,000,
   * between 440 and 560 for nearly every seed). Calling it again replaces the ratio and restarts
   * the sequence; a ratio of 0 turns fault injection off.
   *
   * <pre>{@code
   * server.respondByDefault(FakeResponse.text("ok"));
   * server.faultRatio(0.05, 42,
   *     FakeResponse.rateLimited(Duration.ofSeconds(1)),
   *     FakeResponse.error(503, "server_error", null, "Service unavailable"),
   *     FakeResponse.connectionReset());
   * }</pre>
   *
   * @param ratio the share of requests to answer with a fault, from 0 to 1
   * @param seed the seed of the random decisions
   * @param faults the answers to pick from, such as {@link FakeResponse#connectionReset()}, {@link
   *     FakeResponse#rateLimited} or {@link FakeResponse#error}; at least one unless {@code ratio}
   *     is 0
   * @return this server
   * @throws IllegalArgumentException if {@code ratio} is not between 0 and 1, or no fault is given
   *     for a ratio above 0
   * @throws NullPointerException if {@code faults} or one of its elements is null
   */
  public FakeLlmServer faultRatio(double ratio, long seed, FakeResponse... faults) {
    Objects.requireNonNull(faults, "faults");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be between 0 and 1 but was " + ratio);
    }
    for (int i = 0; i < faults.length; i++) {
      Objects.requireNonNull(faults[i], "faults[" + i + "]");
    }
    if (ratio > 0 && faults.length == 0) {
      throw new IllegalArgumentException(
          "faults must name at least one FakeResponse for a ratio of " + ratio);
    }
    scripts.faultRatio(ratio, seed, Arrays.asList(faults));
    return this;
  }

  /**
   * Turns the keeping of requests for {@link #takeRequest()} and {@link #requests()} on or off.
   * Defaults to on. A benchmark that sends millions of requests turns it off so that memory stays
   * flat: then the server keeps nothing per request. {@link #requestCount()} and {@link
   * #requestCount(String)} keep counting either way.
   *
   * @param enabled whether to keep the requests that arrive from now on
   * @return this server
   */
  public FakeLlmServer recordRequests(boolean enabled) {
    recording = enabled;
    return this;
  }

  /**
   * Returns the oldest request not yet taken, waiting up to {@link #DEFAULT_TAKE_TIMEOUT} for one
   * to arrive. Each request is returned once, in arrival order, including requests answered with a
   * 404 or 400.
   *
   * @return the request
   * @throws AssertionError if no request arrives in time, or the thread is interrupted
   */
  public RecordedCall takeRequest() {
    return takeRequest(DEFAULT_TAKE_TIMEOUT);
  }

  /**
   * Returns the oldest request not yet taken, waiting up to {@code timeout} for one to arrive.
   *
   * @param timeout how long to wait
   * @return the request
   * @throws AssertionError if no request arrives in time, or the thread is interrupted
   */
  public RecordedCall takeRequest(Duration timeout) {
    RecordedCall call;
    try {
      call = untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for a request to " + baseUrl, e);
    }
    if (call == null) {
      throw new AssertionError(
          "No request arrived at "
              + baseUrl
              + " within "
              + timeout
              + " ("
              + requestCount()
              + " received so far)");
    }
    return call;
  }

  /**
   * Returns how many requests arrived so far, on any path.
   *
   * @return the number of requests
   */
  public int requestCount() {
    return count.get();
  }

  /**
   * Returns how many requests naming {@code model} in their body arrived so far.
   *
   * @param model the model name, matched exactly
   * @return the number of requests
   */
  public int requestCount(String model) {
    AtomicInteger count = countByModel.get(model);
    return count == null ? 0 : count.get();
  }

  /**
   * Returns every request so far in arrival order, whether or not it was taken with {@link
   * #takeRequest()}.
   *
   * @return an immutable snapshot
   */
  public List<RecordedCall> requests() {
    recordLock.lock();
    try {
      return List.copyOf(recorded);
    } finally {
      recordLock.unlock();
    }
  }

  /**
   * Stops the server. Responses in progress end at once, even stalled ones and ones waiting at a
   * {@link FakeResponse#pauseStreamAfter gate} (the gate itself is left alone), and their clients
   * see the connection close. Recorded requests stay readable. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing.close();
    server.close();
  }

  /**
   * Removes the requests MockWebServer still holds in its own queue and returns how many there
   * were; the server empties that queue as requests arrive, so tests expect 0.
   */
  int drainMockWebServerQueue() throws InterruptedException {
    int drained = 0;
    while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
      drained++;
    }
    return drained;
  }

  /**
   * Returns how many {@linkplain FakeResponse#stall() stalled} or {@linkplain
   * FakeResponse#pauseStreamAfter paused} responses saw their client hang up (close its connection
   * or reset it) while the server still held them: a client that cancelled its call, or gave up on
   * a read timeout. A test of cancellation waits for this to grow.
   *
   * <pre>{@code
   * server.enqueue(FakeResponse.text("one two").stall());
   * // start a streamed call, read its first chunk, cancel it
   * await().until(() -> server.hangUpCount() == 1);
   * }</pre>
   *
   * @return the count since the server started
   */
  public int hangUpCount() {
    return closing.hangUps();
  }

  /** Returns how many response bodies the server is writing now (stalled ones included). */
  int responsesInProgress() {
    return closing.writing();
  }

  /** Returns the base URL and request count. */
  @Override
  public String toString() {
    return "FakeLlmServer{" + baseUrl + ", requests=" + requestCount() + "}";
  }

  private static FakeResponse requireNonNull(FakeResponse response) {
    return Objects.requireNonNull(response, "response");
  }

  private void count(@Nullable String model) {
    if (model != null) {
      countByModel.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
    }
    count.incrementAndGet();
  }

  private void record(RecordedCall call) {
    recordLock.lock();
    try {
      recorded.add(call);
      untaken.add(call);
    } finally {
      recordLock.unlock();
    }
  }

  /** Routes each request to its dialect and scripted answer; called by many threads at once. */
  private final class Router extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      // MockWebServer queues every request for its own takeRequest(), which this server never
      // uses; empty that queue, or it grows by every request served (about 3 KB each).
      drainMockWebServerQueue();
      String method = request.getMethod();
      String path = request.getUrl().encodedPath();
      Dialect dialect = dialectFor(method, path);
      ByteString bytes = request.getBody();
      String body = bytes == null ? "" : bytes.utf8();
      String boundary = MultipartForm.boundary(request.getHeaders().get("Content-Type"));
      List<FormPart> form =
          boundary == null || bytes == null
              ? null
              : MultipartForm.parse(bytes.toByteArray(), boundary);
      JsonNode json = form != null ? MultipartForm.toJson(form) : Json.parseObject(body);
      String model = dialect.model(path, json);
      boolean stream = dialect.stream(path, json);
      Map<String, String> headers = headers(request.getHeaders());
      if (recording) {
        record(
            new RecordedCall(
                method, path, headers, body, model, stream, form == null ? List.of() : form));
      }
      count(model);

      Dialect.Operation operation = dialect.route(method, path);
      FakeResponse script = null;
      Reply reply;
      if (operation == null) {
        reply = dialect.notFound(method, path);
      } else if (json == null) {
        reply =
            dialect.invalidRequest(
                "We could not parse the JSON body of your request. The OpenAI API expects a JSON"
                    + " payload, but what was sent was not valid JSON.");
      } else if (model == null) {
        reply = dialect.invalidRequest("you must provide a model parameter");
      } else {
        script = scripts.next(model).forRequestHeaders(headers);
        if (script.ending() == FakeResponse.Ending.RESET) {
          return reset(script);
        }
        Dialect.Exchange exchange =
            new Dialect.Exchange(operation, json, model, stream, sequence.incrementAndGet());
        reply = dialect.render(exchange, script);
      }
      return response(reply, script);
    }

    /** The dialect that serves the path; OpenAI's answers paths nobody serves. */
    private Dialect dialectFor(String method, String path) {
      if (BedrockDialect.serves(path)) {
        return bedrock;
      }
      if (ResponsesDialect.serves(path)) {
        return responses;
      }
      return anthropic.route(method, path) != null ? anthropic : openAi;
    }

    /**
     * Resets the connection of the request being dispatched, after the script's latency: with
     * {@code SO_LINGER} 0, closing the socket sends a TCP RST instead of an orderly end.
     */
    private MockResponse reset(FakeResponse script) throws InterruptedException {
      closing.sleep(script.latency());
      Socket socket = NoDelayServerSocketFactory.servedByCurrentThread();
      if (socket != null) {
        try {
          socket.setSoLinger(true, 0);
          socket.close();
        } catch (IOException e) {
          // The client is gone already: there is nothing left to reset.
        }
      }
      // Without the socket (never expected) the connection is still closed before the headers.
      return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }

    private MockResponse response(Reply reply, @Nullable FakeResponse script)
        throws InterruptedException {
      if (script != null && closing.sleep(script.latency())) {
        // Closed while waiting: the client sees its connection close, not a late answer.
        return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
      }
      MockResponse.Builder builder =
          new MockResponse.Builder()
              .code(reply.status())
              .body(
                  new ScriptedBody(
                      reply, script, closing, NoDelayServerSocketFactory.servedByCurrentThread()));
      reply.headers().forEach(builder::setHeader);
      if (script != null) {
        script.headers().forEach(builder::setHeader);
        if (script.ending() == FakeResponse.Ending.DROP) {
          builder.onResponseEnd(new SocketEffect.CloseSocket());
        }
      }
      return builder.build();
    }

    private Map<String, String> headers(Headers headers) {
      Map<String, String> map = new LinkedHashMap<>();
      for (int i = 0; i < headers.size(); i++) {
        map.merge(headers.name(i), headers.value(i), (first, second) -> first + ", " + second);
      }
      return map;
    }
  }
}
