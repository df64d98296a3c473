package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping with a fixed set of keys. Unknown keys are problems with a "did you mean"; missing
 * required keys are problems at their own path; rules that relate several keys run beside the
 * checks of each key, reading only values of the right type.
 */
final class ObjectShape extends Shape {
  /** A check that relates several keys of one object. */
  @FunctionalInterface
  interface Rule {
    /**
     * Checks the object.
     *
     * @param node the object; its values may be of the wrong type (their own checks say so)
     * @param path its path
     * @param problems where problems go
     */
    void check(ObjectNode node, String path, Problems problems);
  }

  /** Marks the default of a key whose value is a mapping with defaults of its own. */
  static final String SEE_KEYS = "see its keys";

  private final String type;
  private final Map<String, Field> fields = new LinkedHashMap<>();
  private final List<Rule> rules = new ArrayList<>();

  ObjectShape(String type) {
    this.type = type;
  }

  /** Adds an optional key. */
  ObjectShape field(String name, Shape shape, String defaultText, String doc) {
    fields.put(name, new Field(name, shape, false, defaultText, doc));
    return this;
  }

  /** Adds a required key. */
  ObjectShape required(String name, Shape shape, String doc) {
    fields.put(name, new Field(name, shape, true, "required", doc));
    return this;
  }

  /** Adds a rule relating several keys. */
  ObjectShape rule(Rule rule) {
    rules.add(rule);
    return this;
  }

  /** The shape of a key's value. */
  Shape shapeOf(String name) {
    Field f = fields.get(name);
    if (f == null) {
      throw new IllegalArgumentException("No key " + name + " in " + type);
    }
    return f.shape();
  }

  @Override
  void check(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.add(path, "must be a mapping (" + type + "), was " + Describe.of(node));
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = Problems.child(path, e.getKey());
      Field f = fields.get(e.getKey());
      if (f == null) {
        problems.add(at, unknown(e.getKey()));
      } else if (e.getValue().isNull()) {
        problems.add(at, "has no value; leave the key out for its default");
      } else {
        f.shape().check(e.getValue(), at, problems);
      }
    }
    for (Field f : fields.values()) {
      if (f.required() && !node.has(f.name())) {
        problems.add(Problems.child(path, f.name()), "is required");
      }
    }
    for (Rule r : rules) {
      r.check((ObjectNode) node, path, problems);
    }
  }

  private String unknown(String key) {
    String near = Suggest.didYouMean(key, fields.keySet());
    if (!near.isEmpty()) {
      return "unknown key" + near;
    }
    return "unknown key; " + type + " keys are " + String.join(", ", fields.keySet());
  }

  @Override
  ObjectNode jsonSchema() {
    ObjectNode s = JSON.objectNode();
    s.put("type", "object");
    s.put("description", capitalized(type) + ".");
    ObjectNode props = s.putObject("properties");
    ArrayNode required = JSON.arrayNode();
    for (Field f : fields.values()) {
      ObjectNode p = f.shape().jsonSchema();
      String doc = f.doc() + (f.required() ? "" : " Defaults to " + f.defaultText() + ".");
      p.put("description", doc);
      JsonNode def = Scalar.defaultValue(f);
      if (def != null) {
        p.set("default", def);
      }
      props.set(f.name(), p);
      if (f.required()) {
        required.add(f.name());
      }
    }
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    s.put("additionalProperties", false);
    return s;
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  @Override
  String type() {
    return type;
  }

  @Override
  void keys(String prefix, Map<String, Field> out) {
    for (Field f : fields.values()) {
      String key = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
      out.put(key, f);
      f.shape().keys(key, out);
    }
  }
}
