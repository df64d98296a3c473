package dev.llmgateway.pricing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.Money;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, versioned table of {@link ModelPrice}s, looked up by provider type and model.
 *
 * <pre>{@code
 * PriceCatalog catalog = PriceCatalog.bundled().toBuilder()
 *     .model("openai", "ft:gpt-4o-mini:acme", Money.usd("0.30"), Money.usd("1.20"))
 *     .build();
 * catalog.find("openai", "gpt-4o-2024-08-06");   // the gpt-4o price
 * }</pre>
 *
 * <p><b>Lookup.</b> {@link #find} tries, in order: the exact model of the provider type; the
 * longest catalog model of that type that the model starts with, followed by {@code -}, {@code :}
 * or {@code @} (dated variants such as {@code gpt-4o-2024-08-06} or {@code
 * anthropic.claude-sonnet-4-5-20250929-v1:0}); the same without a Bedrock cross-region prefix
 * ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}, ...); and finally the same steps over
 * every provider type (so that an OpenAI-compatible provider serving {@code gemini-2.5-flash} finds
 * the Gemini price). Results are memoized, so the hot path is one map lookup; no regular
 * expressions are used.
 *
 * <p><b>JSON format</b> (the bundled {@code dev/llmgateway/pricing/prices-2026-11.json} is an
 * example): {@code {"version": "...", "models": [{"provider", "model", "input", "output",
 * "cachedRead"?, "cacheWrite"?, "contextWindow"?, "maxOutputTokens"?, "aliases"?: [...], "media"?:
 * {...}}]}}, prices as decimal strings in US dollars per million tokens; {@code cachedRead} and
 * {@code cacheWrite} default to {@code input}.
 *
 * <p>{@code media} holds a model's {@link MediaPrice}: any of {@code "perImage": {"WIDTHxHEIGHT":
 * {"quality": "price of one image"}}}, {@code "imageOutputTokens": {"WIDTHxHEIGHT": {"quality":
 * tokens}}} (a whole number), and the prices {@code "imageInputPerMillion"}, {@code
 * "imageOutputPerMillion"}, {@code "audioInputPerMillion"}, {@code "audioOutputPerMillion"} (per
 * million tokens), {@code "perMinute"} (per minute of audio) and {@code "perMillionCharacters"}.
 * For example {@code "media": {"perImage": {"1024x1024": {"standard": "0.04", "hd": "0.08"}}}}. An
 * entry with {@code media} may leave out {@code input} and {@code output}, which then are 0 (a
 * media-only model such as {@code whisper-1}). {@code media} is read strictly: an unknown field, an
 * empty object, a value of the wrong type, a bad size, quality, price or token count fails naming
 * the model and the field's path (such as {@code media.perImage."1024x1024".hd}).
 *
 * <p>Thread-safe.
 */
public final class PriceCatalog {
  /** The classpath resource of the bundled catalog. */
  public static final String BUNDLED_RESOURCE = "dev/llmgateway/pricing/prices-2026-11.json";

  private static final int MEMO_LIMIT = 4096;
  private static final String[] REGION_PREFIXES = {
    "us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."
  };
  private static final String ANY = "";

  private final String version;
  private final List<ModelPrice> models;
  private final Map<String, Map<String, ModelPrice>> exact;
  private final Map<String, List<String>> longestFirst;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Optional<ModelPrice>>> memo =
      new ConcurrentHashMap<>();

  private PriceCatalog(String version, Map<String, Map<String, ModelPrice>> byProvider) {
    this.version = version;
    Map<String, Map<String, ModelPrice>> e = new HashMap<>();
    Map<String, ModelPrice> any = new LinkedHashMap<>();
    List<ModelPrice> all = new ArrayList<>();
    for (Map.Entry<String, Map<String, ModelPrice>> p : byProvider.entrySet()) {
      e.put(p.getKey(), Map.copyOf(p.getValue()));
      for (Map.Entry<String, ModelPrice> m : p.getValue().entrySet()) {
        any.putIfAbsent(m.getKey(), m.getValue());
        all.add(m.getValue());
      }
    }
    e.put(ANY, Map.copyOf(any));
    this.exact = Map.copyOf(e);
    Map<String, List<String>> lf = new HashMap<>();
    for (Map.Entry<String, Map<String, ModelPrice>> p : exact.entrySet()) {
      List<String> keys = new ArrayList<>(p.getValue().keySet());
      keys.sort(Comparator.comparingInt(String::length).reversed().thenComparing(k -> k));
      lf.put(p.getKey(), List.copyOf(keys));
    }
    this.longestFirst = Map.copyOf(lf);
    this.models = List.copyOf(all);
  }

