package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A mapping from names the user chooses (providers, aliases, headers) to values of one shape. */
final class MapShape extends Shape {
  private final String placeholder;
  private final String what;
  private final Function<String, @Nullable String> keyCheck;
  private final Consumer<ObjectNode> keySchema;
  private final Shape values;

  /**
   * Creates the shape.
   *
   * @param placeholder how the key is written in documented paths, such as {@code <name>}
   * @param what what a key is, for the type column, such as {@code provider name}
   * @param keyCheck returns the problem of a key, or {@code null}
   * @param keySchema adds the JSON Schema of the keys ({@code propertyNames}) to the schema
   * @param values the shape of the values
   */
  MapShape(
      String placeholder,
      String what,
      Function<String, @Nullable String> keyCheck,
      Consumer<ObjectNode> keySchema,
      Shape values) {
    this.placeholder = placeholder;
    this.what = what;
    this.keyCheck = keyCheck;
    this.keySchema = keySchema;
    this.values = values;
  }

  @Override
  void check(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be a mapping of " + what + " to values, was " + Describe.of(node));
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = Problems.child(path, e.getKey());
      String keyProblem = keyCheck.apply(e.getKey());
      if (keyProblem != null) {
        problems.add(at, keyProblem);
      } else if (e.getValue().isNull()) {
        problems.add(at, "has no value");
      } else {
        values.check(e.getValue(), at, problems);
      }
    }
  }

  @Override
  ObjectNode jsonSchema() {
    ObjectNode s = JSON.objectNode();
    s.put("type", "object");
    ObjectNode names = JSON.objectNode();
    keySchema.accept(names);
    if (!names.isEmpty()) {
      s.set("propertyNames", names);
    }
    s.set("additionalProperties", values.jsonSchema());
    return s;
  }

  @Override
  String type() {
    return "mapping of " + what + " to " + values.type();
  }

  @Override
  void keys(String prefix, Map<String, Field> out) {
    values.keys(prefix + "." + placeholder, out);
  }
}
