package dev.llmgateway.internal;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link ProviderFactory} for each provider type, in a fixed order: the factories given
 * to the builder first (they win over anything found on the class path), then those found by {@link
 * ServiceLoader} through the given class loader, sorted by class name so that the result does not
 * depend on class path order. Two service-loaded factories of different classes claiming one type
 * make that type unusable: asking for it fails naming both classes. The choice is logged at DEBUG.
 */
public final class ProviderDiscovery {
  private static final Logger log = LoggerFactory.getLogger(ProviderDiscovery.class);

  private final Map<String, List<ProviderFactory>> byType;

  private ProviderDiscovery(Map<String, List<ProviderFactory>> byType) {
    this.byType = byType;
  }

  /**
   * Discovers the factories.
   *
   * @param given factories given to the builder, in order; at most one per type
   * @param loader the class loader for {@link ServiceLoader}
   * @return the discovery result
   */
  public static ProviderDiscovery discover(List<ProviderFactory> given, ClassLoader loader) {
    Map<String, List<ProviderFactory>> byType = new TreeMap<>();
    for (ProviderFactory f : given) {
      byType.computeIfAbsent(f.type(), t -> new ArrayList<>()).add(f);
      log.debug("Provider type '{}' is served by {} (given to the builder)", f.type(), name(f));
    }
    List<ProviderFactory> loaded = load(loader);
    Map<String, List<ProviderFactory>> found = new LinkedHashMap<>();
    for (ProviderFactory f : loaded) {
      String type = f.type();
      if (type == null || type.isBlank()) {
        log.warn("Provider factory {} declares a blank type; ignoring it", name(f));
        continue;
      }
      List<ProviderFactory> same = found.computeIfAbsent(type, t -> new ArrayList<>());
      if (same.stream().noneMatch(o -> o.getClass().getName().equals(name(f)))) {
        same.add(f);
      }
    }
    for (Map.Entry<String, List<ProviderFactory>> e : found.entrySet()) {
      String type = e.getKey();
      if (byType.containsKey(type)) {
        log.debug(
            "Provider type '{}': the builder's {} overrides {} found by ServiceLoader",
            type,
            name(byType.get(type).get(0)),
            names(e.getValue()));
        continue;
      }
      byType.put(type, e.getValue());
      if (e.getValue().size() == 1) {
        log.debug(
            "Provider type '{}' is served by {} (ServiceLoader)", type, name(e.getValue().get(0)));
      } else {
        log.debug(
            "Provider type '{}' is claimed by several factories: {}", type, names(e.getValue()));
      }
    }
    return new ProviderDiscovery(byType);
  }

  private static List<ProviderFactory> load(ClassLoader loader) {
    List<ProviderFactory> loaded = new ArrayList<>();
    Iterator<ProviderFactory> it = ServiceLoader.load(ProviderFactory.class, loader).iterator();
    int errors = 0;
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        loaded.add(it.next());
      } catch (ServiceConfigurationError e) {
        log.warn("A provider factory could not be loaded; ignoring it", e);
        if (++errors > 100) {
          break;
        }
      }
    }
    loaded.sort(Comparator.comparing(ProviderDiscovery::name));
    return loaded;
  }

  /**
   * The factory for a type.
   *
   * @param type the provider type
   * @param provider the configured provider that asks, for the message
   * @return the factory
   * @throws ConfigurationException if no factory or two factories claim the type
   */
  public ProviderFactory factoryFor(String type, String provider) {
    List<ProviderFactory> factories = byType.get(type);
    if (factories == null || factories.isEmpty()) {
      throw new ConfigurationException(
          "Unknown provider type '"
              + type
              + "' for provider '"
              + provider
              + "'; known types: "
              + new TreeSet<>(byType.keySet()));
    }
    if (factories.size() > 1) {
      throw new ConfigurationException(
          "Two provider factories claim type '"
              + type
              + "': "
              + name(factories.get(0))
              + " and "
              + name(factories.get(1))
              + "; remove one from the class path or give the one to use to the builder");
    }
    return factories.get(0);
  }

  private static String name(ProviderFactory f) {
    return f.getClass().getName();
  }

  private static List<String> names(List<ProviderFactory> fs) {
    List<String> names = new ArrayList<>();
    for (ProviderFactory f : fs) {
      names.add(name(f));
    }
    return names;
  }
}
