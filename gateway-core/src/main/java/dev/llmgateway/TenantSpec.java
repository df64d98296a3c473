package dev.llmgateway;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.internal.config.TenantRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures one tenant's policy inside {@link GatewayClient.Builder#tenant(String,
 * java.util.function.Consumer)}: what the tenant may call and the attribution its requests get by
 * default. A request belongs to the tenant whose name its {@link
 * dev.llmgateway.model.RequestContext#tenant()} gives. Every setter checks its argument at once and
 * throws {@link ConfigurationException} naming the tenant and the value.
 *
 * <pre>{@code
 * .tenant("acme", t -> t.allowAliases("fast", "smart").allowModels("openai/gpt-4o*")
 *     .defaultTeam("support").defaultFeature("chat").defaultTag("plan", "pro"))
 * }</pre>
 *
 * <p><b>Allowlist.</b> With neither aliases nor models set the tenant may call everything. With
 * either set, a call is allowed when the alias it resolves to (after the routing hook and request
 * rules) is one of the allowed aliases, or when every target of its plan matches an allowed model
 * pattern; a request naming {@code provider/model} directly is allowed when that target matches.
 * Anything else fails with {@link dev.llmgateway.error.TenantPolicyException} before any provider
 * is called. Budgets and quotas per tenant are set with {@code BudgetScope.tenant(name)} and {@code
 * QuotaScope.tenant(name)}; the response cache is partitioned by tenant by default.
 *
 * <p>Not thread-safe: configure it inside the builder call only.
 */
public final class TenantSpec {
  private final String name;
  private final List<String> aliases = new ArrayList<>();
  private final List<String> models = new ArrayList<>();
  private @Nullable String team;
  private @Nullable String feature;
  private final Map<String, String> tags = new LinkedHashMap<>();

  TenantSpec(String name) {
    this.name = name;
  }

  /**
   * Allows the tenant to call these aliases (in addition to any set before). Checked against the
   * alias a call resolves to; whether the alias exists is checked when the client is built.
   *
   * @param aliases alias names, not blank
   * @return this spec
   * @throws ConfigurationException if an alias is null or blank
   */
  public TenantSpec allowAliases(String... aliases) {
    for (String a : checked(aliases, "allowAliases")) {
      if (!this.aliases.contains(a)) {
        this.aliases.add(a);
      }
    }
    return this;
  }

  /**
   * Allows the tenant to call targets matching these patterns (in addition to any set before): a
   * pattern with a {@code /} matches {@code provider/model}, one without matches the model name of
   * any provider; {@code *} matches any characters ({@code openai/*}, {@code gpt-4o*}).
   *
   * @param patterns model patterns, not blank
   * @return this spec
   * @throws ConfigurationException if a pattern is null or blank
   */
  public TenantSpec allowModels(String... patterns) {
    for (String m : checked(patterns, "allowModels")) {
      if (!models.contains(m)) {
        models.add(m);
      }
    }
    return this;
  }

  /**
   * Sets the team of the tenant's requests whose context names none. Defaults to none.
   *
   * @param team the team, not blank
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public TenantSpec defaultTeam(String team) {
    this.team = notBlank(team, "defaultTeam");
    return this;
  }

  /**
   * Sets the feature of the tenant's requests whose context names none. Defaults to none.
   *
   * @param feature the feature, not blank
   * @return this spec
   * @throws ConfigurationException if blank
   */
  public TenantSpec defaultFeature(String feature) {
    this.feature = notBlank(feature, "defaultFeature");
    return this;
  }

  /**
   * Adds a tag the tenant's requests get when their context does not set that key. Defaults to
   * none.
   *
   * @param key the tag's key, not blank
   * @param value the tag's value, not null
   * @return this spec
   * @throws ConfigurationException if the key is blank or the value null
   */
  public TenantSpec defaultTag(String key, String value) {
    String k = notBlank(key, "defaultTag key");
    if (value == null) {
      throw new ConfigurationException("Tenant '" + name + "': defaultTag '" + k + "' is null");
    }
    tags.put(k, value);
    return this;
  }

  /** The aliases allowed so far, for the builder's checks. */
  List<String> aliases() {
    return List.copyOf(aliases);
  }

  /** The policy as the engine reads it. */
  TenantRule toRule() {
    return new TenantRule(name, aliases, models, team, feature, tags);
  }

  private List<String> checked(String[] values, String what) {
    if (values == null) {
      throw new ConfigurationException("Tenant '" + name + "': " + what + " must not be null");
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(notBlank(v, what));
    }
    return out;
  }

  private String notBlank(@Nullable String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(
          "Tenant '" + name + "': " + what + " must not be blank, was " + value);
    }
    return value;
  }
}
