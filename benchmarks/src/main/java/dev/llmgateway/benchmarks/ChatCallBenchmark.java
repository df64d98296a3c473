package dev.llmgateway.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.testkit.LeanOpenAiServer;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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
 * The cost of the gateway's whole production path on one chat call (cache miss), against its
 * baseline in the same run: the same call made with a raw OkHttp POST and a Jackson parse. Beside
 * them, the peers a Java user would pick instead, on the same fake: the official {@code
 * openai-java} SDK and LangChain4j's {@code OpenAiChatModel} (a plain call, no routing: what they
 * cost for what they do). All four talk to one {@link LeanOpenAiServer} on loopback, whose own cost
 * is small and the same for each, so differences are the clients'.
 *
 * <p>Run (from the repository root; {@code benchmarks/run.sh} runs every suite):
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ChatCallBenchmark -prof gc
 * </pre>
 *
 * <p>Read µs/op; {@code gc.alloc.rate.norm} is B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChatCallBenchmark {
  private LeanOpenAiServer server;
  private OkHttpClient http;
  private Request rawRequest;
  private GatewayClient gateway;
  private GatewayClient inProcess;
  private ChatRequest gatewayRequest;
  private OpenAIClient openAi;
  private ChatCompletionCreateParams openAiParams;
  private OpenAiChatModel langChain;
  private SystemMessage lcSystem;
  private UserMessage lcUser;

  /** Creates the benchmark state; JMH calls this. */
  public ChatCallBenchmark() {}

  /** Starts the fake server and builds every client. */
  @Setup(Level.Trial)
  public void setUp() {
    server = LeanOpenAiServer.start();
    http = Fixtures.rawClient();
    rawRequest = Fixtures.rawRequest(server.baseUrl(), false);
    gateway = Fixtures.gateway(server.baseUrl(), false);
    inProcess = Fixtures.gatewayInProcess();
    gatewayRequest = Fixtures.request();
    openAi =
        OpenAIOkHttpClient.builder()
            .baseUrl(server.baseUrl())
            .apiKey(Fixtures.key(3).reveal())
            .maxRetries(0)
            .build();
    openAiParams =
        ChatCompletionCreateParams.builder()
            .model(Fixtures.MODEL)
            .addSystemMessage(Fixtures.SYSTEM)
            .addUserMessage(Fixtures.USER)
            .maxCompletionTokens(Fixtures.MAX_TOKENS)
            .build();
    langChain =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey(Fixtures.key(4).reveal())
            .modelName(Fixtures.MODEL)
            .maxCompletionTokens(Fixtures.MAX_TOKENS)
            .maxRetries(0)
            .build();
    lcSystem = SystemMessage.from(Fixtures.SYSTEM);
    lcUser = UserMessage.from(Fixtures.USER);
  }

  /** Closes every client and the server. */
  @TearDown(Level.Trial)
  public void tearDown() {
    gateway.close();
    inProcess.close();
    openAi.close();
    Fixtures.close(http);
    server.close();
  }

  /**
   * Baseline: a raw OkHttp POST and a Jackson parse of the answer.
   *
   * @return the answer text
   */
  @Benchmark
  public String rawOkHttpAndJackson() {
    return Fixtures.rawChat(http, rawRequest);
  }

  /**
   * The same call through the gateway's production path.
   *
   * @return the answer text
   */
  @Benchmark
  public String gateway() {
    return gateway.chat(gatewayRequest).text();
  }

  /**
   * The same production path over a provider that answers in the caller's thread (no adapter, no
   * HTTP): what the gateway's own stages cost per call. Shorter iterations: a call takes about 2
   * µs, so a second holds half a million of them.
   *
   * @return the answer text
   */
  @Benchmark
  @Warmup(iterations = 5, time = 1)
  @Measurement(iterations = 5, time = 1)
  public String gatewayInProcess() {
    return inProcess.chat(gatewayRequest).text();
  }

  /**
   * Peer: the official openai-java SDK (OkHttp transport), no retries.
   *
   * @return the answer text
   */
  @Benchmark
  public String peerOpenAiJava() {
    ChatCompletion c = openAi.chat().completions().create(openAiParams);
    return c.choices().get(0).message().content().orElse("");
  }

  /**
   * Peer: LangChain4j's {@code OpenAiChatModel} (its default JDK HTTP client), no retries.
   *
   * @return the answer text
   */
  @Benchmark
  public String peerLangChain4j() {
    return langChain.chat(lcSystem, lcUser).aiMessage().text();
  }
}
