package dev.llmgateway.internal.config;

import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.TargetRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's policy, as the builder collected it: what it may call and its default attribution.
 *
 * @param name the tenant, as requests name it in their context
 * @param aliases the aliases it may call; with {@code models} both empty, everything is allowed
 * @param models the models it may call: {@code provider/model} globs, or model-name globs (no
 *     {@code /}) matching the model part of any target; {@code *} matches any characters
 * @param team the team a request of the tenant gets when it names none, or {@code null}
 * @param feature the feature a request of the tenant gets when it names none, or {@code null}
 * @param tags tags a request of the tenant gets for each key it does not set
 */
public record TenantRule(
    String name,
    List<String> aliases,
    List<String> models,
    @Nullable String team,
    @Nullable String feature,
    Map<String, String> tags) {

  /**
   * Copies the collections.
   *
   * @param name the tenant
   * @param aliases allowed aliases
   * @param models allowed model globs
   * @param team default team, or {@code null}
   * @param feature default feature, or {@code null}
   * @param tags default tags
   */
  public TenantRule {
    Objects.requireNonNull(name, "name");
    aliases = List.copyOf(aliases);
    models = List.copyOf(models);
    tags = Map.copyOf(new LinkedHashMap<>(tags));
  }

  /** Whether the tenant has an allowlist at all; without one it may call everything. */
  public boolean restricted() {
    return !aliases.isEmpty() || !models.isEmpty();
  }

  /** Whether the tenant may call the alias by name. */
  public boolean allowsAlias(String alias) {
    return !restricted() || aliases.contains(alias);
  }

  /** Whether one of the tenant's model patterns matches the target. */
  public boolean allowsModel(TargetRef ref) {
    if (!restricted()) {
      return true;
    }
    for (String glob : models) {
      String subject = glob.indexOf('/') >= 0 ? ref.provider() + "/" + ref.model() : ref.model();
      if (globMatches(glob, subject)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The context with the tenant's defaults filled in where it leaves them empty; the same instance
   * when there is nothing to fill.
   */
  public RequestContext attribute(RequestContext context) {
    RequestContext out = context;
    if (out.team() == null && team != null) {
      out = out.team(team);
    }
    if (out.feature() == null && feature != null) {
      out = out.feature(feature);
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (!out.tags().containsKey(tag.getKey())) {
        out = out.tag(tag.getKey(), tag.getValue());
      }
    }
    return out;
  }

  /** Whether {@code glob} ({@code *} for any characters) matches all of {@code subject}. */
  static boolean globMatches(String glob, String subject) {
    StringBuilder regex = new StringBuilder();
    int from = 0;
    for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', from)) {
      regex.append(Pattern.quote(glob.substring(from, star))).append(".*");
      from = star + 1;
    }
    regex.append(Pattern.quote(glob.substring(from)));
    return Pattern.matches(regex.toString(), subject);
  }
}
