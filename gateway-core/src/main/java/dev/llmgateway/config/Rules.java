package dev.llmgateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.CircuitBreakerSpec;
import dev.llmgateway.GatewayClient;
import dev.llmgateway.ProviderSpec;
import dev.llmgateway.config.ConfigSchema.SinkType;
import dev.llmgateway.ratelimit.QuotaScope;
import dev.llmgateway.routing.RouteRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The rules of {@link ConfigSchema} that relate several keys of one mapping. They run beside the
 * checks of each key, so that every problem is reported at once, and look only at values of the
 * right type (a value of the wrong type is reported by its own check).
 */
final class Rules {
  private Rules() {}

  static void keyIdsDiffer(ObjectNode provider, String path, Problems problems) {
    Map<String, String> seen = new HashMap<>();
    if (provider.has("apiKey")) {
      seen.put(ProviderSpec.DEFAULT_KEY_ID, Problems.child(path, "apiKey"));
    }
    JsonNode keys = provider.path("keys");
    for (int i = 0; i < keys.size(); i++) {
      JsonNode idNode = keys.get(i).path("id");
      if (!idNode.isTextual()) {
        continue;
      }
      String id = idNode.textValue();
      String at = Problems.child(Problems.index(Problems.child(path, "keys"), i), "id");
      String first = seen.putIfAbsent(id, at);
      if (first != null) {
        problems.add(at, "repeats the key id '" + id + "' of " + first);
      }
    }
  }

  static void targetsDiffer(ObjectNode alias, String path, Problems problems) {
    Map<String, Integer> seen = new HashMap<>();
    JsonNode targets = alias.path("targets");
    for (int i = 0; i < targets.size(); i++) {
      JsonNode provider = targets.get(i).path("provider");
      JsonNode model = targets.get(i).path("model");
      if (!provider.isTextual() || !model.isTextual()) {
        continue;
      }
      String ref = provider.textValue() + "/" + model.textValue();
      Integer first = seen.putIfAbsent(ref, i);
      if (first != null) {
        problems.add(
            Problems.index(Problems.child(path, "targets"), i),
            "repeats target '" + ref + "' (also at [" + first + "])");
      }
    }
  }

  static void hedgeIsOneKind(ObjectNode hedge, String path, Problems problems) {
    boolean delay = hedge.has("delay");
    boolean percentile = hedge.has("percentile");
    boolean initial = hedge.has("initialDelay");
    if (delay && (percentile || initial)) {
      problems.add(path, "set either delay, or percentile with initialDelay, not both");
    } else if (!delay && !percentile && !initial) {
      problems.add(path, "set delay, or percentile with initialDelay");
    } else if (percentile != initial) {
      problems.add(path, "percentile and initialDelay go together");
    }
  }

  static void backoffIsOrdered(ObjectNode backoff, String path, Problems problems) {
    @Nullable Duration initial =
        durationOr(backoff, "initial", GatewayClient.DEFAULT_RETRY_BACKOFF_INITIAL);
    @Nullable Duration max = durationOr(backoff, "max", GatewayClient.DEFAULT_RETRY_BACKOFF_MAX);
    if (initial != null && max != null && max.compareTo(initial) < 0) {
      problems.add(
          Problems.child(path, backoff.has("max") ? "max" : "initial"),
          "max must be at least initial, was "
              + Values.format(max)
              + " < "
              + Values.format(initial));
    }
  }

  static void openDurationsAreOrdered(ObjectNode cb, String path, Problems problems) {
    JsonNode consecutive = cb.path("consecutiveFailures");
    @Nullable Duration open = CircuitBreakerSpec.DEFAULT_OPEN_DURATION;
    @Nullable Duration max = CircuitBreakerSpec.DEFAULT_MAX_OPEN_DURATION;
    if (consecutive.isObject()) {
      open = durationOr(consecutive, "openFor", open);
      max = open != null && max.compareTo(open) < 0 ? open : max;
    }
    open = open == null ? null : durationOr(cb, "openDuration", open);
    max = durationOr(cb, "maxOpenDuration", max);
    if (open != null && max != null && max.compareTo(open) < 0) {
      problems.add(
          Problems.child(path, cb.has("maxOpenDuration") ? "maxOpenDuration" : "openDuration"),
          "maxOpenDuration must be at least openDuration, was "
              + Values.format(max)
              + " < "
              + Values.format(open));
    }
  }

