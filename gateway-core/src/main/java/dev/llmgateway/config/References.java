package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.ProviderSpec;
import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.model.Money;
import dev.llmgateway.pricing.ModelPrice;
import dev.llmgateway.pricing.PriceCatalog;
import dev.llmgateway.spi.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

/**
 * The checks that need the whole file: names that refer to providers, aliases and keys declared
 * elsewhere in it, the price entries over their catalog, and the secret references, resolved. They
 * look only at values of the right type, so they run beside the checks of each value and every
 * problem is reported at once.
 */
final class References {
  private final JsonNode root;
  private final Problems problems;
  private final Set<String> providers;
  private final Set<String> aliases;

  private References(JsonNode root, Problems problems) {
    this.root = root;
    this.problems = problems;
    this.providers = names(root.path("providers"));
    this.aliases = names(root.path("aliases"));
  }

  /** Checks every reference of the file. */
  static void check(JsonNode root, Problems problems) {
    References r = new References(root, problems);
    r.aliases();
    r.aliasOrTarget(root.path("defaultFallbacks"), "defaultFallbacks", null);
    JsonNode defaultAlias = root.path("defaultAlias");
    if (defaultAlias.isTextual()) {
      r.alias(defaultAlias.textValue(), "defaultAlias");
    }
    r.rules();
    r.tenants();
    r.budgets();
  }