  /**
   * The catalog bundled with this version of the library (see {@link #BUNDLED_RESOURCE}), loaded
   * once.
   *
   * @return the bundled catalog
   */
  public static PriceCatalog bundled() {
    return Bundled.CATALOG;
  }

  private static final class Bundled {
    static final PriceCatalog CATALOG = load();

    private static PriceCatalog load() {
      try (InputStream in = PriceCatalog.class.getResourceAsStream("/" + BUNDLED_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("Missing resource " + BUNDLED_RESOURCE);
        }
        return builder().json(in, BUNDLED_RESOURCE).build();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + BUNDLED_RESOURCE, e);
      }
    }
  }

  /**
   * An empty catalog: every model's price is unknown.
   *
   * @return the empty catalog
   */
  public static PriceCatalog empty() {
    return builder().build();
  }

  /**
   * A builder for a new catalog, empty at first.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts with this catalog's prices and version.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    for (ModelPrice m : models) {
      b.model(m);
    }
    return b;
  }

  /**
   * Reads a catalog from a JSON file (format in the class Javadoc).
   *
   * @param file the file
   * @return the catalog
   * @throws ConfigurationException naming the file and the problem: it does not exist or cannot be
   *     read, it is not JSON (with the line and column), it has no {@code "models"} array, or an
   *     entry is malformed or implausible (naming the model and the field)
   */
  public static PriceCatalog fromJson(Path file) {
    return builder().json(file).build();
  }

  /**
   * The catalog's version, such as {@code 2026-11}.
   *
   * @return the version; empty for a catalog built without one
   */
  public String version() {
    return version;
  }

  /**
   * Every price, in no particular order.
   *
   * @return the prices
   */
  public List<ModelPrice> models() {
    return models;
  }

  /**
   * The price of a model (lookup rules in the class Javadoc).
   *
   * @param providerType the provider type, such as {@code openai}
   * @param model the model id as sent to the provider
   * @return the price, or empty if the model has none
   */
  public Optional<ModelPrice> find(String providerType, String model) {
    ConcurrentHashMap<String, Optional<ModelPrice>> perProvider = memo.get(providerType);
    if (perProvider != null) {
      Optional<ModelPrice> hit = perProvider.get(model);
      if (hit != null) {
        return hit;
      }
    }
    Optional<ModelPrice> found = Optional.ofNullable(resolve(providerType, model));
    ConcurrentHashMap<String, Optional<ModelPrice>> m =
        memo.computeIfAbsent(providerType, k -> new ConcurrentHashMap<>());
    if (m.size() < MEMO_LIMIT) {
      m.put(model, found);
    }
    return found;
  }

  private @Nullable ModelPrice resolve(String providerType, String model) {
    ModelPrice p = resolveIn(providerType, model);
    return p != null ? p : resolveIn(ANY, model);
  }

  private @Nullable ModelPrice resolveIn(String provider, String model) {
    ModelPrice p = prefixMatch(provider, model);
    if (p != null) {
      return p;
    }
    for (String region : REGION_PREFIXES) {
      if (model.startsWith(region)) {
        return prefixMatch(provider, model.substring(region.length()));
      }
    }
    return null;
  }

  private @Nullable ModelPrice prefixMatch(String provider, String model) {
    Map<String, ModelPrice> table = exact.get(provider);
    if (table == null) {
      return null;
    }
    ModelPrice p = table.get(model);
    if (p != null) {
      return p;
    }
    for (String key : longestFirst.get(provider)) {
      if (key.length() < model.length() && model.startsWith(key)) {
        char next = model.charAt(key.length());
        if (next == '-' || next == ':' || next == '@') {
          return table.get(key);
        }
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "PriceCatalog{version=" + version + ", models=" + models.size() + "}";
  }

  /**
   * Collects prices for a {@link PriceCatalog}; later entries for the same provider and model
   * replace earlier ones. Every method validates its input at once.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Map<String, ModelPrice>> byProvider = new LinkedHashMap<>();
    private String version = "";

    private Builder() {}

    /**
     * Sets the version. Defaults to the base catalog's, or empty.
     *
     * @param version the version text
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder version(String version) {
      if (version == null) {
        throw new IllegalArgumentException("version must not be null");
      }
      this.version = version;
      return this;
    }

    /**
     * Adds or replaces a price.
     *
     * @param price the price
     * @return this builder
     * @throws IllegalArgumentException if null
     */
    public Builder model(ModelPrice price) {
      if (price == null) {
        throw new IllegalArgumentException("price must not be null");
      }
      byProvider
          .computeIfAbsent(price.provider(), k -> new LinkedHashMap<>())
          .put(price.model(), price);
      return this;
    }

    /**
     * Adds or replaces a price with input and output prices only (see {@link ModelPrice#of}).
     *
     * @param provider the provider type
     * @param model the model id
     * @param inputPerMillion the price of a million input tokens
     * @param outputPerMillion the price of a million output tokens
     * @return this builder
     * @throws IllegalArgumentException naming the model and field if a price is implausible
     */
    public Builder model(
        String provider, String model, Money inputPerMillion, Money outputPerMillion) {
      return model(ModelPrice.of(provider, model, inputPerMillion, outputPerMillion));
    }

    /**
     * Sets the media prices of a model: they replace those of the provider type's entry for exactly
     * this model id, keeping its token prices and limits, or, if there is none, add a media-only
     * entry with zero token prices. Aliases made earlier keep the price they had.
     *
     * <pre>{@code
     * .prices(p -> p.media("openai", "whisper-1",
     *     MediaPrice.builder().perMinute(Money.usd("0.006")).build()))
     * }</pre>
     *
     * @param providerType the provider type, such as {@code openai}
     * @param model the model id, such as {@code dall-e-3}
     * @param price the media prices; an empty one removes the entry's media prices
     * @return this builder
     * @throws IllegalArgumentException if the provider type or model is blank or the price is null
     */
    public Builder media(String providerType, String model, MediaPrice price) {
      if (price == null) {
        throw new IllegalArgumentException(
            "The media price of '" + providerType + "/" + model + "' must not be null");
      }
      @Nullable Map<String, ModelPrice> table =
          providerType == null ? null : byProvider.get(providerType);
      @Nullable ModelPrice existing = table == null || model == null ? null : table.get(model);
      ModelPrice base =
          existing != null ? existing : ModelPrice.of(providerType, model, Money.ZERO, Money.ZERO);
      return model(base.withMedia(price));
    }

    /**
     * Makes another model id cost what an already added model costs.
     *
     * @param provider the provider type
     * @param alias the other model id
     * @param model the model already added
     * @return this builder
     * @throws IllegalArgumentException if the model was not added
     */
    public Builder alias(String provider, String alias, String model) {
      Map<String, ModelPrice> table = byProvider.get(provider);
      ModelPrice p = table == null ? null : table.get(model);
      if (p == null) {
        throw new IllegalArgumentException(
            "Cannot alias '" + alias + "' to unknown model '" + provider + "/" + model + "'");
      }
      return model(p.withModel(alias));
    }

    /**
     * Adds every price of a JSON file (format in the {@link PriceCatalog} Javadoc); its version, if
     * it has one, becomes the version.
     *
     * @param file the file
     * @return this builder
     * @throws ConfigurationException naming the file and the problem: it does not exist or cannot
     *     be read, it is not JSON, it has no {@code "models"} array, or an entry is malformed or
     *     implausible (naming the model and the field)
     */
    public Builder json(Path file) {
      if (file == null) {
        throw new ConfigurationException("Price catalog file must not be null");
      }
      InputStream in;
      try {
        in = Files.newInputStream(file);
      } catch (NoSuchFileException e) {
        throw new ConfigurationException(
            "Price catalog file " + file.toAbsolutePath() + " does not exist", e);
      } catch (IOException e) {
        throw new ConfigurationException(
            "Price catalog file " + file.toAbsolutePath() + " cannot be read: " + e, e);
      }
      try (in) {
        return json(in, file.toString());
      } catch (IOException e) {
        throw new ConfigurationException(
            "Price catalog file " + file.toAbsolutePath() + " cannot be read: " + e, e);
      }
    }

    /**
     * Adds every price of a JSON document (format in the {@link PriceCatalog} Javadoc).
     *
     * @param json the document; not closed
     * @param name a name for messages, such as a file name
     * @return this builder
     * @throws ConfigurationException naming the source and the problem: it cannot be read, it is
     *     not JSON (with the line and column), it has no {@code "models"} array, or an entry is
     *     malformed or implausible (naming the model and the field)
     */
    public Builder json(InputStream json, String name) {
      if (json == null) {
        throw new ConfigurationException("Price catalog " + name + ": the stream is null");
      }
      JsonNode root;
      try {
        root = new ObjectMapper().readTree(json);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        throw new ConfigurationException(
            "Price catalog "
                + name
                + " is not valid JSON"
                + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                + ": "
                + e.getOriginalMessage(),
            e);
      } catch (IOException e) {
        throw new ConfigurationException("Price catalog " + name + " cannot be read: " + e, e);
      }
      if (root == null || root.isMissingNode()) {
        throw new ConfigurationException("Price catalog " + name + " is empty");
      }
      if (!root.path("models").isArray()) {
        throw new ConfigurationException(
            "Price catalog "
                + name
                + " has no \"models\" array"
                + (root.isObject() ? "" : ": its top level is not a JSON object"));
      }
      if (root.hasNonNull("version")) {
        version = root.get("version").asText();
      }
      int index = -1;
      for (JsonNode m : root.get("models")) {
        index++;
        String provider = m.path("provider").asText("");
        String model = m.path("model").asText("");
        try {
          Optional<MediaPrice> media = media(provider, model, m.get("media"));
          @Nullable Money zeroIfMedia = media.isPresent() ? Money.ZERO : null;
          Money input = price(m, "input", zeroIfMedia);
          ModelPrice p =
              new ModelPrice(
                  provider,
                  model,
                  input,
                  price(m, "output", zeroIfMedia),
                  price(m, "cachedRead", input),
                  price(m, "cacheWrite", input),
                  m.path("contextWindow").asInt(0),
                  m.path("maxOutputTokens").asInt(0),
                  media);
          model(p);
          for (JsonNode alias : m.path("aliases")) {
            model(p.withModel(alias.asText()));
          }
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(
              "Price catalog " + name + " models[" + index + "]: " + e.getMessage(), e);
        }
      }
      return this;
    }

    private static Optional<MediaPrice> media(
        String provider, String model, @Nullable JsonNode media) {
      if (media == null || media.isNull()) {
        return Optional.empty();
      }
      String owner = "'" + provider + "/" + model + "'";
      MediaPrice price = MediaPriceJson.read(owner, media);
      if (price.isEmpty()) {
        throw new IllegalArgumentException(
            owner + " has an empty \"media\": price at least one part, or leave it out");
      }
      return Optional.of(price);
    }

    private static Money price(JsonNode m, String field, @Nullable Money fallback) {
      JsonNode v = m.get(field);
      if (v == null || v.isNull()) {
        if (fallback != null) {
          return fallback;
        }
        throw new IllegalArgumentException(
            "'"
                + m.path("provider").asText("")
                + "/"
                + m.path("model").asText("")
                + "' has no \""
                + field
                + "\" price");
      }
      try {
        return Money.usd(v.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'"
                + m.path("provider").asText("")
                + "/"
                + m.path("model").asText("")
                + "' has a bad \""
                + field
                + "\" price: "
                + e.getMessage(),
            e);
      }
    }

    /**
     * Builds the catalog.
     *
     * @return the catalog
     */
    public PriceCatalog build() {
      return new PriceCatalog(version, byProvider);
    }
  }
}
