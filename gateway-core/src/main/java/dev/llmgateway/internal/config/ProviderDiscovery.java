package dev.llmgateway.internal.config;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the {@link ProviderFactory} for each provider type, in a fixed order: the factories given
 * to the builder first, then those found by {@link ServiceLoader} through the given class loader,
 * sorted by class name so that the result does not depend on class path order. The same class found
 * twice (given and service-loaded, or listed by two jars) counts once, and the given instance is
 * used. Two different classes claiming one type are a start-up error naming both, whether or not a
 * provider uses that type: a class path with two implementations of one type is a conflict to
 * resolve, not to paper over. The choice is logged at DEBUG.
 */
public final class ProviderDiscovery {
  private static final Logger log = LoggerFactory.getLogger(ProviderDiscovery.class);

  private final Map<String, ProviderFactory> byType;

  private ProviderDiscovery(Map<String, ProviderFactory> byType) {
    this.byType = byType;
  }

  /**
   * Discovers the factories.
   *
   * @param given factories given to the builder, in order
   * @param loader the class loader for {@link ServiceLoader}
   * @return the discovery result
   * @throws ConfigurationException if two different classes claim one type
   */
  public static ProviderDiscovery discover(List<ProviderFactory> given, ClassLoader loader) {
    Map<String, ProviderFactory> byType = new TreeMap<>();
    for (ProviderFactory f : given) {
      add(byType, f, "given to the builder");
    }
    for (ProviderFactory f : load(loader)) {
      add(byType, f, "ServiceLoader");
    }
    return new ProviderDiscovery(byType);
  }

  private static void add(Map<String, ProviderFactory> byType, ProviderFactory f, String source) {
    String type = f.type();
    if (type == null || type.isBlank()) {
      log.warn("Provider factory {} declares a blank type; ignoring it", name(f));
      return;
    }
    ProviderFactory existing = byType.get(type);
    if (existing == null) {
      byType.put(type, f);
      log.debug("Provider type '{}' is served by {} ({})", type, name(f), source);
    } else if (!name(existing).equals(name(f))) {
      throw new ConfigurationException(
          "Two provider factories claim type '"
              + type
              + "': "
              + name(existing)
              + " and "
              + name(f)
              + "; remove one of them from the class path or the builder");
    }
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
   * @throws ConfigurationException if no factory claims the type, listing the known types
   */
  public ProviderFactory factoryFor(String type, String provider) {
    ProviderFactory factory = byType.get(type);
    if (factory == null) {
      throw new ConfigurationException(
          "Unknown provider type '"
              + type
              + "' for provider '"
              + provider
              + "'; known types: "
              + byType.keySet());
    }
    return factory;
  }

  private static String name(ProviderFactory f) {
    return f.getClass().getName();
  }
}
