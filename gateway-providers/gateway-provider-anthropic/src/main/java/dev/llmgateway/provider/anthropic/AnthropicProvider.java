package dev.llmgateway.provider.anthropic;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.provider.http.HttpClients;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.HttpTransport;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Redactor;
import java.io.IOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * One configured Anthropic provider instance. Thread-safe; holds no per-call state. Every failure
 * is a {@link ProviderException}.
 */
final class AnthropicProvider implements Provider {
  /**
   * Chat, streaming, tools and vision; JSON response formats through a system instruction (see
   * {@link AnthropicProviderFactory}); extended thinking and prompt caching; no embeddings, images
   * or audio.
   */
  static final Capabilities CAPABILITIES =
      new Capabilities(true, true, true, true, true, false).withChatExtras(true, true);

  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderSettings settings;
  private final HttpUrl messagesUrl;
  private final String version;
  private final @Nullable Integer defaultMaxTokens;
  private final HttpTransport transport;
  private final HttpErrorMapper errors;

  AnthropicProvider(ProviderSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.messagesUrl = messagesUrl(settings);
    String version = settings.option(AnthropicProviderFactory.OPTION_VERSION);
    this.version = version != null ? version : AnthropicProviderFactory.DEFAULT_VERSION;
    this.defaultMaxTokens = defaultMaxTokens(settings);
    this.errors =
        new HttpErrorMapper(
            settings.name(),
            settings.clock(),
            AnthropicErrorDialect.INSTANCE,
            Redactor.forKeys(settings.keys()));
    this.transport = new HttpTransport(client, errors);
  }

  AnthropicProvider(ProviderSettings settings) {
    this(settings, HttpClients.forSettings(settings));
  }

  /** The host of the base URL ({@code api.anthropic.com} unless configured). */
  @Override
  public java.util.Optional<String> serverAddress() {
    return java.util.Optional.of(messagesUrl.host());
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  /** Reasoning for the models that think (Claude 3.7 and later, see {@link ClaudeThinking}). */
  @Override
  public Capabilities capabilities(String model) {
    return CAPABILITIES.withChatExtras(ClaudeThinking.reasons(model), true);
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    Request http = post(body(request, false), call);
    byte[] body = transport.execute(http, call, request.model());
    HttpErrorMapper errors = this.errors.forRequest(http);
    try {
      return MessagesResponseReader.chat(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    Request http =
        post(body(request, true), call).newBuilder().header("Accept", "text/event-stream").build();
    HttpExchange exchange = transport.open(http, call, request.model());
    Response response = exchange.response();
    MediaType type = response.body().contentType();
    if (type != null && "json".equals(type.subtype())) {
      // A JSON body where an event stream was asked for: an error object, or a proxy's answer.
      throw jsonInsteadOfStream(exchange, request.model());
    }
    return new AnthropicChunkStream(exchange);
  }

  @Override
  public String toString() {
    return "AnthropicProvider[" + settings.name() + ", " + messagesUrl + "]";
  }

  private byte[] body(ChatRequest request, boolean stream) {
    if (request.previousResponseId() != null) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '"
              + settings.name()
              + "' (anthropic) cannot continue a stored OpenAI response: previousResponseId is"
              + " set",
          null);
    }
    int maxTokens =
        defaultMaxTokens != null
            ? defaultMaxTokens
            : AnthropicProviderFactory.defaultMaxTokens(request.model());
    try {
      return MessagesRequestWriter.chat(request, stream, maxTokens);
    } catch (IOException | RuntimeException e) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '" + settings.name() + "' could not encode the request: " + e.getMessage(),
          e);
    }
  }

  private Request post(byte[] json, ProviderCall call) {
    Request.Builder builder =
        new Request.Builder()
            .url(messagesUrl)
            .post(RequestBody.create(ByteString.of(json), JSON))
            .header("Accept", "application/json")
            .header("anthropic-version", version);
    for (Map.Entry<String, String> header : settings.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    String key;
    try {
      key = call.key().secret().reveal();
    } catch (ConfigurationException e) {
      throw new ProviderException(
          ErrorKind.AUTHENTICATION,
          settings.name(),
          null,
          "Provider '"
              + settings.name()
              + "' key '"
              + call.key().id()
              + "' is not usable: "
              + e.getMessage(),
          e);
    }
    builder.header("x-api-key", key);
    return builder.build();
  }

  private ProviderException jsonInsteadOfStream(HttpExchange exchange, String model) {
    HttpErrorMapper errors = exchange.errors(); // scoped to the request's credentials
    try (exchange) {
      byte[] body;
      try {
        body = exchange.response().body().bytes();
      } catch (IOException e) {
        return exchange.failure(e);
      }
      try {
        MessagesResponseReader.chat(body, settings.name(), model, errors);
      } catch (ProviderException e) {
        return e;
      } catch (RuntimeException e) {
        // fall through: not a message either
      }
      return errors.malformed(model, "expected an event stream but got a JSON body", null);
    }
  }

  private static HttpUrl messagesUrl(ProviderSettings settings) {
    String url =
        settings.baseUrl() != null ? settings.baseUrl() : AnthropicProviderFactory.DEFAULT_BASE_URL;
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new ConfigurationException(
          "Provider '" + settings.name() + "' baseUrl is not a valid URL: '" + url + "'");
    }
    return parsed.newBuilder().addPathSegments("v1/messages").build();
  }

  private static @Nullable Integer defaultMaxTokens(ProviderSettings settings) {
    String value = settings.option(AnthropicProviderFactory.OPTION_DEFAULT_MAX_TOKENS);
    if (value == null) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "Provider '"
            + settings.name()
            + "' option '"
            + AnthropicProviderFactory.OPTION_DEFAULT_MAX_TOKENS
            + "' must be a positive integer, was '"
            + value
            + "'");
  }
}
