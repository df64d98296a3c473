package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.InvalidRequestException;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.Embedding;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.EmbeddingResponse;
import dev.llmgateway.model.GeneratedImage;
import dev.llmgateway.model.ImageRequest;
import dev.llmgateway.model.ImageResponse;
import dev.llmgateway.model.Usage;
import dev.llmgateway.spi.Capabilities;
import dev.llmgateway.spi.ChunkStream;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderCall;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import dev.llmgateway.spi.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * One configured Bedrock provider instance over one {@link BedrockRuntimeAsyncClient}. Plain calls
 * are asynchronous SDK calls awaited for at most the call's timeout; streamed calls are bridged by
 * {@link BedrockChunkStream}. Thread-safe; holds no per-call state. Every failure is a {@link
 * ProviderException}. The Netty client runs on the provider's own {@link NettyTransport} (an event
 * loop of daemon threads), which {@link #close()} shuts down after the SDK client.
 */
final class BedrockProvider implements Provider {
  private static final Logger log = LoggerFactory.getLogger(BedrockProvider.class);

  /** Connections the Netty client opens at most: far above the SDK's default of 50. */
  static final int MAX_CONCURRENCY = 500;

  /**
   * Chat, streaming, tools, vision and embeddings; reasoning and prompt caching (on the models that
   * take them, see {@link BedrockModels#capabilities}); images (Nova Canvas, Titan); no JSON mode
   * or audio.
   */
  static final Capabilities CAPABILITIES =
      new Capabilities(true, true, true, true, false, true)
          .withChatExtras(true, true)
          .withMedia(true, false, false);

  private final ProviderSettings settings;
  private final BedrockModels models;
  private final BedrockErrors errors;
  private final Region region;
  private final @Nullable URI endpoint;
  private final NettyTransport transport;
  private final AwsCredentialsProvider defaultCredentials;
  private final BedrockRuntimeAsyncClient client;

  BedrockProvider(ProviderSettings settings) {
    this.settings = settings;
    this.models =
        new BedrockModels(settings.name(), settings.option(BedrockModels.CROSS_REGION_OPTION));
    this.errors = new BedrockErrors(settings.name(), configuredSecrets(settings));
    this.region = region(settings);
    this.endpoint = endpoint(settings);
    String profile = settings.option("profile");
    this.defaultCredentials =
        profile != null
            ? ProfileCredentialsProvider.builder().profileName(profile).build()
            : DefaultCredentialsProvider.builder().build();
    // Error bodies are scrubbed before the SDK reads them: it logs and keeps them.
    this.transport =
        new NettyTransport(
            settings.name(),
            settings.connectTimeout(),
            settings.readTimeout(),
            MAX_CONCURRENCY,
            errors.redactor());
    BedrockRuntimeAsyncClientBuilder builder =
        BedrockRuntimeAsyncClient.builder()
            .httpClient(transport.http())
            .region(region)
            .credentialsProvider(defaultCredentials)
            .overrideConfiguration(
                o -> {
                  // One attempt, and no SDK log line that quotes the failure.
                  o.retryStrategy(NoRetries.INSTANCE);
                  settings.headers().forEach(o::putHeader);
                });
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    this.client = builder.build();
    log.debug(
        "Bedrock provider '{}' in {} at {}, credentials from {}",
        settings.name(),
        region,
        endpoint == null ? "the regional endpoint" : endpoint,
        settings.keys().isEmpty()
            ? (profile != null ? "profile " + profile : "the default chain")
            : settings.keys().size() + " key(s)");
  }

  private static Region region(ProviderSettings settings) {
    String region = settings.option("region");
    if (region != null && !region.isBlank()) {
      return Region.of(region.trim());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' (bedrock) has no region: set the option 'region' or AWS_REGION");
    }
  }

  private static @Nullable URI endpoint(ProviderSettings settings) {
    String baseUrl = settings.baseUrl();
    if (baseUrl == null) {
      return null;
    }
    try {
      URI uri = new URI(baseUrl);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(baseUrl, "needs a scheme and a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' base URL '"
              + baseUrl
              + "' is not valid: "
              + e.getMessage());
    }
  }

  @Override
  public String name() {
    return settings.name();
  }

  /** The endpoint override's host, else the region's Bedrock Runtime host. */
  @Override
  public java.util.Optional<String> serverAddress() {
    if (endpoint != null && endpoint.getHost() != null) {
      return java.util.Optional.of(endpoint.getHost());
    }
    return java.util.Optional.of("bedrock-runtime." + region.id() + ".amazonaws.com");
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Capabilities capabilities(String model) {
    String id = models.modelId(model);
    return BedrockModels.capabilities(model, CAPABILITIES)
        .withChatExtras(BedrockReasoning.reasons(id), BedrockReasoning.caches(id));
  }

  @Override
  public ChatResponse chat(ChatRequest request, ProviderCall call) {
    long start = System.nanoTime();
    String model = request.model();
    ConverseWriter.Parts parts = parts(request);
    AwsCredentials credentials = credentials(call);
    ConverseRequest.Builder converse =
        ConverseRequest.builder()
            .modelId(models.modelId(model))
            .messages(parts.messages())
            .overrideConfiguration(override(call, credentials));
    if (!parts.system().isEmpty()) {
      converse.system(parts.system());
    }
    if (parts.inferenceConfig() != null) {
      converse.inferenceConfig(parts.inferenceConfig());
    }
    if (parts.toolConfig() != null) {
      converse.toolConfig(parts.toolConfig());
    }
    if (parts.additionalModelRequestFields() != null) {
      converse.additionalModelRequestFields(parts.additionalModelRequestFields());
    }
    ConverseResponse response =
        await(() -> client.converse(converse.build()), call, start, model, credentials);
    try {
      return ConverseReader.chat(response, settings.name(), model);
    } catch (RuntimeException e) {
      throw errors.forCall(credentials).malformed(model, "unreadable answer: " + e.getMessage(), e);
    }
  }

  @Override
  public ChunkStream stream(ChatRequest request, ProviderCall call) {
    long start = System.nanoTime();
    String model = request.model();
    ConverseWriter.Parts parts = parts(request);
    AwsCredentials credentials = credentials(call);
    ConverseStreamRequest.Builder converse =
        ConverseStreamRequest.builder()
            .modelId(models.modelId(model))
            .messages(parts.messages())
            .overrideConfiguration(override(call, credentials));
    if (!parts.system().isEmpty()) {
      converse.system(parts.system());
    }
    if (parts.inferenceConfig() != null) {
      converse.inferenceConfig(parts.inferenceConfig());
    }
    if (parts.toolConfig() != null) {
      converse.toolConfig(parts.toolConfig());
    }
    if (parts.additionalModelRequestFields() != null) {
      converse.additionalModelRequestFields(parts.additionalModelRequestFields());
    }
    BedrockErrors errors = this.errors.forCall(credentials);
    BedrockChunkStream stream = new BedrockChunkStream(errors, model, call.timeout(), start);
    if (call.cancellation().isCancelled()) {
      throw errors.map(new CancellationException(), model, true, false, call.timeout());
    }
    CompletableFuture<Void> future;
    try {
      future = client.converseStream(converse.build(), stream.handler());
    } catch (RuntimeException e) {
      stream.close();
      throw errors.map(e, model, false, false, call.timeout());
    }
    stream.attach(future);
    call.cancellation().onCancel(stream::close);
    stream.awaitOpen();
    return stream;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, ProviderCall call) {
    long start = System.nanoTime();
    String model = request.model();
    String modelId = models.modelId(model);
    AwsCredentials credentials = credentials(call);
    BedrockErrors errors = this.errors.forCall(credentials);
    List<Embedding> embeddings = new ArrayList<>(request.inputs().size());
    long tokens = 0;
    if (BedrockModels.isCohereEmbed(modelId)) {
      InvokeModelResponse response =
          invoke(modelId, Embeddings.cohereBody(request), call, start, model, credentials);
      List<float[]> vectors;
      try {
        vectors = Embeddings.cohere(response.body().asUtf8String());
      } catch (RuntimeException e) {
        throw errors.malformed(model, "unreadable embeddings: " + e.getMessage(), e);
      }
      if (vectors.size() != request.inputs().size()) {
        throw errors.malformed(
            model,
            "expected " + request.inputs().size() + " embeddings but got " + vectors.size(),
            null);
      }
      for (int i = 0; i < vectors.size(); i++) {
        embeddings.add(new Embedding(i, vectors.get(i)));
      }
      tokens =
          response
              .sdkHttpResponse()
              .firstMatchingHeader(Embeddings.INPUT_TOKENS_HEADER)
              .map(BedrockProvider::parseCount)
              .orElse(0L);
    } else {
      for (int i = 0; i < request.inputs().size(); i++) {
        InvokeModelResponse response =
            invoke(
                modelId,
                Embeddings.titanBody(request, request.inputs().get(i)),
                call,
                start,
                model,
                credentials);
        Embeddings.Titan titan;
        try {
          titan = Embeddings.titan(response.body().asUtf8String());
        } catch (RuntimeException e) {
          throw errors.malformed(model, "unreadable embedding: " + e.getMessage(), e);
        }
        embeddings.add(new Embedding(i, titan.vector()));
        tokens += titan.tokens();
      }
    }
    return EmbeddingResponse.of(settings.name(), model, embeddings, Usage.of(tokens, 0));
  }

  @Override
  public ImageResponse images(ImageRequest request, ProviderCall call) {
    long start = System.nanoTime();
    String model = request.model();
    String modelId = models.modelId(model);
    if (!BedrockImages.isImageModel(modelId)) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          model,
          "Provider '"
              + settings.name()
              + "' does not support image generation with model '"
              + modelId
              + "' (only Amazon Nova Canvas and Titan Image Generator)",
          null);
    }
    String body;
    try {
      body = BedrockImages.body(request);
    } catch (RuntimeException e) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          model,
          "Provider '" + settings.name() + "' could not encode the request: " + e.getMessage(),
          e);
    }
    AwsCredentials credentials = credentials(call);
    InvokeModelResponse response = invoke(modelId, body, call, start, model, credentials);
    List<GeneratedImage> images;
    try {
      images = BedrockImages.read(response.body().asUtf8String());
    } catch (RuntimeException e) {
      throw errors.forCall(credentials).malformed(model, "unreadable images: " + e.getMessage(), e);
    }
    return ImageResponse.of(
        settings.name(),
        model,
        images,
        BedrockImages.billedSize(request),
        BedrockImages.quality(request),
        Usage.NOT_REPORTED);
  }

  private InvokeModelResponse invoke(
      String modelId,
      String body,
      ProviderCall call,
      long start,
      String model,
      @Nullable AwsCredentials credentials) {
    InvokeModelRequest request =
        InvokeModelRequest.builder()
            .modelId(modelId)
            .contentType("application/json")
            .accept("application/json")
            .body(SdkBytes.fromUtf8String(body))
            .overrideConfiguration(override(call, credentials))
            .build();
    return await(() -> client.invokeModel(request), call, start, model, credentials);
  }

  private static long parseCount(String value) {
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Closes the provider: first its transport's HTTP client and every connection (calls in flight
   * fail at once), then the SDK client, and last the event loop, so that no task reaches a
   * terminated loop (see {@link NettyTransport}). Never throws; a failure is logged at WARN.
   */
  @Override
  public void close() {
    try {
      transport.closeConnections();
      client.close();
      transport.close();
      if (defaultCredentials instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      log.warn("Bedrock provider '{}' did not close cleanly", settings.name(), e);
    }
  }

  /** The provider's transport, for tests of its close. */
  NettyTransport transport() {
    return transport;
  }

  @Override
  public String toString() {
    return "BedrockProvider["
        + settings.name()
        + ", "
        + region
        + (endpoint == null ? "" : ", " + endpoint)
        + "]";
  }

  private ConverseWriter.Parts parts(ChatRequest request) {
    try {
      if (request.previousResponseId() != null) {
        throw new InvalidRequestException(
            "previousResponseId", "Bedrock cannot continue a stored OpenAI response");
      }
      return ConverseWriter.parts(request, models.modelId(request.model()));
    } catch (InvalidRequestException e) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '" + settings.name() + "' cannot send the request: " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new ProviderException(
          ErrorKind.INVALID_REQUEST,
          settings.name(),
          request.model(),
          "Provider '" + settings.name() + "' could not encode the request: " + e.getMessage(),
          e);
    }
  }

  /**
   * The secrets to scrub from every error of this provider: each configured key as a whole and its
   * parts (access key id, secret access key, session token).
   */
  private static Redactor configuredSecrets(ProviderSettings settings) {
    Redactor redactor = Redactor.forKeys(settings.keys());
    for (ProviderKey key : settings.keys()) {
      try {
        redactor = redactor.and(List.of(key.secret().reveal().split(":", -1)));
      } catch (ConfigurationException e) {
        // not readable, so never sent
      }
    }
    return redactor;
  }

  private @Nullable AwsCredentials credentials(ProviderCall call) {
    return AwsKeys.credentials(call.key(), settings.name());
  }

  private static AwsRequestOverrideConfiguration override(
      ProviderCall call, @Nullable AwsCredentials credentials) {
    AwsRequestOverrideConfiguration.Builder o = AwsRequestOverrideConfiguration.builder();
    if (credentials != null) {
      o.credentialsProvider(StaticCredentialsProvider.create(credentials));
    }
    call.headers().forEach(o::putHeader);
    return o.build();
  }

  /** Starts an SDK call and waits for it for at most the call's time left. */
  private <T> T await(
      java.util.function.Supplier<CompletableFuture<T>> start,
      ProviderCall call,
      long startNanos,
      String model,
      @Nullable AwsCredentials credentials) {
    BedrockErrors errors = this.errors.forCall(credentials);
    Duration timeout = call.timeout();
    if (call.cancellation().isCancelled()) {
      throw errors.map(new CancellationException(), model, true, false, timeout);
    }
    CompletableFuture<T> future;
    try {
      future = start.get();
    } catch (RuntimeException e) {
      throw errors.map(e, model, false, false, timeout);
    }
    call.cancellation().onCancel(() -> future.cancel(true));
    long remaining = timeout.toNanos() - (System.nanoTime() - startNanos);
    try {
      return future.get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw errors.timeout(model, timeout, e);
    } catch (ExecutionException | CancellationException e) {
      boolean deadlinePassed = System.nanoTime() - startNanos >= timeout.toNanos();
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw errors.map(cause, model, call.cancellation().isCancelled(), deadlinePassed, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw errors.map(e, model, true, false, timeout);
    }
  }
}
