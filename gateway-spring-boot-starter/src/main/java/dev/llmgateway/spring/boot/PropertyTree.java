package dev.llmgateway.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Reads every property under a prefix from a Spring {@link Environment} into nested maps, one level
 * per name element as written ({@code providers.openai.base-url}), numeric indexes ({@code [0]}) as
 * map keys {@code [0]}. Where several property sources hold the same name, the first in Spring's
 * order wins (command line over environment variables over {@code application.yml}). Spring
 * placeholders ({@code ${server.port}}) are resolved, except a whole value that is a gateway secret
 * reference ({@code ${env:OPENAI_API_KEY}}, or a scheme of the secret resolver): it is passed on
 * untouched, for the gateway to resolve and never to show.
 */
final class PropertyTree {
  private static final Pattern REFERENCE = Pattern.compile("^\\$\\{([a-z][a-z0-9+.-]*):.+}$");

  private PropertyTree() {}

  /**
   * Whether the environment has a property under the prefix, other than the starter's own keys.
   *
   * @param environment the environment
   * @param prefix such as {@code llm.gateway}
   * @param ignored names under the prefix that do not count
   * @return whether there is one
   */
  static boolean hasAny(Environment environment, String prefix, Set<String> ignored) {
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        for (ConfigurationPropertyName name : iterable) {
          if (root.isAncestorOf(name) && !ignored.contains(relative(root, name))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * The properties under the prefix as nested maps.
   *
   * @param environment the environment
   * @param prefix such as {@code llm.gateway}
   * @param ignored names right under the prefix to leave out (in relaxed form)
   * @param schemes the secret reference schemes to pass on unresolved
   * @return the tree; empty if there is no such property
   */
  static Map<String, Object> read(
      Environment environment, String prefix, Set<String> ignored, Set<String> schemes) {
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    Map<String, Object> tree = new LinkedHashMap<>();
    Map<ConfigurationPropertyName, Boolean> seen = new LinkedHashMap<>();
    Map<ConfigurationPropertyName, Integer> listOwners = new LinkedHashMap<>();
    int index = 0;
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      index++;
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      for (ConfigurationPropertyName name : iterable) {
        if (!root.isAncestorOf(name)
            || ignored.contains(relative(root, name))
            || !ownsItsLists(name, index, listOwners)
            || seen.putIfAbsent(name, Boolean.TRUE) != null) {
          continue;
        }
        ConfigurationProperty property = iterable.getConfigurationProperty(name);
        if (property == null) {
          continue;
        }
        put(tree, root, name, resolve(environment, property.getValue(), schemes));
      }
    }
    return tree;
  }

  /**
   * Whether the source (by its rank) may give this name: as Spring binds lists, a list comes whole
   * from the first source that has an element of it, so that a list in {@code application.yml}
   * replaced on the command line does not keep the file's longer tail.
   */
  private static boolean ownsItsLists(
      ConfigurationPropertyName name, int source, Map<ConfigurationPropertyName, Integer> owners) {
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      if (name.isNumericIndex(i)) {
        Integer owner = owners.putIfAbsent(name.chop(i), source);
        if (owner != null && owner != source) {
          return false;
        }
      }
    }
    return true;
  }

  /** The first element under the root, in relaxed form. */
  private static String relative(ConfigurationPropertyName root, ConfigurationPropertyName name) {
    return SchemaBinding.relaxed(
        name.getElement(root.getNumberOfElements(), ConfigurationPropertyName.Form.ORIGINAL));
  }

  @SuppressWarnings("unchecked")
  private static void put(
      Map<String, Object> tree,
      ConfigurationPropertyName root,
      ConfigurationPropertyName name,
      @Nullable Object value) {
    Map<String, Object> at = tree;
    int last = name.getNumberOfElements() - 1;
    for (int i = root.getNumberOfElements(); i <= last; i++) {
      String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
      String key = name.isNumericIndex(i) ? "[" + element + "]" : element;
      if (i == last) {
        // A name that is also a parent (a: x and a.b: y) keeps the children: the schema has none
        // of those, and the configuration reports the path.
        at.putIfAbsent(key, value);
        return;
      }
      Object next = at.get(key);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        at.put(key, next);
      }
      at = (Map<String, Object>) next;
    }
  }

  private static @Nullable Object resolve(
      Environment environment, @Nullable Object value, Set<String> schemes) {
    if (!(value instanceof String text) || text.indexOf("${") < 0) {
      return value;
    }
    var m = REFERENCE.matcher(text);
    if (m.matches() && schemes.contains(m.group(1))) {
      return text;
    }
    return environment.resolvePlaceholders(text);
  }
}
