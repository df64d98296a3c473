package dev.llmgateway.internal.engine;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.ProviderDefinition;
import dev.llmgateway.internal.config.ProviderEntry;
import dev.llmgateway.internal.config.Snapshot;
import dev.llmgateway.internal.resilience.KeyPool;
import dev.llmgateway.spi.Provider;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider instances (and with them their HTTP connection pools) of every snapshot of every
 * client sharing one state. A snapshot whose provider definition equals one already created (same
 * name, type, URL, keys, headers, options, timeouts) shares that instance; a changed definition
 * gets a new one. Each instance counts the snapshots that use it and is closed when the last one
 * lets go. Thread-safe.
 */
final class ProviderPool {
  private static final Logger log = LoggerFactory.getLogger(ProviderPool.class);

  /** One created provider with the definition it was created from and its users. */
  private static final class Held {
    final ProviderDefinition definition;
    final ProviderEntry entry;
    int users;

    Held(ProviderDefinition definition, ProviderEntry entry) {
      this.definition = definition;
      this.entry = entry;
    }
  }

  /** The newest instance per provider name; older ones live in {@link #byProvider} until unused. */
  private final Map<String, Held> current = new HashMap<>();

  private final Map<Provider, Held> byProvider = new IdentityHashMap<>();

  /**
   * The providers of a snapshot, created where needed; each is counted as used until {@link
   * #release}.
   *
   * @param snapshot the snapshot
   * @return its providers by name, in configuration order
   * @throws ConfigurationException if a factory fails or returns null (nothing is kept then)
   */
  synchronized Map<String, ProviderEntry> acquire(Snapshot snapshot) {
    Map<String, ProviderEntry> out = new LinkedHashMap<>();
    List<Held> created = new ArrayList<>();
    try {
      for (ProviderDefinition p : snapshot.providers().values()) {
        Held h = current.get(p.name());
        if (h == null || !same(h.definition, p)) {
          h = create(p, snapshot);
          created.add(h);
        }
        out.put(p.name(), h.entry);
      }
    } catch (RuntimeException e) {
      for (Held h : created) {
        closeQuietly(h.entry);
      }
      throw e;
    }
    for (ProviderEntry e : out.values()) {
      Held h = byProvider.get(e.provider());
      if (h == null) {
        h = created.stream().filter(c -> c.entry == e).findFirst().orElseThrow();
        byProvider.put(e.provider(), h);
        current.put(e.name(), h);
      }
      h.users++;
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Lets go of a snapshot's providers; closes those no snapshot uses any more.
   *
   * @param providers what {@link #acquire} returned
   */
  void release(Map<String, ProviderEntry> providers) {
    List<ProviderEntry> unused = new ArrayList<>();
    synchronized (this) {
      for (ProviderEntry e : providers.values()) {
        Held h = byProvider.get(e.provider());
        if (h != null && --h.users == 0) {
          byProvider.remove(e.provider());
          current.remove(e.name(), h);
          unused.add(e);
        }
      }
    }
    unused.forEach(ProviderPool::closeQuietly);
  }

  /**
   * Whether two definitions make the same provider: every field equal, keys by id, weight and
   * secret value (compared in constant time; a reloaded configuration resolves its secrets anew).
   */
  static boolean same(ProviderDefinition a, ProviderDefinition b) {
    if (!a.name().equals(b.name())
        || !a.type().equals(b.type())
        || !java.util.Objects.equals(a.baseUrl(), b.baseUrl())
        || !a.connectTimeout().equals(b.connectTimeout())
        || !a.readTimeout().equals(b.readTimeout())
        || !a.headers().equals(b.headers())
        || !java.util.Objects.equals(a.profile(), b.profile())
        || !a.options().equals(b.options())
        || a.roundRobinKeys() != b.roundRobinKeys()
        || !a.rateLimitCooldown().equals(b.rateLimitCooldown())
        || a.keys().size() != b.keys().size()) {
      return false;
    }
    for (int i = 0; i < a.keys().size(); i++) {
      ProviderKey x = a.keys().get(i);
      ProviderKey y = b.keys().get(i);
      if (!x.id().equals(y.id()) || x.weight() != y.weight()) {
        return false;
      }
      if (x.secret() != y.secret()
          && !java.security.MessageDigest.isEqual(
              x.secret().reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8),
              y.secret().reveal().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        return false;
      }
    }
    return true;
  }

  private static Held create(ProviderDefinition p, Snapshot snapshot) {
    ProviderFactory factory = snapshot.factories().get(p.name());
    ProviderSettings settings = snapshot.providerSettings().get(p.name());
    Provider provider = create(factory, settings);
    log.debug(
        "Provider '{}' of type '{}' created by {} with keys {}",
        p.name(),
        p.type(),
        factory.getClass().getName(),
        keyIds(p));
    return new Held(
        p,
        new ProviderEntry(
            p.name(),
            provider,
            provider.capabilities(),
            new KeyPool(p.keys(), p.roundRobinKeys(), p.rateLimitCooldown()),
            p.type()));
  }

  private static List<String> keyIds(ProviderDefinition p) {
    List<String> ids = new ArrayList<>();
    for (ProviderKey k : p.keys()) {
      ids.add(k.id());
    }
    return ids;
  }

  private static Provider create(ProviderFactory factory, ProviderSettings settings) {
    Provider provider;
    try {
      provider = factory.create(settings);
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' could not be created by "
              + factory.getClass().getName()
              + ": "
              + e,
          e);
    }
    if (provider == null) {
      throw new ConfigurationException(
          factory.getClass().getName() + " returned null for provider '" + settings.name() + "'");
    }
    return provider;
  }

  static void closeQuietly(ProviderEntry entry) {
    try {
      entry.provider().close();
    } catch (RuntimeException e) {
      log.warn("Provider '{}' threw while closing; ignoring it", entry.name(), e);
    }
  }
}
