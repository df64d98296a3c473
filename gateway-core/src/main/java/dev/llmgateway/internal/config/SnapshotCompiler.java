package dev.llmgateway.internal.config;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.ProviderFactory;
import dev.llmgateway.spi.ProviderKey;
import dev.llmgateway.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place that validates the builder's input as a whole and turns it into an immutable {@link
 * Snapshot}: every alias target, fallback, rule and default names something configured; every
 * provider type has exactly one factory; every key's secret resolves; a provider without a key has
 * a factory that does not need one. Each value was already checked by its setter.
 */
public final class SnapshotCompiler {
  private SnapshotCompiler() {}

  /**
   * Validates the settings and produces their snapshot.
   *
   * @param settings the builder's settings
   * @param version the snapshot's number within its client, from 1
   * @return the snapshot
   * @throws ConfigurationException naming what is wrong: an alias referring to an unknown provider
   *     or fallback, an unknown provider type, two factories for one type, a secret that cannot be
   *     resolved, a provider without a key whose factory requires one
   */
  public static Snapshot compile(EngineSettings settings, long version) {
    Map<String, ProviderDefinition> definitions = new LinkedHashMap<>();
    for (ProviderDefinition p : settings.providers()) {
      definitions.put(p.name(), p);
    }
    checkAliases(settings.aliases(), definitions);
    checkRouting(settings.routing(), settings.aliases(), definitions);
    ProviderDiscovery discovery =
        ProviderDiscovery.discover(settings.factories(), settings.classLoader());
    Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    for (ProviderDefinition p : definitions.values()) {
      factories.put(p.name(), discovery.factoryFor(p.type(), p.name()));
      for (ProviderKey key : p.keys()) {
        checkSecret(p, key);
      }
    }
    Map<String, ProviderSettings> providerSettings = new LinkedHashMap<>();
    for (ProviderDefinition p : definitions.values()) {
      ProviderSettings s = providerSettings(p, settings);
      checkKeyPresent(factories.get(p.name()), s);
      providerSettings.put(p.name(), s);
    }
    Map<String, AliasDefinition> aliases = new LinkedHashMap<>();
    for (AliasDefinition a : settings.aliases()) {
      aliases.put(a.name(), withCatalogDefaults(a, definitions, settings));
    }
    return new Snapshot(
        version,
        settings,
        Collections.unmodifiableMap(definitions),
        Collections.unmodifiableMap(providerSettings),
        Collections.unmodifiableMap(factories),
        Collections.unmodifiableMap(aliases));
  }

  /** The alias with what its targets do not configure filled from the price catalog. */
  private static AliasDefinition withCatalogDefaults(
      AliasDefinition a, Map<String, ProviderDefinition> providers, EngineSettings settings) {
    List<TargetConfig> targets = new ArrayList<>(a.targets().size());
    for (TargetConfig t : a.targets()) {
      String type = providers.get(t.ref().provider()).type();
      targets.add(t.withCatalogDefaults(settings.spend().price(type, t.ref())));
    }
    return a.withTargets(targets);
  }

  private static void checkAliases(
      List<AliasDefinition> aliases, Map<String, ProviderDefinition> providers) {
    Map<String, AliasDefinition> byName = new LinkedHashMap<>();
    for (AliasDefinition a : aliases) {
      byName.put(a.name(), a);
    }
    for (AliasDefinition a : aliases) {
      if (a.targets().isEmpty()) {
        throw new ConfigurationException("Alias '" + a.name() + "' has no targets");
      }
      for (TargetConfig t : a.targets()) {
        ProviderDefinition p = providers.get(t.ref().provider());
        if (p == null) {
          throw new ConfigurationException(
              "Alias '"
                  + a.name()
                  + "' target '"
                  + t.ref()
                  + "' names unknown provider '"
                  + t.ref().provider()
                  + "'; configured providers: "
                  + new TreeSet<>(providers.keySet()));
        }
        for (String keyId : t.keyIds()) {
          if (p.keys().stream().noneMatch(k -> k.id().equals(keyId))) {
            throw new ConfigurationException(
                "Alias '"
                    + a.name()
                    + "' target '"
                    + t.ref()
                    + "' uses key '"
                    + keyId
                    + "', which provider '"
                    + p.name()
                    + "' does not have; its keys: "
                    + keyIds(p));
          }
        }
      }
      for (String fallback : a.fallbacks()) {
        checkFallback("Alias '" + a.name() + "' fallback", fallback, byName.keySet(), providers);
      }
    }
  }