  private void tenants() {
    Iterator<Map.Entry<String, JsonNode>> it = root.path("tenants").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> t = it.next();
      String path = Problems.child(Problems.child("tenants", t.getKey()), "allowAliases");
      JsonNode allowed = t.getValue().path("allowAliases");
      for (int i = 0; i < allowed.size(); i++) {
        if (allowed.get(i).isTextual()) {
          alias(allowed.get(i).textValue(), Problems.index(path, i));
        }
      }
    }
  }

  private void aliases() {
    Iterator<Map.Entry<String, JsonNode>> it = root.path("aliases").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> a = it.next();
      String path = Problems.child("aliases", a.getKey());
      JsonNode targets = a.getValue().path("targets");
      for (int i = 0; i < targets.size(); i++) {
        target(targets.get(i), Problems.index(Problems.child(path, "targets"), i));
      }
      aliasOrTarget(a.getValue().path("fallbacks"), Problems.child(path, "fallbacks"), a.getKey());
    }
  }

  private void target(JsonNode target, String path) {
    JsonNode provider = target.path("provider");
    if (!provider.isTextual()) {
      return;
    }
    String name = provider.textValue();
    if (!providers.contains(name)) {
      problems.add(Problems.child(path, "provider"), unknownProvider(name));
      return;
    }
    Set<String> ids = keyIds(root.path("providers").path(name));
    JsonNode keys = target.path("keys");
    for (int i = 0; i < keys.size(); i++) {
      JsonNode k = keys.get(i);
      if (k.isTextual() && !ids.contains(k.textValue())) {
        problems.add(
            Problems.index(Problems.child(path, "keys"), i),
            "provider '"
                + name
                + "' has no key '"
                + k.textValue()
                + "'"
                + Suggest.didYouMean(k.textValue(), ids)
                + " (its keys: "
                + String.join(", ", ids)
                + ")");
      }
    }
  }

  /** Checks a list of fallbacks; {@code self} is the alias they belong to, if any. */
  private void aliasOrTarget(
      JsonNode list, String path, @org.jspecify.annotations.Nullable String self) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode f = list.get(i);
      String at = Problems.index(path, i);
      if (!f.isTextual()) {
        continue;
      }
      String v = f.textValue();
      if (v.equals(self)) {
        problems.add(at, "an alias cannot fall back to itself");
      } else {
        aliasOrTarget(v, at);
      }
    }
  }

  private void aliasOrTarget(String value, String path) {
    if (aliases.contains(value)) {
      return;
    }
    int slash = value.indexOf('/');
    if (slash > 0 && slash < value.length() - 1) {
      String provider = value.substring(0, slash);
      if (!providers.contains(provider)) {
        problems.add(path, "'" + value + "' " + unknownProvider(provider));
      }
      return;
    }
    problems.add(
        path,
        "'"
            + value
            + "' is neither an alias"
            + Suggest.didYouMean(value, aliases)
            + " nor provider/model (aliases: "
            + list(aliases)
            + ")");
  }

  private void alias(String value, String path) {
    if (!aliases.contains(value)) {
      problems.add(
          path,
          "names unknown alias '"
              + value
              + "'"
              + Suggest.didYouMean(value, aliases)
              + " (aliases: "
              + list(aliases)
              + ")");
    }
  }

  private void rules() {
    JsonNode rules = root.path("requestRules");
    for (int i = 0; i < rules.size(); i++) {
      JsonNode to = rules.get(i).path("routeTo");
      if (to.isTextual()) {
        alias(to.textValue(), Problems.child(Problems.index("requestRules", i), "routeTo"));
      }
    }
    JsonNode modelRules = root.path("modelRules");
    for (int i = 0; i < modelRules.size(); i++) {
      JsonNode p = modelRules.get(i).path("provider");
      if (p.isTextual() && !providers.contains(p.textValue())) {
        problems.add(
            Problems.child(Problems.index("modelRules", i), "provider"),
            unknownProvider(p.textValue()));
      }
    }
  }

  private void budgets() {
    JsonNode budgets = root.path("budgets");
    for (int i = 0; i < budgets.size(); i++) {
      String path = Problems.index("budgets", i);
      JsonNode to = budgets.get(i).path("downgradeTo");
      if (to.isTextual()) {
        aliasOrTarget(to.textValue(), Problems.child(path, "downgradeTo"));
      }
      JsonNode scope = budgets.get(i).path("scope");
      if (scope.isTextual()
          && (scope.textValue().startsWith("provider=")
              || scope.textValue().startsWith("model="))) {
        String value = scope.textValue().substring(scope.textValue().indexOf('=') + 1);
        String provider = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
        if (!provider.isEmpty() && !providers.contains(provider)) {
          problems.add(Problems.child(path, "scope"), unknownProvider(provider));
        }
      }
    }
  }

  private String unknownProvider(String name) {
    return "names unknown provider '"
        + name
        + "'"
        + Suggest.didYouMean(name, providers)
        + " (providers: "
        + list(providers)
        + ")";
  }

  /**
   * Builds the price catalog the file describes, reporting each price entry that the catalog
   * refuses (an implausible price, a sameAs naming no model). Runs only when the catalog keys are
   * each valid.
   */
  static void prices(JsonNode root, Problems problems) {
    for (ConfigProblem p : problems.list()) {
      if (p.path().startsWith("price")) {
        return;
      }
    }
    PriceCatalog.Builder b = catalog(root.path("priceCatalog").asText("bundled")).toBuilder();
    JsonNode files = root.path("priceFiles");
    for (int i = 0; i < files.size(); i++) {
      b.json(Path.of(files.get(i).asText()));
    }
    JsonNode prices = root.path("prices");
    for (int i = 0; i < prices.size(); i++) {
      try {
        price(b, prices.get(i));
      } catch (IllegalArgumentException | ConfigurationException e) {
        problems.add(Problems.index("prices", i), e.getMessage());
      }
    }
  }

  static PriceCatalog catalog(String value) {
    switch (value) {
      case "bundled":
        return PriceCatalog.bundled();
      case "empty":
        return PriceCatalog.empty();
      default:
        return PriceCatalog.fromJson(Path.of(value));
    }
  }

  /** Adds one entry of {@code prices} to a catalog builder. */
  static void price(PriceCatalog.Builder b, JsonNode price) {
    String provider = price.path("provider").asText();
    String model = price.path("model").asText();
    if (price.has("sameAs")) {
      b.alias(provider, model, price.path("sameAs").asText());
      return;
    }
    Money input = Values.money(price.path("input"));
    b.model(
        new ModelPrice(
            provider,
            model,
            input,
            Values.money(price.path("output")),
            price.has("cachedRead") ? Values.money(price.path("cachedRead")) : input,
            price.has("cacheWrite") ? Values.money(price.path("cacheWrite")) : input,
            price.path("contextWindow").asInt(0),
            price.path("maxOutputTokens").asInt(0)));
  }

  /**
   * Resolves every secret reference of the file, by its path ({@code providers.openai.apiKey},
   * {@code providers.claude.keys[1].secret}, {@code stores.password}); a reference that cannot be
   * resolved is a problem at its path.
   */
  static Map<String, Secret> secrets(JsonNode root, SecretResolver resolver, Problems problems) {
    Map<String, Secret> secrets = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("providers").properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      String path = Problems.child("providers", p.getKey());
      resolve(
          p.getValue().path("apiKey"), Problems.child(path, "apiKey"), resolver, problems, secrets);
      JsonNode keys = p.getValue().path("keys");
      for (int i = 0; i < keys.size(); i++) {
        String at = Problems.child(Problems.index(Problems.child(path, "keys"), i), "secret");
        resolve(keys.get(i).path("secret"), at, resolver, problems, secrets);
      }
    }
    resolve(root.path("stores").path("password"), "stores.password", resolver, problems, secrets);
    return secrets;
  }

  private static void resolve(
      JsonNode ref,
      String path,
      SecretResolver resolver,
      Problems problems,
      Map<String, Secret> out) {
    if (!ref.isTextual()) {
      return;
    }
    Matcher m = Scalar.SECRET_REFERENCE.matcher(ref.textValue().strip());
    if (!m.matches()) {
      return;
    }
    String scheme = m.group(1);
    String name = m.group(2);
    Set<String> schemes = new TreeSet<>(resolver.schemes());
    if (!schemes.contains(scheme)) {
      problems.add(
          path,
          "unknown secret scheme '"
              + scheme
              + "'"
              + Suggest.didYouMean(scheme, schemes)
              + " (schemes: "
              + String.join(", ", schemes)
              + "; add others with a SecretResolver)");
      return;
    }
    try {
      out.put(path, java.util.Objects.requireNonNull(resolver.resolve(scheme, name), "secret"));
    } catch (ConfigurationException e) {
      problems.add(path, "cannot be resolved: " + e.getMessage());
    } catch (RuntimeException e) {
      problems.add(path, "cannot be resolved: " + e);
    }
  }

  private static Set<String> names(JsonNode map) {
    Set<String> names = new LinkedHashSet<>();
    map.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> keyIds(JsonNode provider) {
    Set<String> ids = new LinkedHashSet<>();
    if (provider.has("apiKey")) {
      ids.add(ProviderSpec.DEFAULT_KEY_ID);
    }
    JsonNode keys = provider.path("keys");
    for (int i = 0; i < keys.size(); i++) {
      ids.add(keys.get(i).path("id").asText());
    }
    return ids;
  }

  private static String list(Set<String> names) {
    List<String> l = new ArrayList<>(names);
    return l.isEmpty() ? "none" : String.join(", ", l);
  }
}
