package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * One provider instance's resolved endpoint: its profile applied to its settings. Computes URLs and
 * wire model ids per call without parsing anything; all options are read and checked once, here.
 *
 * <p>Options read (all optional unless said):
 *
 * <ul>
 *   <li>{@code azure-openai}: {@code api-version} (defaults to {@value #DEFAULT_AZURE_API_VERSION};
 *       {@code v1} selects the v1 GA path {@code {endpoint}/openai/v1/...} without a version
 *       query), {@code deployment} (one deployment for every model) and {@code deployments} ({@code
 *       model=deployment,model2=deployment2}); the deployment defaults to the model id.
 *   <li>{@code vertex}: {@code project} (required) and {@code location} (defaults to {@value
 *       #DEFAULT_VERTEX_LOCATION}; {@code global} uses the global host). A {@code baseUrl} replaces
 *       only the host, for private endpoints and tests.
 *   <li>{@code openrouter}: {@code http-referer} and {@code x-title}, sent as the {@code
 *       HTTP-Referer} and {@code X-Title} headers that rank an app on OpenRouter.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
final class OpenAiEndpoint {
  /** The Azure OpenAI API version used when the {@code api-version} option is absent. */
  static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

  /** The {@code api-version} value that selects Azure's v1 GA path. */
  static final String AZURE_V1 = "v1";

  /** The Vertex AI location used when the {@code location} option is absent. */
  static final String DEFAULT_VERTEX_LOCATION = "us-central1";

  private final OpenAiProfile profile;
  private final HttpUrl base;
  private final @Nullable String azureApiVersion;
  private final @Nullable String fixedDeployment;
  private final Map<String, String> deployments;
  private final Map<String, String> headers;

  /** Endpoint URLs that do not depend on the model, by path; filled on first use. */
  private final ConcurrentHashMap<String, HttpUrl> fixedUrls = new ConcurrentHashMap<>();

  OpenAiEndpoint(OpenAiProfile profile, ProviderSettings settings) {
    this.profile = profile;
    String where = "Provider '" + settings.name() + "' (profile '" + profile.name() + "')";
    Map<String, String> extraHeaders = new LinkedHashMap<>(settings.headers());
    String apiVersion = null;
    String deployment = null;
    Map<String, String> mapping = Map.of();
    switch (profile.urls()) {
      case AZURE -> {
        base = parse(where, required(where, settings.baseUrl(), "baseUrl (the resource endpoint)"));
        String v = settings.option("api-version");
        apiVersion = v == null ? DEFAULT_AZURE_API_VERSION : v;
        deployment = settings.option("deployment");
        mapping = deployments(where, settings.option("deployments"));
      }
      case VERTEX -> {
        String project = required(where, settings.option("project"), "option 'project'");
        String location = settings.option("location");
        location = location == null ? DEFAULT_VERTEX_LOCATION : location;
        String host =
            settings.baseUrl() != null
                ? settings.baseUrl()
                : location.equals("global")
                    ? "https://aiplatform.googleapis.com"
                    : "https://" + location + "-aiplatform.googleapis.com";
        base =
            parse(where, host)
                .newBuilder()
                .addPathSegment("v1")
                .addPathSegment("projects")
                .addPathSegment(project)
                .addPathSegment("locations")
                .addPathSegment(location)
                .addPathSegment("endpoints")
                .addPathSegment("openapi")
                .build();
      }
      case STANDARD -> {
        String url = settings.baseUrl() != null ? settings.baseUrl() : profile.defaultBaseUrl();
        base = parse(where, required(where, url, "baseUrl"));
      }
      default -> throw new IllegalStateException("unknown URL style " + profile.urls());
    }
    if (profile.name().equals("openrouter")) {
      putOption(extraHeaders, settings, "http-referer", "HTTP-Referer");
      putOption(extraHeaders, settings, "x-title", "X-Title");
    }
    this.azureApiVersion = apiVersion;
    this.fixedDeployment = deployment;
    this.deployments = mapping;
    this.headers = Collections.unmodifiableMap(extraHeaders);
  }

  OpenAiProfile profile() {
    return profile;
  }

  /** The base URL; for Azure the resource endpoint. */
  HttpUrl base() {
    return base;
  }

  /** Headers sent with every request: the settings' and the profile's own. Not secret. */
  Map<String, String> headers() {
    return headers;
  }

  HttpUrl chatUrl(String model) {
    return url(model, "chat/completions");
  }

  HttpUrl completionsUrl(String model) {
    return url(model, "completions");
  }

  HttpUrl embeddingsUrl(String model) {
    return url(model, "embeddings");
  }

  HttpUrl imagesUrl(String model) {
    return url(model, "images/generations");
  }

  HttpUrl transcriptionsUrl(String model) {
    return url(model, "audio/transcriptions");
  }

  HttpUrl speechUrl(String model) {
    return url(model, "audio/speech");
  }

  /**
   * The Responses endpoint: {@code {base}/responses}; on Azure {@code
   * {endpoint}/openai/v1/responses} with the {@code v1} API version, else {@code
   * {endpoint}/openai/responses?api-version=} (a version of {@code 2025-03-01-preview} or later),
   * the deployment going in the body's {@code model}.
   */
  HttpUrl responsesUrl() {
    if (profile.urls() != OpenAiProfile.Urls.AZURE) {
      return base.newBuilder().addPathSegment("responses").build();
    }
    if (AZURE_V1.equals(azureApiVersion)) {
      return base.newBuilder().addPathSegments("openai/v1/responses").build();
    }
    return base.newBuilder()
        .addPathSegments("openai/responses")
        .addQueryParameter("api-version", azureApiVersion)
        .build();
  }

  /** The model id written into request bodies: Azure's deployment, Vertex's publisher id. */
  String wireModel(String model) {
    if (profile.urls() == OpenAiProfile.Urls.AZURE) {
      return deployment(model);
    }
    return profile.wireModel(model);
  }

  private HttpUrl url(String model, String path) {
    boolean azure = profile.urls() == OpenAiProfile.Urls.AZURE;
    if (!azure || AZURE_V1.equals(azureApiVersion)) {
      // The URL does not depend on the model: built once per path (a handful of endpoints).
      HttpUrl known = fixedUrls.get(path);
      if (known == null) {
        HttpUrl.Builder b = base.newBuilder();
        if (azure) {
          b.addPathSegments("openai/v1");
        }
        known = b.addPathSegments(path).build();
        fixedUrls.putIfAbsent(path, known);
      }
      return known;
    }
    return base.newBuilder()
        .addPathSegments("openai/deployments")
        .addPathSegment(deployment(model))
        .addPathSegments(path)
        .addQueryParameter("api-version", azureApiVersion)
        .build();
  }

  private String deployment(String model) {
    String mapped = deployments.get(model);
    if (mapped != null) {
      return mapped;
    }
    return fixedDeployment != null ? fixedDeployment : model;
  }

  private static void putOption(
      Map<String, String> headers, ProviderSettings settings, String option, String header) {
    String value = settings.option(option);
    if (value != null && !value.isBlank()) {
      headers.put(header, value);
    }
  }

  private static String required(String where, @Nullable String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(where + " needs " + what);
    }
    return value;
  }

  private static HttpUrl parse(String where, String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new ConfigurationException(where + " baseUrl is not a valid URL: '" + url + "'");
    }
    return parsed;
  }

  /** Parses {@code model=deployment,model2=deployment2}. */
  private static Map<String, String> deployments(String where, @Nullable String spec) {
    if (spec == null || spec.isBlank()) {
      return Map.of();
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      int eq = entry.indexOf('=');
      String model = eq < 0 ? "" : entry.substring(0, eq).trim();
      String deployment = eq < 0 ? "" : entry.substring(eq + 1).trim();
      if (model.isEmpty() || deployment.isEmpty()) {
        throw new ConfigurationException(
            where
                + " option 'deployments' must read 'model=deployment,...', but has entry '"
                + entry.trim()
                + "'");
      }
      result.put(model, deployment);
    }
    return Map.copyOf(result);
  }

  /** The profile and base URL; nothing secret. */
  @Override
  public String toString() {
    return profile.name() + " " + base;
  }
}
