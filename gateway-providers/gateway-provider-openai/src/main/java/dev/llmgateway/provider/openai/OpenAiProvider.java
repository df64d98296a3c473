package dev.llmgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.SpeechRequest;
import dev.llmgateway.model.TranscriptionRequest;
import dev.llmgateway.model.TranscriptionResponse;
import dev.llmgateway.provider.http.HttpClients;
import dev.llmgateway.provider.http.HttpErrorMapper;
import dev.llmgateway.provider.http.HttpExchange;
import dev.llmgateway.provider.http.HttpTransport;
import dev.llmgateway.provider.http.Json;
import dev.llmgateway.spi.AudioStream;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.EndpointMode;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Redactor;
import dev.llmgateway.spi.TranscriptionStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured OpenAI (or OpenAI-dialect) provider instance. Thread-safe; its only shared state
 * is the per-key access-token caches (vertex) and the memory of completion-only models ({@link
 * EndpointMode#AUTO}). Every failure is a {@link ProviderException}.
 */
final class OpenAiProvider implements dev.llmgateway.spi.Provider {
  private static final Logger log = LoggerFactory.getLogger(OpenAiProvider.class);
  private static final MediaType JSON = MediaType.get("application/json");

  /** How long before an access token expires it is replaced (vertex): 5 minutes. */
  static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofMinutes(5);

  private final ProviderSettings settings;
  private final OpenAiProfile profile;
  private final OpenAiEndpoint endpoint;
  private final HttpTransport transport;
  private final HttpErrorMapper errors;
  private final CompletionsFallback fallback = new CompletionsFallback();
  private final ResponsesRouting responses;
  private final Map<String, AccessTokenCache> tokens = new ConcurrentHashMap<>();
  private final Duration tokenRefreshMargin;
  private final Capabilities capabilities;
  private final OpenAiImages images;
  private final OpenAiAudio audio;

  OpenAiProvider(ProviderSettings settings, OkHttpClient client, String googleProbeClass) {
    this.settings = settings;
    this.profile = OpenAiProfile.of(settings);
    this.endpoint = new OpenAiEndpoint(profile, settings);
    this.responses = new ResponsesRouting(profile);
    this.tokenRefreshMargin = refreshMargin(settings);
    if (profile.auth() == OpenAiProfile.Auth.GOOGLE_OAUTH) {
      GoogleAuthLibrary.require(googleProbeClass, settings.name());
    }
    this.errors =
        new HttpErrorMapper(
            settings.name(),
            settings.clock(),
            OpenAiErrorDialect.INSTANCE,
            configuredSecrets(settings, profile));
    this.transport = new HttpTransport(client, errors);
    OpenAiMediaSupport.Media media = OpenAiMediaSupport.of(profile, settings);
    this.capabilities =
        OpenAiModels.capabilities(profile)
            .withMedia(media.images(), media.transcription(), media.speech());
    OpenAiCalls calls = new OpenAiCalls(settings.name(), endpoint, transport, this::request);
    this.images = new OpenAiImages(calls);
    this.audio = new OpenAiAudio(calls);
  }

  OpenAiProvider(ProviderSettings settings, OkHttpClient client) {
    this(settings, client, GoogleAuthLibrary.PROBE_CLASS);
  }

  OpenAiProvider(ProviderSettings settings) {
    this(settings, HttpClients.forSettings(settings));
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The host of the endpoint's base URL (the profile's default or the configured one). */
  @Override
  public java.util.Optional<String> serverAddress() {
    return java.util.Optional.of(endpoint.base().host());
  }

  /**
   * The profile's capabilities: see {@link OpenAiModels#capabilities(OpenAiProfile)}, with the
   * media endpoints the profile serves.
   */
  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  /**
   * The capabilities of one model: reasoning only for reasoning models; media only for the media
   * models (and chat only for the others) of a profile that serves the endpoint.
   */
  @Override
  public Capabilities capabilities(String model) {
    Capabilities forModel =
        OpenAiModels.capabilities(profile, model)
            .withMedia(capabilities.images(), capabilities.transcription(), capabilities.speech());
    return OpenAiMediaSupport.forModel(model, forModel);
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    return switch (mode(call, request)) {
      case CHAT -> chatEndpoint(request, call);
      case COMPLETIONS -> completionsEndpoint(request, call);
      case RESPONSES -> responsesEndpoint(request, call);
      case AUTO -> {
        try {
          yield chatEndpoint(request, call);
        } catch (ProviderException e) {
          if (responses.switchesToResponses(request.model(), e)) {
            logSwitch(request.model(), "Responses", e);
            yield responsesEndpoint(request, call);
          }
          fallBackOrThrow(request.model(), e);
          yield completionsEndpoint(request, call);
        }
      }
    };
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    return switch (mode(call, request)) {
      case CHAT -> openStream(request, call, false);
      case COMPLETIONS -> openStream(request, call, true);
      case RESPONSES -> openResponsesStream(request, call);
      case AUTO -> {
        try {
          yield openStream(request, call, false);
        } catch (ProviderException e) {
          if (responses.switchesToResponses(request.model(), e)) {
            logSwitch(request.model(), "Responses", e);
            yield openResponsesStream(request, call);
          }
          fallBackOrThrow(request.model(), e);
          yield openStream(request, call, true);
        }
      }
    };
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, ProviderCall call) {
    byte[] json;
    try {
      json = ChatRequestWriter.embeddings(request, endpoint);
    } catch (IOException | RuntimeException e) {
      throw unencodable(request.model(), e);
    }
    Request http = post(endpoint.embeddingsUrl(request.model()), json, call, request.model());
    byte[] body = transport.execute(http, call, request.model());
    HttpErrorMapper errors = this.errors.forRequest(http);
    try {
      return ChatResponseReader.embeddings(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  @Override
  public ImageResponse images(ImageRequest request, ProviderCall call) {
    requireMedia(capabilities.images(), request.model(), "image generation");
    return images.generate(request, call);
  }

  @Override
  public TranscriptionResponse transcribe(TranscriptionRequest request, ProviderCall call) {
    requireMedia(capabilities.transcription(), request.model(), "transcription");
    return audio.transcribe(request, call);
  }

  @Override
  public TranscriptionStream transcribeStream(TranscriptionRequest request, ProviderCall call) {
    requireMedia(capabilities.transcription(), request.model(), "transcription");
    return audio.transcribeStream(request, call);
  }

  @Override
  public AudioStream speech(SpeechRequest request, ProviderCall call) {
    requireMedia(capabilities.speech(), request.model(), "speech");
    return audio.speech(request, call);
  }

  /** Refuses a media call the profile's server does not offer, before anything is sent. */
  private void requireMedia(boolean offered, String model, String what) {
    if (!offered) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          model,
          "Provider '"
              + settings.name()
              + "' (profile '"
              + profile.name()
              + "') does not support "
              + what
              + " (set the option '"
              + OpenAiMediaSupport.OPTION
              + "' if its server does)",
          null);
    }
  }

  @Override
  public String toString() {
    return "OpenAiProvider["
        + settings.name()
        + ", profile "
        + profile.name()
        + ", "
        + endpoint
        + "]";
  }

  /**
   * The mode to use: AUTO becomes RESPONSES for requests {@link ResponsesRouting} sends there, and
   * COMPLETIONS for models already found to be completion-only. A request that continues a
   * Responses state cannot go anywhere else.
   */
  private EndpointMode mode(ProviderCall call, ChatRequest request) {
    EndpointMode mode = call.endpointMode();
    if (mode == EndpointMode.AUTO && responses.prefersResponses(request)) {
      return EndpointMode.RESPONSES;
    }
    if (mode == EndpointMode.AUTO && fallback.isCompletionOnly(request.model())) {
      mode = EndpointMode.COMPLETIONS;
    }
    if (mode != EndpointMode.RESPONSES && request.previousResponseId() != null) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '"
              + settings.name()
              + "' got a previousResponseId for the "
              + mode
              + " endpoint mode; only the RESPONSES endpoint continues a stored response",
          null);
    }
    return mode;
  }

  private void logSwitch(String model, String endpoint, ProviderException e) {
    log.debug(
        "Provider '{}' model '{}' is served only by the {} endpoint (HTTP {}); using it",
        settings.name(),
        model,
        endpoint,
        e.httpStatus().orElse(0));
  }

  private ChatResponse responsesEndpoint(ChatRequest request, ProviderCall call) {
    Request http =
        post(endpoint.responsesUrl(), responsesBody(request, false), call, request.model());
    byte[] body = transport.execute(http, call, request.model());
    HttpErrorMapper errors = this.errors.forRequest(http);
    try {
      return ResponsesResponseReader.chat(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  /**
   * Opens a Responses stream and reads it past its preamble ({@link PrimedChunkStream}), so that a
   * failure announced before the first content fails this call, not a later read.
   */
  private ChunkStream openResponsesStream(ChatRequest request, ProviderCall call) {
    Request http =
        post(endpoint.responsesUrl(), responsesBody(request, true), call, request.model())
            .newBuilder()
            .header("Accept", "text/event-stream")
            .build();
    HttpExchange exchange = transport.open(http, call, request.model());
    MediaType type = exchange.response().body().contentType();
    if (type != null && "json".equals(type.subtype())) {
      throw jsonInsteadOfResponsesStream(exchange, request.model());
    }
    return PrimedChunkStream.prime(new ResponsesChunkStream(exchange), call.cancellation());
  }

  private byte[] responsesBody(ChatRequest request, boolean stream) {
    if (OpenAiModels.GOOGLE_PROFILES.contains(profile.name())) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '"
              + settings.name()
              + "' (profile '"
              + profile.name()
              + "') has no Responses endpoint; use the CHAT endpoint mode",
          null);
    }
    try {
      return ResponsesRequestWriter.write(request, stream, endpoint);
    } catch (IOException | RuntimeException e) {
      throw unencodable(request.model(), e);
    }
  }

  private ProviderException jsonInsteadOfResponsesStream(HttpExchange exchange, String model) {
    HttpErrorMapper errors = exchange.errors();
    try (exchange) {
      byte[] body;
      try {
        body = exchange.response().body().bytes();
      } catch (IOException e) {
        return exchange.failure(e);
      }
      try {
        ResponsesResponseReader.chat(body, settings.name(), model, errors);
      } catch (ProviderException e) {
        return e;
      } catch (RuntimeException e) {
        // fall through: not a response object either
      }
      return errors.malformed(model, "expected an event stream but got a JSON body", null);
    }
  }

  private void fallBackOrThrow(String model, ProviderException e) {
    if (!CompletionsFallback.isCompatibilityError(e)) {
      throw e;
    }
    fallback.remember(model);
    log.debug(
        "Provider '{}' model '{}' does not support chat (HTTP {}); using the completions endpoint",
        settings.name(),
        model,
        e.httpStatus().orElse(0));
  }

  private ChatResponse chatEndpoint(ChatRequest request, ProviderCall call) {
    RequestBody json;
    try {
      json = ChatRequestWriter.chat(request, false, endpoint);
    } catch (IOException | RuntimeException e) {
      throw unencodable(request.model(), e);
    }
    Request http = post(endpoint.chatUrl(request.model()), json, call, request.model());
    Buffer body = transport.executeBuffered(http, call, request.model());
    HttpErrorMapper errors = this.errors.forRequest(http);
    try {
      return ChatResponseReader.chat(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  private ChatResponse completionsEndpoint(ChatRequest request, ProviderCall call) {
    Request http =
        post(
            endpoint.completionsUrl(request.model()),
            completionsBody(request, false),
            call,
            request.model());
    byte[] body = transport.execute(http, call, request.model());
    HttpErrorMapper errors = this.errors.forRequest(http);
    try {
      return ChatResponseReader.completion(body, settings.name(), request.model(), errors);
    } catch (ProviderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw errors.malformed(request.model(), "unreadable response: " + e.getMessage(), e);
    }
  }

  private ChunkStream openStream(ChatRequest request, ProviderCall call, boolean completions) {
    RequestBody json;
    HttpUrl url;
    if (completions) {
      json = RequestBody.create(completionsBody(request, true), JSON);
      url = endpoint.completionsUrl(request.model());
    } else {
      try {
        json = ChatRequestWriter.chat(request, true, endpoint);
      } catch (IOException | RuntimeException e) {
        throw unencodable(request.model(), e);
      }
      url = endpoint.chatUrl(request.model());
    }
    Request http =
        request(url, call, request.model())
            .header("Accept", "text/event-stream")
            .post(json)
            .build();
    HttpExchange exchange = transport.open(http, call, request.model());
    Response response = exchange.response();
    MediaType type = response.body().contentType();
    if (type != null && "json".equals(type.subtype())) {
      // A JSON body where an event stream was asked for: usually an error with status 200.
      throw jsonInsteadOfStream(exchange, request.model());
    }
    return new OpenAiChunkStream(exchange, completions);
  }

  private byte[] completionsBody(ChatRequest request, boolean stream) {
    String field = CompletionPrompt.unsupportedField(request);
    if (field != null) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '"
              + settings.name()
              + "' (model '"
              + request.model()
              + "') uses the completions endpoint, which takes text only and cannot send "
              + field,
          null);
    }
    try {
      return ChatRequestWriter.completions(request, stream, endpoint);
    } catch (IOException | RuntimeException e) {
      throw unencodable(request.model(), e);
    }
  }

  private Request post(HttpUrl url, byte[] json, ProviderCall call, String model) {
    return post(url, RequestBody.create(json, JSON), call, model);
  }

  private Request post(HttpUrl url, RequestBody json, ProviderCall call, String model) {
    return request(url, call, model).post(json).build();
  }

  /**
   * A request to {@code url} with {@code Accept: application/json}, the endpoint's headers and the
   * call key's credentials; the caller adds the method and body.
   */
  private Request.Builder request(HttpUrl url, ProviderCall call, String model) {
    Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
    for (Map.Entry<String, String> header : endpoint.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    authenticate(builder, call.key(), model);
    return builder;
  }

  /**
   * Adds the credentials. A key with id {@value OpenAiProfile#NO_KEY_ID} (the core's stand-in when
   * none is configured) sends none to profiles that need none, and fails for the others.
   */
  private void authenticate(Request.Builder request, ProviderKey key, String model) {
    if (key.id().equals(OpenAiProfile.NO_KEY_ID)) {
      if (!profile.keyRequired()) {
        return;
      }
      throw new ProviderException(
          ErrorKind.AUTHENTICATION,
          settings.name(),
          model,
          "Provider '"
              + settings.name()
              + "' (profile '"
              + profile.name()
              + "') needs a key, and none is configured",
          null);
    }
    switch (profile.auth()) {
      case BEARER -> request.header("Authorization", "Bearer " + reveal(key));
      case API_KEY_HEADER -> request.header("api-key", reveal(key));
      case GOOGLE_OAUTH ->
          request.header("Authorization", "Bearer " + tokenCache(key, model).token(model));
    }
  }

  private AccessTokenCache tokenCache(ProviderKey key, String model) {
    AccessTokenCache cache = tokens.get(key.id());
    if (cache != null) {
      return cache;
    }
    GoogleServiceAccount account;
    try {
      account = GoogleServiceAccount.fromJson(reveal(key));
    } catch (IOException | RuntimeException e) {
      // The library's message may quote parts of the key file: name only the failure's type.
      throw new ProviderException(
          ErrorKind.AUTHENTICATION,
          settings.name(),
          model,
          "Provider '"
              + settings.name()
              + "' key '"
              + key.id()
              + "' is not a usable service-account JSON key ("
              + e.getClass().getSimpleName()
              + ")",
          null);
    }
    return tokens.computeIfAbsent(
        key.id(),
        id ->
            new AccessTokenCache(
                settings.name(), id, account, settings.clock(), tokenRefreshMargin));
  }

  private String reveal(ProviderKey key) {
    try {
      return key.secret().reveal();
    } catch (ConfigurationException e) {
      throw new ProviderException(
          ErrorKind.AUTHENTICATION,
          settings.name(),
          null,
          "Provider '"
              + settings.name()
              + "' key '"
              + key.id()
              + "' is not usable: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The secrets to scrub from every error of this provider: its keys as configured. A Vertex key is
   * a service-account JSON file, most of which is no secret (scrubbing it would mangle every
   * message that names googleapis.com), so only its private key (line by line, without the PEM
   * armour) and the key's id are; the access tokens minted from it are scrubbed per call, from the
   * request's Authorization header.
   */
  static Redactor configuredSecrets(ProviderSettings settings, OpenAiProfile profile) {
    if (profile.auth() != OpenAiProfile.Auth.GOOGLE_OAUTH) {
      return Redactor.forKeys(settings.keys());
    }
    List<String> secrets = new ArrayList<>();
    for (ProviderKey key : settings.keys()) {
      JsonNode json;
      try {
        json = Json.readObjectOrNull(key.secret().reveal());
      } catch (ConfigurationException e) {
        continue; // not readable, so never sent
      }
      String id = Json.text(json, "private_key_id");
      if (id != null) {
        secrets.add(id);
      }
      String pem = Json.text(json, "private_key");
      if (pem != null) {
        for (String line : pem.split("\\R")) {
          if (!line.isBlank() && !line.startsWith("-----")) {
            secrets.add(line.strip());
          }
        }
      }
    }
    return Redactor.of(secrets);
  }

  private static Duration refreshMargin(ProviderSettings settings) {
    String value = settings.option("token-refresh-margin-seconds");
    if (value == null) {
      return DEFAULT_TOKEN_REFRESH_MARGIN;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      if (seconds >= 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "Provider '"
            + settings.name()
            + "' option 'token-refresh-margin-seconds' must be a whole number of seconds >= 0,"
            + " was '"
            + value
            + "'");
  }

  private ProviderException jsonInsteadOfStream(HttpExchange exchange, @Nullable String model) {
    HttpErrorMapper errors = exchange.errors(); // scoped to the request's credentials
    try (exchange) {
      byte[] body;
      try {
        body = exchange.response().body().bytes();
      } catch (IOException e) {
        return exchange.failure(e);
      }
      try {
        ChatResponseReader.chat(body, settings.name(), model == null ? "" : model, errors);
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
