package dev.llmgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.testkit.FakeLlmServer;
import dev.llmgateway.testkit.FakeResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
 * The cost of the gateway on one chat call, against its baseline: the same call made with a raw
 * OkHttp POST and a Jackson parse. Both go to a {@link FakeLlmServer} on loopback that answers a
 * fixed chat completion, so the difference between the two is what the gateway adds (validation,
 * routing over an alias with two weighted targets and a fallback, request and response mapping).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ChatCallBenchmark -prof gc
 * </pre>
 *
 * <p>Report µs/op for both methods; {@code gc.alloc.rate.norm} is B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChatCallBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String ANSWER =
      "A circuit breaker stops calling a failing service for a while so that it can recover.";
  private static final String MODEL = "gpt-4o-mini";

  private FakeLlmServer server;
  private OkHttpClient http;
  private ObjectMapper mapper;
  private Request rawRequest;
  private GatewayClient gateway;
  private ChatRequest gatewayRequest;

  /** Creates the benchmark state; JMH calls this. */
  public ChatCallBenchmark() {}

  /** Starts the fake server and builds both clients. */
  @Setup(Level.Trial)
  public void setUp() {
    server = FakeLlmServer.start().recordRequests(false);
    server.respondByDefault(FakeResponse.text(ANSWER));

    http = new OkHttpClient();
    mapper = new ObjectMapper();
    String body =
        "{\"model\":\""
            + MODEL
            + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Answer in one sentence.\"},"
            + "{\"role\":\"user\",\"content\":\"What is a circuit breaker?\"}],"
            + "\"max_completion_tokens\":200}";
    rawRequest =
        new Request.Builder()
            .url(server.baseUrl() + "/chat/completions")
            .header("Authorization", "Bearer bench-key-not-secret")
            .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
            .build();

    gateway =
        GatewayClient.builder()
            .provider(
                "primary",
                p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("bench-key-1")))
            .provider(
                "secondary",
                p -> p.type("openai").baseUrl(server.baseUrl()).apiKey(Secret.of("bench-key-2")))
            .alias(
                "fast",
                a ->
                    a.target("primary", MODEL, 60)
                        .target("secondary", MODEL, 40)
                        .fallback("primary/gpt-4o"))
            .seed(42)
            .build();
    gatewayRequest =
        ChatRequest.builder()
            .model("fast")
            .system("Answer in one sentence.")
            .user("What is a circuit breaker?")
            .maxTokens(200)
            .build();
  }

  /** Closes both clients and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.close();
  }

  /**
   * Baseline: a raw OkHttp POST and a Jackson parse of the answer.
   *
   * @return the answer text
   */
  @Benchmark
  public String rawOkHttpAndJackson() {
    try (Response response = http.newCall(rawRequest).execute()) {
      ResponseBody body = response.body();
      JsonNode root = mapper.readTree(body.byteStream());
      return root.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same call through {@link GatewayClient} via an alias.
   *
   * @return the answer text
   */
  @Benchmark
  public String gatewayChatViaAlias() {
    return gateway.chat(gatewayRequest).text();
  }
}
