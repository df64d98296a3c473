package dev.llmgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.ChatStream;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.budget.BudgetScope;
import dev.llmgateway.model.ChatChunk;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.provider.http.HttpClients;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.spi.Secret;
import dev.llmgateway.usage.UsageSinks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * What the benchmarks share: the production gateway, the raw OkHttp baseline and the request both
 * send. The gateway has the production path switched on (an alias over two weighted targets and a
 * fallback, a per-tenant quota, a global budget reserved and settled on every call, usage records
 * to an in-memory aggregator, a request context) and its response cache off unless asked.
 */
final class Fixtures {
  static final String MODEL = "gpt-4o-mini";
  static final String SYSTEM = "Answer in one sentence.";
  static final String USER = "What is a circuit breaker?";
  static final int MAX_TOKENS = 200;
  static final MediaType JSON = MediaType.get("application/json");
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Connections a client keeps: more than the most callers any benchmark runs (256). */
  static final int POOL = 300;

  static {
    // The gateway's shared pool keeps as many idle connections as the raw client's: the same
    // setting on both sides, as a user running this many callers would choose.
    if (System.getProperty(HttpClients.MAX_IDLE_CONNECTIONS_PROPERTY) == null) {
      System.setProperty(HttpClients.MAX_IDLE_CONNECTIONS_PROPERTY, String.valueOf(POOL));
    }
  }

  private Fixtures() {}

  /** A fake key built at run time (never a literal that looks like a key). */
  static Secret key(int n) {
    return Secret.of("bench-" + "key-" + n + "-" + "x".repeat(16));
  }

  /**
   * The production gateway against a fake server.
   *
   * @param baseUrl the fake's base URL
   * @param cache whether the response cache is on
   */
  static GatewayClient gateway(String baseUrl, boolean cache) {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .provider("primary", p -> p.type("openai").baseUrl(baseUrl).apiKey(key(1)))
            .provider("secondary", p -> p.type("openai").baseUrl(baseUrl).apiKey(key(2)));
    if (cache) {
      b.cache(c -> c.cacheAllAliases(true));
    }
    return productionPath(b).build();
  }

  /**
   * The same production path over {@link InProcessProvider}s: no adapter, no HTTP, what the
   * gateway's own stages cost.
   */
  static GatewayClient gatewayInProcess() {
    GatewayClient.Builder b =
        GatewayClient.builder()
            .providerFactory(new InProcessProvider.Factory())
            .provider("primary", p -> p.type(InProcessProvider.TYPE).apiKey(key(1)))
            .provider("secondary", p -> p.type(InProcessProvider.TYPE).apiKey(key(2)));
    return productionPath(b).build();
  }

  /** The alias, quota, budget, usage records and seed of every benchmarked client. */
  private static GatewayClient.Builder productionPath(GatewayClient.Builder b) {
    return b.alias(
            "fast",
            a ->
                a.target("primary", MODEL, 60)
                    .target("secondary", MODEL, 40)
                    .fallback("primary/gpt-4o"))
        .quota(
            q ->
                q.scope(QuotaScope.eachTenant())
                    .requestsPerMinute(1_000_000_000L)
                    .tokensPerMinute(1_000_000_000_000L))
        .budget(b2 -> b2.scope(BudgetScope.global()).lifetime(Money.usd("1000000000")))
        .usage(u -> u.sink(UsageSinks.aggregator()))
        .seed(42);
  }

  /** The request the gateway sends: the alias, a system and a user message, a context. */
  static ChatRequest request() {
    return ChatRequest.builder()
        .model("fast")
        .system(SYSTEM)
        .user(USER)
        .maxTokens(MAX_TOKENS)
        .context(RequestContext.tenant("acme").team("support").feature("faq"))
        .build();
  }

  /** A raw OkHttp client as tuned as the gateway's: a dispatcher and pool for many callers. */
  static OkHttpClient rawClient() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(1024);
    dispatcher.setMaxRequestsPerHost(512);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(POOL, 60, TimeUnit.SECONDS))
        .retryOnConnectionFailure(false)
        .build();
  }

  /** The raw baseline's request: the same JSON body the gateway's OpenAI provider writes. */
  static Request rawRequest(String baseUrl, boolean stream) {
    String body =
        "{\"model\":\""
            + MODEL
            + "\",\"messages\":[{\"role\":\"system\",\"content\":\""
            + SYSTEM
            + "\"},{\"role\":\"user\",\"content\":\""
            + USER
            + "\"}],\"max_completion_tokens\":"
            + MAX_TOKENS
            + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "")
            + "}";
    return new Request.Builder()
        .url(baseUrl + "/chat/completions")
        .header("Authorization", "Bearer " + key(0).reveal())
        .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON))
        .build();
  }

  /** The baseline call: a raw OkHttp POST and a Jackson parse of the answer. */
  static String rawChat(OkHttpClient http, Request request) {
    try (Response response = http.newCall(request).execute()) {
      JsonNode root = MAPPER.readTree(response.body().byteStream());
      return root.path("choices").path(0).path("message").path("content").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one server-sent event's data line off a raw stream and parses it: the baseline of a
   * stream's chunk.
   *
   * @return the chunk's content, "" for a chunk without content, or null at {@code [DONE]} or the
   *     end of the body
   */
  static String rawNextChunk(BufferedSource source) throws IOException {
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (!line.startsWith("data: ")) {
        continue;
      }
      if (line.equals("data: [DONE]")) {
        return null;
      }
      JsonNode event = MAPPER.readTree(line.substring(6));
      return event.path("choices").path(0).path("delta").path("content").asText("");
    }
    return null;
  }

  /**
   * The baseline stream: a raw OkHttp call whose SSE body is read to its end, Jackson per event.
   *
   * @return the characters of content read
   */
  static int rawStream(OkHttpClient http, Request request) {
    try (Response response = http.newCall(request).execute()) {
      BufferedSource source = response.body().source();
      int chars = 0;
      String content;
      while ((content = rawNextChunk(source)) != null) {
        chars += content.length();
      }
      return chars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A stream through the gateway, read to its end.
   *
   * @return the characters of content read
   */
  static int gatewayStream(GatewayClient gateway, ChatRequest request) {
    int chars = 0;
    try (ChatStream stream = gateway.stream(request)) {
      for (ChatChunk chunk : stream) {
        chars += chunk.text().length();
      }
    }
    return chars;
  }

  /** Shuts a raw client down. */
  static void close(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
