package dev.llmgateway.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.model.CallOptions;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Embedding;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.ratelimit.QuotaStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one Jetty handler: authenticates, applies the per-key quota, attributes the call and
 * sends it to its endpoint; renders every failure as OpenAI's error body (Anthropic's on {@code
 * /v1/messages}). Runs on Jetty's request threads, which may block.
 */
final class Router extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(Router.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final ServerState state;
  private final GatewayClient gateway;
  private final Clock clock;
  private final KeyRing keys;
  private final QuotaStore keyQuotas;
  private final ChatEndpoint chat;
  private final MessagesEndpoint messages;
  private final MediaEndpoints media;
  private final ResponsesEndpoint responses;
  private final UsageEndpoint usage;
  private final Dashboard dashboard;
  private final Supplier<String> metrics;

  Router(
      ServerState state,
      GatewayClient gateway,
      Clock clock,
      KeyRing keys,
      QuotaStore keyQuotas,
      ChatEndpoint chat,
      MessagesEndpoint messages,
      MediaEndpoints media,
      ResponsesEndpoint responses,
      UsageEndpoint usage,
      Dashboard dashboard,
      Supplier<String> metrics) {
    this.state = state;
    this.gateway = gateway;
    this.clock = clock;
    this.keys = keys;
    this.keyQuotas = keyQuotas;
    this.chat = chat;
    this.messages = messages;
    this.media = media;
    this.responses = responses;
    this.usage = usage;
    this.dashboard = dashboard;
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange ex = new Exchange(request, response, callback);
    String path = ex.path();
    boolean anthropic = path.equals("/v1/messages");
    try {
      route(ex, path);
    } catch (Throwable e) {
      ApiError err = Errors.of(e, clock);
      if (err.status >= 500 && !(e instanceof ApiError)) {
        log.warn("{} {} failed: {}", ex.method(), path, e.toString());
      }
      fail(ex, err, anthropic, e);
    }
    return true;
  }

  private void route(Exchange ex, String path) throws IOException {
    ServerSettings settings = state.settings();
    switch (path) {
      case "/healthz":
        get(ex);
        ex.sendJson(200, Json.object().put("status", "ok"));
        return;
      case "/readyz":
        get(ex);
        boolean ready = state.ready();
        ex.sendJson(ready ? 200 : 503, Json.object().put("status", ready ? "ready" : "stopping"));
        return;
      case "/metrics":
        get(ex);
        ex.sendText(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get());
        return;
      default:
        break;
    }
    if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
      dashboard.handle(ex, path);
      return;
    }
    if (!path.startsWith("/v1/")) {
      throw ApiError.notFound("No endpoint " + path);
    }
    Caller caller = authenticate(ex);
    switch (path) {
      case "/v1/models":
        get(ex);
        ex.sendJson(200, state.models(caller));
        return;
      case "/v1/usage":
        get(ex);
        usage.handle(ex, caller);
        return;
      default:
        break;
    }
    post(ex);
    RequestContext context = admit(ex, caller, settings);
    switch (path) {
      case "/v1/chat/completions":
        chat.handle(ex, settings, context);
        return;
      case "/v1/messages":
        messages.handle(ex, settings, context);
        return;
      case "/v1/embeddings":
        embeddings(ex, settings, context);
        return;
      case "/v1/responses":
        responses.handle(ex, settings, context);
        return;
      case "/v1/images/generations":
        media.images(ex, settings, context);
        return;
      case "/v1/audio/speech":
        media.speech(ex, settings, context);
        return;
      case "/v1/audio/transcriptions":
        media.transcription(ex, settings, context);
        return;
      default:
        throw ApiError.notFound("No endpoint POST " + path);
    }
  }

  private Caller authenticate(Exchange ex) {
    String presented = presentedKey(ex);
    if (presented == null) {
      throw ApiError.unauthorized(
          "Missing API key: send it as 'Authorization: Bearer <key>' (or 'x-api-key')");
    }
    ApiKey key = keys.find(presented);
    if (key != null) {
      return new Caller(key, key.tenant());
    }
    if (keys.isAdmin(presented)) {
      return Caller.ADMIN;
    }
    throw ApiError.unauthorized("Invalid or revoked API key");
  }

  static @Nullable String presentedKey(Exchange ex) {
    String auth = ex.header("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String k = auth.substring(7).strip();
      return k.isEmpty() ? null : k;
    }
    String apiKey = ex.header("x-api-key");
    return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
  }

  /** The per-key quota, then the caller's attribution from its key and headers. */
  private RequestContext admit(Exchange ex, Caller caller, ServerSettings settings) {
    if (caller.admin()) {
      throw ApiError.forbidden(
          "The admin key reads usage and the dashboard; calls need a tenant's key");
    }
    ApiKey key = caller.key();
    Integer limit =
        key.requestsPerMinute() != null ? key.requestsPerMinute() : settings.requestsPerMinute();
    if (limit != null) {
      QuotaStore.Admission a =
          keyQuotas.tryAcquire("server-key:" + key.id(), limit, MINUTE, 1, clock.instant());
      if (!a.granted()) {
        long wait =
            Math.max(1, (Duration.between(clock.instant(), a.retryAt()).toMillis() + 999) / 1000);
        throw new ApiError(
            429,
            "rate_limit_error",
            "rate_limit_exceeded",
            null,
            "Key " + key.id() + " is over its limit of " + limit + " requests per minute",
            wait);
      }
    }
    RequestContext ctx = RequestContext.tenant(caller.tenant());
    String team = ChatEndpoint.nonBlank(ex.header("X-Gateway-Team"));
    if (team != null) {
      ctx = ctx.team(team);
    }
    String feature = ChatEndpoint.nonBlank(ex.header("X-Gateway-Feature"));
    if (feature != null) {
      ctx = ctx.feature(feature);
    }
    String user = ChatEndpoint.nonBlank(ex.header("X-Gateway-User"));
    if (user != null) {
      ctx = ctx.user(user);
    }
    String tags = ex.header("X-Gateway-Tags");
    if (tags != null) {
      for (String pair : tags.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw ApiError.invalid(
              null, "X-Gateway-Tags must be key=value pairs separated by commas");
        }
        ctx = ctx.tag(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return ctx;
  }

  private void embeddings(Exchange ex, ServerSettings settings, RequestContext context)
      throws IOException {
    JsonNode body = Fields.object(ex.json(settings.maxRequestBytes()));
    String model = Fields.requiredText(body, "model", "model");
    List<String> inputs = new ArrayList<>();
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw ApiError.invalid("input", "'input' is required");
    }
    if (input.isTextual()) {
      inputs.add(input.asText());
    } else if (input.isArray()) {
      for (JsonNode s : input) {
        if (!s.isTextual()) {
          throw ApiError.invalid("input", "'input' must be a string or an array of strings");
        }
        inputs.add(s.asText());
      }
    } else {
      throw ApiError.invalid("input", "'input' must be a string or an array of strings");
    }
    String format = Fields.text(body, "encoding_format", "encoding_format");
    boolean base64 = "base64".equals(format);
    String user = Fields.text(body, "user", "user");
    RequestContext ctx = user != null && context.user() == null ? context.user(user) : context;
    Integer dimensions = Fields.integer(body, "dimensions");
    EmbeddingRequest request =
        new EmbeddingRequest(
            model, inputs, dimensions, user, ctx, CallOptions.DEFAULT, java.util.Map.of());
    EmbeddingResponse r = gateway.embed(request);
    routeHeaders(ex, r.provider(), r.model(), r.cost());
    ObjectNode o = Json.object();
    o.put("object", "list");
    ArrayNode data = o.putArray("data");
    for (Embedding e : r.embeddings()) {
      ObjectNode item = data.addObject();
      item.put("object", "embedding");
      item.put("index", e.index());
      if (base64) {
        item.put("embedding", Vectors.base64(e.vector()));
      } else {
        ArrayNode v = item.putArray("embedding");
        for (float f : e.vector()) {
          v.add(f);
        }
      }
    }
    o.put("model", r.model());
    ObjectNode u = o.putObject("usage");
    u.put("prompt_tokens", r.usage().inputTokens());
    u.put("total_tokens", r.usage().inputTokens());
    ex.sendJson(200, o);
  }

  static void routeHeaders(Exchange ex, String provider, String model, Cost cost) {
    ex.setHeader("X-Gateway-Provider", provider);
    ex.setHeader("X-Gateway-Model", model);
    ex.setHeader("X-Gateway-Cost-Usd", cost.amount().toUsd().toPlainString());
  }

  private static void get(Exchange ex) {
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      throw ApiError.methodNotAllowed(ex.method(), ex.path());
    }
  }

  private static void post(Exchange ex) {
    if (!ex.method().equals("POST")) {
      throw ApiError.methodNotAllowed(ex.method(), ex.path());
    }
  }

  static ObjectNode openAiError(ApiError err) {
    ObjectNode o = Json.object();
    ObjectNode e = o.putObject("error");
    e.put("message", err.getMessage());
    e.put("type", err.type);
    if (err.param == null) {
      e.putNull("param");
    } else {
      e.put("param", err.param);
    }
    if (err.code == null) {
      e.putNull("code");
    } else {
      e.put("code", err.code);
    }
    return o;
  }

  static ObjectNode anthropicError(ApiError err) {
    ObjectNode o = Json.object();
    o.put("type", "error");
    ObjectNode e = o.putObject("error");
    e.put("type", err.anthropicType());
    e.put("message", err.getMessage());
    return o;
  }

  private static void fail(Exchange ex, ApiError err, boolean anthropic, Throwable cause) {
    if (ex.isDone()) {
      return;
    }
    if (ex.committed()) {
      ex.abort(cause);
      return;
    }
    try {
      if (err.retryAfterSeconds != null) {
        ex.setHeader("Retry-After", String.valueOf(err.retryAfterSeconds));
      }
      if (err.status == 401) {
        ex.setHeader("WWW-Authenticate", "Bearer");
      }
      ex.sendJson(err.status, anthropic ? anthropicError(err) : openAiError(err));
    } catch (IOException | RuntimeException e) {
      ex.abort(e);
    }
  }
}