  static void ruleIsConsistent(ObjectNode rule, String path, Problems problems) {
    JsonNode minNode = rule.path("minPromptTokens");
    JsonNode maxNode = rule.path("maxPromptTokens");
    long min = minNode.isIntegralNumber() ? minNode.asLong() : 0;
    long max = maxNode.isIntegralNumber() ? maxNode.asLong() : Long.MAX_VALUE;
    if (min > max) {
      problems.add(
          Problems.child(path, "minPromptTokens"),
          "must not exceed maxPromptTokens (" + max + "), was " + min);
    }
    if (rule.has("priority") && rule.path("tags").has(RouteRequest.PRIORITY_TAG)) {
      problems.add(
          Problems.child(path, "priority"),
          "is the tag '" + RouteRequest.PRIORITY_TAG + "', which tags sets too; set one");
    }
  }

  static void quotaHasALimit(ObjectNode quota, String path, Problems problems) {
    if (!quota.has("requestsPerMinute")
        && !quota.has("requestsPerDay")
        && !quota.has("tokensPerMinute")) {
      problems.add(path, "sets no limit; set requestsPerMinute, requestsPerDay or tokensPerMinute");
    }
  }

  static void quotaScopesDiffer(ObjectNode root, String path, Problems problems) {
    Map<QuotaScope, Integer> seen = new HashMap<>();
    JsonNode quotas = root.path("quotas");
    for (int i = 0; i < quotas.size(); i++) {
      QuotaScope scope;
      try {
        scope = Values.quotaScope(quotas.get(i).path("scope").asText());
      } catch (IllegalArgumentException e) {
        continue;
      }
      Integer first = seen.putIfAbsent(scope, i);
      if (first != null) {
        problems.add(
            Problems.child(Problems.index(Problems.child(path, "quotas"), i), "scope"),
            "repeats the scope of quotas[" + first + "]; set all its limits in one quota");
      }
    }
  }

  static void priceIsOneKind(ObjectNode price, String path, Problems problems) {
    if (price.has("sameAs")) {
      for (String k : new String[] {"input", "output", "cachedRead", "cacheWrite"}) {
        if (price.has(k)) {
          problems.add(Problems.child(path, k), "does not go with sameAs, which copies a price");
        }
      }
      return;
    }
    for (String k : new String[] {"input", "output"}) {
      if (!price.has(k)) {
        problems.add(Problems.child(path, k), "is required (or sameAs)");
      }
    }
  }

  static void sinkKeysFitItsType(ObjectNode sink, String path, Problems problems) {
    SinkType type = Values.constant(SinkType.class, sink.path("type").asText());
    if (type == null) {
      return;
    }
    Function<String, String> other =
        k -> "is not a key of a " + sink.path("type").asText() + " sink";
    if (type == SinkType.SLF4J) {
      for (String k : new String[] {"directory", "zone"}) {
        if (sink.has(k)) {
          problems.add(Problems.child(path, k), other.apply(k));
        }
      }
    } else {
      if (sink.has("logger")) {
        problems.add(Problems.child(path, "logger"), other.apply("logger"));
      }
      if (!sink.has("directory")) {
        problems.add(Problems.child(path, "directory"), "is required for a jsonLines sink");
      }
    }
  }

  /** The duration at the key, {@code otherwise} without one, {@code null} if it is invalid. */
  private static @Nullable Duration durationOr(JsonNode node, String key, Duration otherwise) {
    if (!node.has(key)) {
      return otherwise;
    }
    try {
      return Values.duration(node.path(key).asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
