package dev.llmgateway.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The starter's {@code META-INF/spring-configuration-metadata.json} (what IDEs complete {@code
 * llm.gateway.*} keys from) is generated from the configuration file's JSON Schema: every key of an
 * object with its kebab-case name, type, description and default, enum values as hints, maps and
 * lists of objects as one property naming their entries' keys. The test fails when the committed
 * file differs from what the schema gives; run it with {@code -Dllm.gateway.writeMetadata=true} to
 * rewrite the file.
 */
class ConfigurationMetadataTest {
  private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";
  private static final Path SOURCE = Path.of("src/main/resources", RESOURCE);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void metadataMatchesTheConfigurationSchema() throws IOException {
    String expected = JSON.writeValueAsString(generate()) + "\n";
    if (Boolean.getBoolean("llm.gateway.writeMetadata")) {
      Files.writeString(SOURCE, expected, StandardCharsets.UTF_8);
    }
    String shipped;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE + " on the class path").isNotNull();
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(shipped)
        .as(
            RESOURCE
                + " is out of date with the configuration schema; run this test with"
                + " -Dllm.gateway.writeMetadata=true to regenerate it")
        .isEqualTo(expected);
  }

  @Test
  void everyTopLevelKeyOfTheSchemaIsDescribed() throws IOException {
    ObjectNode metadata = generate();
    List<String> names = new ArrayList<>();
    metadata.get("properties").forEach(p -> names.add(p.get("name").asText()));
    assertThat(names)
        .contains(
            "llm.gateway.enabled",
            "llm.gateway.config-file",
            "llm.gateway.providers",
            "llm.gateway.aliases",
            "llm.gateway.default-timeout",
            "llm.gateway.circuit-breaker.consecutive-failures.open-for",
            "llm.gateway.retry-backoff.initial",
            "llm.gateway.budgets");
    for (Iterator<String> it = SchemaBinding.schema().get("properties").fieldNames();
        it.hasNext(); ) {
      String key = it.next();
      if (!key.startsWith("$")) {
        assertThat(names).anyMatch(n -> n.startsWith("llm.gateway." + kebab(key)));
      }
    }
  }

  static ObjectNode generate() {
    ObjectNode root = NODES.objectNode();
    ArrayNode groups = root.putArray("groups");
    ArrayNode properties = root.putArray("properties");
    ArrayNode hints = root.putArray("hints");
    ObjectNode group = groups.addObject();
    group.put("name", "llm.gateway");
    group.put(
        "description",
        "The LLM gateway client: the keys of its configuration file format"
            + " (docs/configuration.md), with relaxed names.");
    ObjectNode enabled = properties.addObject();
    enabled.put("name", "llm.gateway.enabled");
    enabled.put("type", "java.lang.Boolean");
    enabled.put("description", "Whether to auto-configure the gateway client.");
    enabled.put("defaultValue", true);
    ObjectNode file = properties.addObject();
    file.put("name", "llm.gateway.config-file");
    file.put("type", "java.lang.String");
    file.put(
        "description",
        "A YAML or JSON gateway configuration file to use instead of the llm.gateway.* keys;"
            + " watched, a change reloads the client.");
    object(SchemaBinding.schema(), "llm.gateway", groups, properties, hints);
    return root;
  }

  private static void object(
      JsonNode schema, String prefix, ArrayNode groups, ArrayNode properties, ArrayNode hints) {
    JsonNode props = schema.get("properties");
    for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.startsWith("$")) {
        continue;
      }
      JsonNode child = props.get(key);
      String name = prefix + "." + kebab(key);
      String description = child.path("description").asText("");
      if (child.has("properties")) {
        ObjectNode group = groups.addObject();
        group.put("name", name);
        if (!description.isEmpty()) {
          group.put("description", description);
        }
        object(child, name, groups, properties, hints);
        continue;
      }
      ObjectNode p = properties.addObject();
      p.put("name", name);
      p.put("type", javaType(child));
      String entries = entries(child);
      String text = (description + (entries.isEmpty() ? "" : " " + entries)).strip();
      if (!text.isEmpty()) {
        p.put("description", text);
      }
      JsonNode defaultValue = child.get("default");
      if (defaultValue != null && defaultValue.isValueNode()) {
        p.set("defaultValue", defaultValue);
      }
      JsonNode values = child.get("enum");
      if (values != null) {
        ObjectNode hint = hints.addObject();
        hint.put("name", name);
        ArrayNode list = hint.putArray("values");
        values.forEach(v -> list.addObject().set("value", v));
      }
    }
  }

  /** For a map or a list of objects: the keys each entry takes. */
  private static String entries(JsonNode schema) {
    JsonNode entry =
        SchemaBinding.wants(schema, "array")
            ? schema.get("items")
            : schema.get("additionalProperties");
    if (entry == null || !entry.has("properties")) {
      return "";
    }
    List<String> keys = new ArrayList<>();
    entry.get("properties").fieldNames().forEachRemaining(k -> keys.add(kebab(k)));
    return "Each entry takes: " + String.join(", ", keys) + ".";
  }

  private static String javaType(JsonNode schema) {
    if (SchemaBinding.wants(schema, "array")) {
      JsonNode items = schema.get("items");
      return items != null && items.has("properties")
          ? "java.util.List<java.util.Map<java.lang.String,java.lang.Object>>"
          : "java.util.List<java.lang.String>";
    }
    if (SchemaBinding.wants(schema, "object")) {
      JsonNode entry = schema.get("additionalProperties");
      return entry != null && entry.has("properties")
          ? "java.util.Map<java.lang.String,java.util.Map<java.lang.String,java.lang.Object>>"
          : "java.util.Map<java.lang.String,java.lang.String>";
    }
    if (SchemaBinding.wants(schema, "string")) {
      return "java.lang.String";
    }
    if (SchemaBinding.wants(schema, "integer")) {
      return "java.lang.Long";
    }
    if (SchemaBinding.wants(schema, "number")) {
      return "java.math.BigDecimal";
    }
    if (SchemaBinding.wants(schema, "boolean")) {
      return "java.lang.Boolean";
    }
    return "java.lang.Object";
  }

  static String kebab(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
