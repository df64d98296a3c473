package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.provider.http.HttpClients;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.HttpTransport;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderSettings;
import java.io.IOException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.ByteString;

/**
 * One configured OpenAI (or OpenAI-dialect) provider instance. Thread-safe; holds no per-call
 * state. Every failure is a {@link ProviderException}.
 */
final class OpenAiProvider implements dev.llmgateway.spi.Provider {
  private static final MediaType JSON = MediaType.get("application/json");

  private final ProviderSettings settings;
  private final OpenAiProfile profile;
  private final HttpUrl baseUrl;
  private final HttpTransport transport;
  private final HttpErrorMapper errors;

  OpenAiProvider(ProviderSettings settings, OkHttpClient client) {
    this.settings = settings;
    this.profile = OpenAiProfile.of(settings);
    this.baseUrl = profile.baseUrl(settings);
    this.errors =
        new HttpErrorMapper(settings.name(), settings.clock(), OpenAiErrorDialect.INSTANCE);
    this.transport = new HttpTransport(client, errors);
  }

  OpenAiProvider(ProviderSettings settings) {
    this(settings, HttpClients.forSettings(settings));
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.ALL;
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    Request http = post(profile.chatUrl(baseUrl, request.model()), chatBody(request, false), call);
    byte[] body = transport.execute(http, call, request.model());
    try {
      return ChatResponseReader.chat(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    Request http =
        post(profile.chatUrl(baseUrl, request.model()), chatBody(request, true), call)
            .newBuilder()
            .header("Accept", "text/event-stream")
            .build();
    HttpExchange exchange = transport.open(http, call, request.model());
    Response response = exchange.response();
    MediaType type = response.body().contentType();
    if (type != null && "json".equals(type.subtype())) {
      // A JSON body where an event stream was asked for: usually an error with status 200.
      throw jsonInsteadOfStream(exchange, request.model());
    }
    return new OpenAiChunkStream(exchange);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, ProviderCall call) {
    byte[] json;
    try {
      json = ChatRequestWriter.embeddings(request);
    } catch (IOException | RuntimeException e) {
      throw unencodable(request.model(), e);
    }
    Request http = post(profile.embeddingsUrl(baseUrl, request.model()), json, call);
    byte[] body = transport.execute(http, call, request.model());
    try {
      return ChatResponseReader.embeddings(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "OpenAiProvider["
        + settings.name()
        + ", profile "
        + profile.name()
        + ", "
        + baseUrl
        + "]";
  }

  private byte[] chatBody(ChatRequest request, boolean stream) {
    try {
      return ChatRequestWriter.chat(request, stream, profile);
    } catch (IOException | RuntimeException e) {
      throw unencodable(request.model(), e);
    }
  }

  private Request post(HttpUrl url, byte[] json, ProviderCall call) {
    Request.Builder builder =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(ByteString.of(json), JSON))
            .header("Accept", "application/json");
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
    profile.authenticate(builder, key);
    return builder.build();
  }

  private ProviderException jsonInsteadOfStream(HttpExchange exchange, String model) {
    try (exchange) {
      byte[] body;
      try {
        body = exchange.response().body().bytes();
      } catch (IOException e) {
        return exchange.failure(e);
      }
      try {
        ChatResponseReader.chat(body, settings.name(), model, errors);
      } catch (ProviderException e) {
        return e;
      } catch (RuntimeException e) {
        // fall through: not a chat completion either
      }
      return errors.malformed(model, "expected an event stream but got a JSON body", null);
    }
  }

  private ProviderException unencodable(String model, Exception e) {
    return new ProviderException(
        ErrorKind.INVALID_REQUEST,
        settings.name(),
        model,
        "Provider '" + settings.name() + "' could not encode the request: " + e.getMessage(),
        e);
  }
}
