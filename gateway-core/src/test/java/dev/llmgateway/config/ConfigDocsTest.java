package dev.llmgateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the format, its documentation and its JSON Schema in step: every accepted key is documented
 * with its default and every documented key is accepted; the published schema is the one the format
 * generates and lists exactly the accepted keys; the documented example conforms to it.
 */
class ConfigDocsTest {
  private static final Path DOC = ConfigFixtures.ROOT.resolve("docs/configuration.md");
  private static final Path PUBLISHED =
      Path.of("src/main/resources").resolve(GatewayConfig.SCHEMA_RESOURCE);

  @Test
  void everyAcceptedKeyIsDocumentedWithItsDefaultAndNothingElseIs() throws IOException {
    Map<String, String> documented = documentedKeys();
    Map<String, String> accepted = new LinkedHashMap<>();
    acceptedKeys().forEach((k, f) -> accepted.put(k, f.defaultText()));

    assertThat(documented.keySet())
        .as("documented keys that are not accepted")
        .isSubsetOf(accepted.keySet());
    assertThat(accepted.keySet())
        .as("accepted keys that are not documented")
        .isSubsetOf(documented.keySet());
    assertThat(documented).as("the documented defaults").isEqualTo(accepted);
    assertThat(accepted).hasSizeGreaterThan(100);
  }

  @Test
  void thePublishedSchemaIsTheOneTheFormatGenerates() throws IOException {
    String generated = GatewayConfig.generatedJsonSchema();
    if (Boolean.getBoolean("config.schema.write")) {
      Files.writeString(PUBLISHED, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(PUBLISHED, StandardCharsets.UTF_8))
        .as("%s; regenerate it with -Dconfig.schema.write=true", PUBLISHED)
        .isEqualTo(generated);
    assertThat(GatewayConfig.jsonSchema()).isEqualTo(generated);
  }

  @Test
  void thePublishedSchemaListsExactlyTheAcceptedKeys() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(GatewayConfig.jsonSchema());
    List<String> keys = new ArrayList<>();
    schemaKeys(schema, "", keys);

    assertThat(keys).containsExactlyElementsOf(acceptedKeys().keySet());
  }

  @Test
  void theDocumentedExampleConformsToThePublishedSchema() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(GatewayConfig.jsonSchema());
    JsonNode example = new YAMLMapper().readTree(ConfigFixtures.documentedExample());