  /** A fallback must be an alias or {@code provider/model} with a configured provider. */
  private static void checkFallback(
      String what,
      String fallback,
      Set<String> aliases,
      Map<String, ProviderDefinition> providers) {
    if (aliases.contains(fallback)) {
      return;
    }
    int slash = fallback.indexOf('/');
    if (slash > 0
        && slash < fallback.length() - 1
        && providers.containsKey(fallback.substring(0, slash))) {
      return;
    }
    throw new ConfigurationException(
        what
            + " '"
            + fallback
            + "' is neither an alias "
            + new TreeSet<>(aliases)
            + " nor provider/model with a configured provider "
            + new TreeSet<>(providers.keySet()));
  }

  private static void checkRouting(
      RoutingSettings routing,
      List<AliasDefinition> aliases,
      Map<String, ProviderDefinition> providers) {
    Set<String> names = new TreeSet<>();
    for (AliasDefinition a : aliases) {
      names.add(a.name());
    }
    for (RequestRule r : routing.rules()) {
      if (!names.contains(r.alias())) {
        throw new ConfigurationException(
            "requestRule #"
                + r.index()
                + " routes to unknown alias '"
                + r.alias()
                + "'; aliases: "
                + names);
      }
    }
    String d = routing.defaultAlias();
    if (d != null && !names.contains(d)) {
      throw new ConfigurationException(
          "defaultAlias '" + d + "' is not a configured alias; aliases: " + names);
    }
    for (ModelRule m : routing.modelRules()) {
      if (!providers.containsKey(m.provider())) {
        throw new ConfigurationException(
            "modelRule '"
                + m.glob()
                + "' names unknown provider '"
                + m.provider()
                + "'; configured providers: "
                + new TreeSet<>(providers.keySet()));
      }
    }
    for (String f : routing.defaultFallbacks()) {
      checkFallback("defaultFallback", f, names, providers);
    }
    for (TenantRule t : routing.tenants().values()) {
      for (String a : t.aliases()) {
        if (!names.contains(a)) {
          throw new ConfigurationException(
              "tenant '" + t.name() + "' allows unknown alias '" + a + "'; aliases: " + names);
        }
      }
    }
  }

  private static void checkSecret(ProviderDefinition p, ProviderKey key) {
    try {
      key.secret().reveal();
    } catch (ConfigurationException e) {
      throw new ConfigurationException(
          "Provider '"
              + p.name()
              + "' key '"
              + key.id()
              + "' cannot be resolved from "
              + key.secret().source()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Fails a provider without keys whose factory says it needs one. */
  private static void checkKeyPresent(ProviderFactory factory, ProviderSettings settings) {
    if (!settings.keys().isEmpty()) {
      return;
    }
    boolean required;
    try {
      required = factory.requiresKey(settings);
    } catch (ConfigurationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "': "
              + factory.getClass().getName()
              + ".requiresKey failed: "
              + e,
          e);
    }
    if (required) {
      throw new ConfigurationException(
          "Provider '"
              + settings.name()
              + "' of type '"
              + settings.type()
              + "'"
              + (settings.profile() == null ? "" : " with profile '" + settings.profile() + "'")
              + " needs a key and has none: give it one with apiKey(Secret.env(\"...\")) or"
              + " key(id, secret)");
    }
  }

  private static ProviderSettings providerSettings(ProviderDefinition p, EngineSettings s) {
    ProviderSettings.Builder b =
        ProviderSettings.builder(p.name(), p.type())
            .baseUrl(p.baseUrl())
            .connectTimeout(p.connectTimeout())
            .readTimeout(p.readTimeout())
            .profile(p.profile())
            .clock(s.clock());
    p.keys().forEach(b::key);
    p.headers().forEach(b::header);
    p.options().forEach(b::option);
    return b.build();
  }

  static List<String> keyIds(ProviderDefinition p) {
    List<String> ids = new ArrayList<>();
    for (ProviderKey k : p.keys()) {
      ids.add(k.id());
    }
    return ids;
  }
}
