package dev.llmgateway.usage;

import dev.llmgateway.model.RequestContext;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per record as {@code key=value} pairs, in the field order of the JSON Lines
 * form. Used only by the usage writer thread.
 */
final class Slf4jUsageSink implements UsageSink {
  private final Logger log;

  Slf4jUsageSink(String loggerName) {
    this.log = LoggerFactory.getLogger(loggerName);
  }

  @Override
  public void write(List<UsageRecord> records) {
    if (!log.isInfoEnabled()) {
      return;
    }
    for (UsageRecord r : records) {
      log.info("usage {}", line(r));
    }
  }

  static String line(UsageRecord r) {
    StringBuilder sb = new StringBuilder(256);
    RequestContext c = r.context();
    field(sb, "requestId", r.requestId());
    field(sb, "time", r.time());
    field(sb, "kind", r.kind());
    field(sb, "tenant", c.tenant());
    field(sb, "team", c.team());
    field(sb, "feature", c.feature());
    field(sb, "user", c.user());
    for (Map.Entry<String, String> tag : c.tags().entrySet()) {
      field(sb, "tag." + tag.getKey(), tag.getValue());
    }
    field(sb, "requestedModel", r.requestedModel());
    field(sb, "alias", r.alias());
    field(sb, "provider", r.provider());
    field(sb, "model", r.model());
    field(sb, "keyId", r.keyId());
    field(sb, "inputTokens", r.usage().inputTokens());
    field(sb, "outputTokens", r.usage().outputTokens());
    field(sb, "cachedReadTokens", r.usage().cachedReadInputTokens());
    field(sb, "cacheWriteTokens", r.usage().cacheWriteInputTokens());
    field(sb, "reasoningTokens", r.usage().reasoningTokens());
    field(sb, "costUsd", r.cost().amount().toUsd().toPlainString());
    field(sb, "costStatus", r.cost().status());
    field(sb, "latencyMs", r.latency().toMillis());
    field(sb, "timeToFirstTokenMs", r.timeToFirstToken() == null ? null : ttftMillis(r));
    field(sb, "cacheHit", r.cacheHit());
    if (r.cacheHit()) {
      field(sb, "savedCostUsd", r.savedCost().toUsd().toPlainString());
    }
    field(sb, "attempts", r.attempts());
    field(sb, "outcome", r.outcome());
    field(sb, "errorKind", r.errorKind());
    field(sb, "errorType", r.errorType());
    return sb.toString();
  }

  private static long ttftMillis(UsageRecord r) {
    java.time.Duration d = r.timeToFirstToken();
    return d == null ? 0 : d.toMillis();
  }

  private static void field(StringBuilder sb, String key, @Nullable Object value) {
    if (value == null) {
      return;
    }
    if (sb.length() > 0) {
      sb.append(' ');
    }
    String v = value.toString();
    sb.append(key).append('=');
    if (v.isEmpty() || v.indexOf(' ') >= 0 || v.indexOf('"') >= 0 || v.indexOf('=') >= 0) {
      sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    } else {
      sb.append(v);
    }
  }

  @Override
  public String toString() {
    return "UsageSinks.slf4j(" + log.getName() + ")";
  }
}
