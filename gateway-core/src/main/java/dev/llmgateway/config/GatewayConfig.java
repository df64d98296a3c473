package dev.llmgateway.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validated gateway configuration read from a YAML or JSON file: everything {@link
 * GatewayClient.Builder} can say with values, applied onto a builder by {@link #applyTo}. The
 * format is documented in {@code docs/configuration.md}, and published as a JSON Schema ({@link
 * #jsonSchema()}, the resource {@value #SCHEMA_RESOURCE}) so that editors complete and check it.
 *
 * <pre>{@code
 * GatewayClient gateway = GatewayClient.fromConfig(Path.of("gateway.yaml"));
 *
 * // or: the file first, then code adds what a file cannot hold
 * GatewayClient gateway = GatewayClient.builder()
 *     .config(Path.of("gateway.yaml"))
 *     .eventListener(metrics)
 *     .build();
 * }</pre>
 *
 * <p><b>Validation</b> reports every problem of a file at once, each with its path, in one {@link
 * ConfigException}: unknown keys (with a "did you mean" for near misses), values of the wrong type
 * or out of range, keys that contradict each other, references to providers, aliases and keys that
 * the file does not declare, prices the catalog refuses, and secret references that cannot be
 * resolved. Secrets appear in a file only as references ({@code ${env:NAME}}, {@code
 * ${file:/path}}, or a scheme of a {@link SecretResolver}); a literal key, or a value anywhere that
 * looks like one, is a problem, and no message ever shows it.
 *
 * <p>Immutable and thread-safe; one configuration may be applied to several builders. Its secrets
 * are resolved when it is loaded.
 */
public final class GatewayConfig {
  /** The class-path resource of the JSON Schema of the format. */
  public static final String SCHEMA_RESOURCE = "dev/llmgateway/config/gateway-config.schema.json";

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern LONG_WORD = Pattern.compile("[^\\s'\"]{16,}");

  private final String source;
  private final JsonNode root;
  private final Map<String, Secret> secrets;

  private GatewayConfig(String source, JsonNode root, Map<String, Secret> secrets) {
    this.source = source;
    this.root = root;
    this.secrets = Map.copyOf(secrets);
  }

  /**
   * Reads and validates a configuration file, resolving its secret references with {@link
   * SecretResolver#defaults()}. A file whose name ends in {@code .json} is read as JSON, any other
   * as YAML (which also reads JSON).
   *
   * @param file the file
   * @return the configuration
   * @throws ConfigException with every problem of the file, or if it cannot be read
   */
  public static GatewayConfig load(Path file) {
    return load(file, SecretResolver.defaults());
  }

  /**
   * Reads and validates a configuration file, resolving its secret references with the given
   * resolver. A file whose name ends in {@code .json} is read as JSON, any other as YAML (which
   * also reads JSON).
   *
   * @param file the file
   * @param resolver resolves {@code ${scheme:name}} references
   * @return the configuration
   * @throws ConfigException with every problem of the file, or if it cannot be read
   */
  public static GatewayConfig load(Path file, SecretResolver resolver) {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of(new ConfigProblem("", "the file does not exist")));
    } catch (IOException e) {
      throw new ConfigException(
          source, List.of(new ConfigProblem("", "the file cannot be read: " + e)));
    }
    boolean json =
        file.getFileName() != null
            && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    return read(text, json, source, resolver);
  }

  /**
   * Reads and validates a configuration given as text: JSON if it starts with <code>&#123;</code>,
   * YAML otherwise.
   *
   * @param text the configuration
   * @param source a name for messages, such as where the text comes from
   * @param resolver resolves {@code ${scheme:name}} references
   * @return the configuration
   * @throws ConfigException with every problem of the text
   */
  public static GatewayConfig parse(String text, String source, SecretResolver resolver) {
    Objects.requireNonNull(text, "text");
    return read(text, text.stripLeading().startsWith("{"), source, resolver);
  }

  static GatewayConfig read(String text, boolean json, String source, SecretResolver resolver) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(resolver, "resolver");
    Problems problems = new Problems();
    JsonNode root;
    try {
      root = (json ? JSON : YAML).readTree(text);
    } catch (JsonProcessingException e) {
      problems.add("", syntax(e, json));
      throw new ConfigException(source, problems.list());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.add("", "the configuration is empty");
      throw new ConfigException(source, problems.list());
    }
    ConfigSchema.ROOT.check(root, "", problems);
    if (root.isObject()) {
      References.check(root, problems);
      References.prices(root, problems);
    }
    Map<String, Secret> secrets = References.secrets(root, resolver, problems);
    problems.throwIfAny(source);
    return new GatewayConfig(source, root.deepCopy(), secrets);
  }

  /** The parser's complaint with its place, keeping no text that could be part of a secret. */
  private static String syntax(JsonProcessingException e, boolean json) {
    StringBuilder what = new StringBuilder();
    for (String line : Objects.requireNonNullElse(e.getOriginalMessage(), "").split("\n")) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        what.append(what.length() == 0 ? "" : "; ").append(line.strip());
      }
    }
    Matcher m = LONG_WORD.matcher(what);
    StringBuilder safe = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          safe,
          LiteralKeys.looksLikeKey(m.group())
              ? "(not shown)"
              : Matcher.quoteReplacement(m.group()));
    }
    m.appendTail(safe);
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "is not valid " + (json ? "JSON" : "YAML") + where + ": " + safe;
  }

  /**
   * Applies this configuration onto a builder: one builder call per key (see {@code
   * docs/configuration.md}), so the client is the one the same calls in code would give. Keys the
   * file leaves out keep the builder's values; calls made on the builder afterwards add to the
   * file's values or replace them.
   *
   * @param builder the builder
   * @return the builder
   * @throws ConfigException if the builder refuses a value (a provider or alias name it already
   *     has, a setting a builder from {@link GatewayClient#newBuilder()} cannot change), with every
   *     such problem; the builder then holds part of the configuration and should be dropped
   */
  public GatewayClient.Builder applyTo(GatewayClient.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    Problems problems = new Problems();
    new Applier(root, secrets, problems).apply(builder);
    problems.throwIfAny(source);
    return builder;
  }

  /**
   * The top-level keys that configure state a running client keeps across reloads (circuit
   * breakers, the retry budget, key and idle-target expiry, budget windows, usage recording): a
   * reload cannot change them.
   */
  private static final List<String> FIXED_ON_RELOAD =
      List.of(
          "circuitBreaker",
          "retryBudget",
          "idleTargetExpiry",
          "disabledKeyProbeInterval",
          "budgetZone",
          "usage",
          "stores");

  /**
   * What keeps this configuration from replacing {@code previous} in a running client: a change to
   * a setting of the state the client keeps across reloads ({@code circuitBreaker}, {@code
   * retryBudget}, {@code idleTargetExpiry}, {@code disabledKeyProbeInterval}, {@code budgetZone},
   * {@code usage}), which only a restart can change. Values are not shown.
   *
   * @param previous the configuration the client runs on
   * @return one problem per such key that differs; empty if this configuration can replace it
   */
  public List<ConfigProblem> reloadProblems(GatewayConfig previous) {
    Objects.requireNonNull(previous, "previous");
    List<ConfigProblem> problems = new java.util.ArrayList<>();
    for (String key : FIXED_ON_RELOAD) {
      if (!Objects.equals(root.get(key), previous.root.get(key))) {
        problems.add(
            new ConfigProblem(
                key,
                "cannot change on reload: it configures state the running client keeps;"
                    + " restart the application to change it"));
      }
    }
    return List.copyOf(problems);
  }

  /**
   * What the configuration was read from: the file's path, or the name given to {@link #parse}.
   *
   * @return the source's name
   */
  public String source() {
    return source;
  }

  /**
   * Reads a duration as the configuration file writes them: {@code 0}, {@code 500ms}, {@code 30s},
   * {@code 5m}, {@code 2h}, {@code 1d}, combined ({@code 1h30m}), or ISO-8601 ({@code PT30S}). For
   * sections that other modules read from the same file (the server's), so that every duration of
   * one file has one syntax.
   *
   * @param text the written duration
   * @return the duration
   * @throws IllegalArgumentException naming the expected forms and the text, if it is not one
   */
  public static Duration parseDuration(String text) {
    return Values.duration(text);
  }

  /**
   * The JSON Schema (draft 2020-12) of the format, as published in the resource {@value
   * #SCHEMA_RESOURCE}. Point an editor at it for completion and checks: {@code #
   * yaml-language-server: $schema=gateway-config.schema.json} at the top of a YAML file.
   *
   * @return the schema's JSON text
   * @throws UncheckedIOException if the resource cannot be read
   */
  public static String jsonSchema() {
    try (InputStream in = GatewayConfig.class.getResourceAsStream("gateway-config.schema.json")) {
      if (in == null) {
        throw new UncheckedIOException(
            new IOException("Resource " + SCHEMA_RESOURCE + " is missing"));
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + SCHEMA_RESOURCE, e);
    }
  }

  /** Names the source and counts providers and aliases; never shows secrets. */
  @Override
  public String toString() {
    return "GatewayConfig["
        + source
        + ", providers="
        + root.path("providers").size()
        + ", aliases="
        + root.path("aliases").size()
        + "]";
  }

  /** The JSON Schema generated from the format's definition (the published file's content). */
  static String generatedJsonSchema() {
    com.fasterxml.jackson.databind.node.ObjectNode schema = Shape.JSON.objectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("title", "LLM Gateway configuration");
    schema.setAll(ConfigSchema.ROOT.jsonSchema());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n";
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("Cannot write the JSON Schema", e);
    }
  }
}
