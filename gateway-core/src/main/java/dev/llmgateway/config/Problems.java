package dev.llmgateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects the problems of one configuration, and builds the paths they are reported at. */
final class Problems {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$-]+");

  private final List<ConfigProblem> list = new ArrayList<>();

  /** Adds a problem at a path. */
  void add(String path, String message) {
    list.add(new ConfigProblem(path, message));
  }

  /** How many problems were found so far. */
  int size() {
    return list.size();
  }

  /** Whether none was found. */
  boolean isEmpty() {
    return list.isEmpty();
  }

  /** The problems, in the order found. */
  List<ConfigProblem> list() {
    return List.copyOf(list);
  }

  /** Throws a {@link ConfigException} with every problem, if there is any. */
  void throwIfAny(String source) {
    if (!list.isEmpty()) {
      throw new ConfigException(source, list);
    }
  }

  /** The path of a key of the object at {@code path}. */
  static String child(String path, String key) {
    String part =
        PLAIN_KEY.matcher(key).matches()
            ? key
            : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    if (path.isEmpty()) {
      return part;
    }
    return part.startsWith("[") ? path + part : path + "." + part;
  }

  /** The path of an item of the list at {@code path}. */
  static String index(String path, int i) {
    return path + "[" + i + "]";
  }
}
