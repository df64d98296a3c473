package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/** A list of values of one shape; optionally not empty, optionally without repeated values. */
final class ListShape extends Shape {
  private final Shape items;
  private final boolean nonEmpty;
  private final boolean unique;

  ListShape(Shape items, boolean nonEmpty, boolean unique) {
    this.items = items;
    this.nonEmpty = nonEmpty;
    this.unique = unique;
  }

  @Override
  void check(JsonNode node, String path, Problems problems) {
    if (!node.isArray()) {
      problems.add(path, "must be a list of " + items.type() + ", was " + Describe.of(node));
      return;
    }
    if (nonEmpty && node.isEmpty()) {
      problems.add(path, "must list at least one " + items.type());
    }
    Map<JsonNode, Integer> seen = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String at = Problems.index(path, i);
      if (item.isNull()) {
        problems.add(at, "has no value");
        continue;
      }
      items.check(item, at, problems);
      Integer first = seen.putIfAbsent(item, i);
      if (unique && first != null) {
        problems.add(at, "repeats " + Describe.of(item) + " (also at [" + first + "])");
      }
    }
  }

  @Override
  ObjectNode jsonSchema() {
    ObjectNode s = JSON.objectNode();
    s.put("type", "array");
    s.set("items", items.jsonSchema());
    if (nonEmpty) {
      s.put("minItems", 1);
    }
    if (unique) {
      s.put("uniqueItems", true);
    }
    return s;
  }

  @Override
  String type() {
    return "list of " + items.type();
  }

  @Override
  void keys(String prefix, Map<String, Field> out) {
    items.keys(prefix + "[]", out);
  }
}
