package dev.llmgateway.internal.config;

import dev.llmgateway.model.RequestContext;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A declarative request rule: conditions on the call and the alias it routes to.
 *
 * @param index the rule's number, from 1, in the order added
 * @param model the requested model it applies to, or {@code null} for any
 * @param tenant the tenant condition, or {@code null}
 * @param team the team condition, or {@code null}
 * @param feature the feature condition, or {@code null}
 * @param tags tag conditions (all must hold)
 * @param minPromptTokens the smallest estimated prompt
 * @param maxPromptTokens the largest estimated prompt
 * @param alias the alias matching calls go to
 */
public record RequestRule(
    int index,
    @Nullable String model,
    @Nullable String tenant,
    @Nullable String team,
    @Nullable String feature,
    Map<String, String> tags,
    long minPromptTokens,
    long maxPromptTokens,
    String alias) {

  /**
   * Copies the tags.
   *
   * @param index the rule's number, from 1, in the order added
   * @param model the requested model it applies to, or {@code null} for any
   * @param tenant the tenant condition, or {@code null}
   * @param team the team condition, or {@code null}
   * @param feature the feature condition, or {@code null}
   * @param tags tag conditions (all must hold)
   * @param minPromptTokens the smallest estimated prompt
   * @param maxPromptTokens the largest estimated prompt
   * @param alias the alias matching calls go to
   */
  public RequestRule {
    tags = Map.copyOf(tags);
  }

  /** Whether the rule has a condition on the estimated prompt size. */
  public boolean readsPrompt() {
    return minPromptTokens > 0 || maxPromptTokens < Long.MAX_VALUE;
  }

  /**
   * Whether a call matches.
   *
   * @param requested the model the call names
   * @param c who the call is for
   * @param promptTokens the call's estimated prompt; read only if {@link #readsPrompt()}
   */
  public boolean matches(String requested, RequestContext c, long promptTokens) {
    if (model != null && !model.equals(requested)) {
      return false;
    }
    if (tenant != null && !tenant.equals(c.tenant())
        || team != null && !team.equals(c.team())
        || feature != null && !feature.equals(c.feature())) {
      return false;
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      if (!Objects.equals(t.getValue(), c.tags().get(t.getKey()))) {
        return false;
      }
    }
    return promptTokens >= minPromptTokens && promptTokens <= maxPromptTokens;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("request rule #").append(index).append(" (");
    String sep = "";
    if (model != null) {
      sb.append("model=").append(model);
      sep = ", ";
    }
    if (tenant != null) {
      sb.append(sep).append("tenant=").append(tenant);
      sep = ", ";
    }
    if (team != null) {
      sb.append(sep).append("team=").append(team);
      sep = ", ";
    }
    if (feature != null) {
      sb.append(sep).append("feature=").append(feature);
      sep = ", ";
    }
    for (Map.Entry<String, String> t : tags.entrySet()) {
      sb.append(sep).append(t.getKey()).append('=').append(t.getValue());
      sep = ", ";
    }
    if (minPromptTokens > 0) {
      sb.append(sep).append("promptTokens>=").append(minPromptTokens);
      sep = ", ";
    }
    if (maxPromptTokens < Long.MAX_VALUE) {
      sb.append(sep).append("promptTokens<=").append(maxPromptTokens);
    }
    return sb.append(") -> alias '").append(alias).append('\'').toString();
  }
}