    assertThat(SchemaCheck.problems(schema, example)).isEmpty();
  }

  @Test
  void theSchemaCheckCatchesWhatTheSchemaForbids() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(GatewayConfig.jsonSchema());
    JsonNode bad =
        new YAMLMapper()
            .readTree(
                "providers:\n"
                    + "  a/b: {type: openai}\n"
                    + "  x: {apiKey: literal, keySelection: random, colour: red}\n"
                    + "aliases:\n"
                    + "  fast: {targets: []}\n"
                    + "maxAttempts: 0\n"
                    + "defaultTimeout: 30\n"
                    + "retryBudget: {ratio: 2}\n");

    assertThat(SchemaCheck.problems(schema, bad))
        .containsExactlyInAnyOrder(
            "providers: name 'a/b' does not match ^[^/]*[^/\\s][^/]*$",
            "providers.x.apiKey: 'literal' does not match ^\\$\\{[a-z][a-z0-9+.-]*:.+\\}$",
            "providers.x.keySelection: 'random' is not one of [\"weighted\",\"roundRobin\"]",
            "providers.x.colour: is not allowed",
            "aliases.fast.targets: has fewer than 1 items",
            "maxAttempts: 0 is below 1",
            "defaultTimeout: is not of type string",
            "retryBudget.ratio: 2 is above 1");
  }

  /** The keys of the tables between the keys markers, with their default column. */
  private static Map<String, String> documentedKeys() throws IOException {
    List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
    int begin = lines.indexOf("<!-- keys: begin -->");
    int end = lines.indexOf("<!-- keys: end -->");
    assertThat(begin).as("the keys markers").isNotNegative().isLessThan(end);
    Map<String, String> keys = new LinkedHashMap<>();
    Set<String> repeated = new HashSet<>();
    for (String line : lines.subList(begin + 1, end)) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String key = cells[1].strip().replace("`", "");
      String defaultText = cells[3].strip().replace("`", "");
      if (keys.put(key, defaultText) != null) {
        repeated.add(key);
      }
    }
    assertThat(repeated).as("keys documented twice").isEmpty();
    return keys;
  }

  private static Map<String, Shape.Field> acceptedKeys() {
    Map<String, Shape.Field> keys = new LinkedHashMap<>();
    ConfigSchema.ROOT.keys("", keys);
    return keys;
  }

  /** The key paths a JSON Schema describes, named as in the documentation. */
  private static void schemaKeys(JsonNode schema, String prefix, List<String> out) {
    JsonNode props = schema.path("properties");
    props
        .properties()
        .forEach(
            e -> {
              String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
              if (!key.equals("$schema") || !prefix.isEmpty()) {
                out.add(key);
              }
              schemaKeys(e.getValue(), key, out);
            });
    if (schema.path("additionalProperties").isObject()) {
      schemaKeys(schema.path("additionalProperties"), prefix + ".<name>", out);
    }
    if (schema.path("items").isObject()) {
      schemaKeys(schema.path("items"), prefix + "[]", out);
    }
    if (prefix.isEmpty() && props.has("$schema")) {
      out.add(0, "$schema");
    }
  }

  /** Checks a document against the subset of JSON Schema the published schema uses. */
  static final class SchemaCheck {
    private final List<String> problems = new ArrayList<>();

    static List<String> problems(JsonNode schema, JsonNode doc) {
      SchemaCheck c = new SchemaCheck();
      c.check(schema, doc, "");
      return c.problems;
    }

    private void check(JsonNode schema, JsonNode value, String path) {
      if (schema.has("type") && !typeMatches(schema.path("type"), value)) {
        problems.add(path + ": is not of type " + schema.path("type").asText());
        return;
      }
      if (schema.has("enum") && !contains(schema.path("enum"), value)) {
        problems.add(path + ": " + describe(value) + " is not one of " + schema.path("enum"));
      }
      if (value.isTextual()) {
        text(schema, value.textValue(), path);
      }
      if (value.isNumber()) {
        number(schema, value.doubleValue(), path);
      }
      if (value.isArray()) {
        if (value.size() < schema.path("minItems").asInt(0)) {
          problems.add(path + ": has fewer than " + schema.path("minItems") + " items");
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "[" + i + "]");
        }
      }
      if (value.isObject()) {
        object(schema, value, path);
      }
    }

    private void object(JsonNode schema, JsonNode value, String path) {
      for (JsonNode r : schema.path("required")) {
        if (!value.has(r.asText())) {
          problems.add(child(path, r.asText()) + ": is required");
        }
      }
      value
          .properties()
          .forEach(
              e -> {
                String at = child(path, e.getKey());
                String pattern = schema.path("propertyNames").path("pattern").asText(null);
                if (pattern != null && !Pattern.compile(pattern).matcher(e.getKey()).find()) {
                  problems.add(path + ": name '" + e.getKey() + "' does not match " + pattern);
                  return;
                }
                JsonNode p = schema.path("properties").path(e.getKey());
                JsonNode extra = schema.path("additionalProperties");
                if (!p.isMissingNode()) {
                  check(p, e.getValue(), at);
                } else if (extra.isObject()) {
                  check(extra, e.getValue(), at);
                } else if (extra.isBoolean() && !extra.booleanValue()) {
                  problems.add(at + ": is not allowed");
                }
              });
    }

    private void text(JsonNode schema, String text, String path) {
      if (text.length() < schema.path("minLength").asInt(0)) {
        problems.add(path + ": is shorter than " + schema.path("minLength"));
      }
      String pattern = schema.path("pattern").asText(null);
      if (pattern != null && !Pattern.compile(pattern).matcher(text).find()) {
        problems.add(path + ": '" + text + "' does not match " + pattern);
      }
    }

    private void number(JsonNode schema, double v, String path) {
      String shown = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
      if (schema.has("minimum") && v < schema.path("minimum").asDouble()) {
        problems.add(path + ": " + shown + " is below " + schema.path("minimum"));
      }
      if (schema.has("exclusiveMinimum") && v <= schema.path("exclusiveMinimum").asDouble()) {
        problems.add(path + ": " + shown + " is not above " + schema.path("exclusiveMinimum"));
      }
      if (schema.has("maximum") && v > schema.path("maximum").asDouble()) {
        problems.add(path + ": " + shown + " is above " + schema.path("maximum"));
      }
      if (schema.has("exclusiveMaximum") && v >= schema.path("exclusiveMaximum").asDouble()) {
        problems.add(path + ": " + shown + " is not below " + schema.path("exclusiveMaximum"));
      }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
      if (type.isArray()) {
        for (JsonNode t : type) {
          if (typeMatches(t, value)) {
            return true;
          }
        }
        return false;
      }
      switch (type.asText()) {
        case "object":
          return value.isObject();
        case "array":
          return value.isArray();
        case "string":
          return value.isTextual();
        case "integer":
          return value.isIntegralNumber();
        case "number":
          return value.isNumber();
        case "boolean":
          return value.isBoolean();
        default:
          throw new AssertionError("type " + type + " is not checked");
      }
    }

    private static boolean contains(JsonNode values, JsonNode value) {
      for (JsonNode v : values) {
        if (v.equals(value)) {
          return true;
        }
      }
      return false;
    }

    private static String describe(JsonNode value) {
      return value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
    }

    private static String child(String path, String key) {
      return path.isEmpty() ? key : path + "." + key;
    }
  }
}
