package dev.llmgateway.usage;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmgateway.CallInfo;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.RequestContext;
import dev.llmgateway.model.Usage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Lines form of a {@link UsageRecord}: one object per line with stable field names, in
 * this order (absent values are written as {@code null}, never left out):
 *
 * <pre>
 * requestId, time (ISO-8601 instant), kind (CHAT|STREAM|EMBED), tenant, team, feature, user,
 * tags (object), requestedModel, alias, provider, model, keyId, inputTokens, outputTokens,
 * cachedReadTokens, cacheWriteTokens, reasoningTokens, costNanos (integer nano-USD),
 * costUsd (decimal string), costStatus (REPORTED|ESTIMATED|UNKNOWN), latencyNanos,
 * timeToFirstTokenNanos, cacheHit, savedCostNanos, attempts, outcome, errorKind, errorType
 * </pre>
 *
 * <p>One shared {@link ObjectMapper}; used on the usage writer thread and by report readers.
 */
final class UsageJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private UsageJson() {}

  static JsonGenerator generator(Writer out) throws IOException {
    JsonGenerator g = MAPPER.getFactory().createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    return g;
  }

  static String toJson(UsageRecord r) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = generator(out)) {
      write(r, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static void write(UsageRecord r, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("requestId", r.requestId());
    g.writeStringField("time", r.time().toString());
    g.writeStringField("kind", r.kind().name());
    RequestContext c = r.context();
    g.writeStringField("tenant", c.tenant());
    g.writeStringField("team", c.team());
    g.writeStringField("feature", c.feature());
    g.writeStringField("user", c.user());
    g.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> tag : c.tags().entrySet()) {
      g.writeStringField(tag.getKey(), tag.getValue());
    }
    g.writeEndObject();
    g.writeStringField("requestedModel", r.requestedModel());
    g.writeStringField("alias", r.alias());
    g.writeStringField("provider", r.provider());
    g.writeStringField("model", r.model());
    g.writeStringField("keyId", r.keyId());
    Usage u = r.usage();
    g.writeNumberField("inputTokens", u.inputTokens());
    g.writeNumberField("outputTokens", u.outputTokens());
    g.writeNumberField("cachedReadTokens", u.cachedReadInputTokens());
    g.writeNumberField("cacheWriteTokens", u.cacheWriteInputTokens());
    g.writeNumberField("reasoningTokens", u.reasoningTokens());
    Money amount = r.cost().amount();
    g.writeNumberField("costNanos", amount.nanos());
    g.writeStringField("costUsd", amount.toUsd().toPlainString());
    g.writeStringField("costStatus", r.cost().status().name());
    g.writeNumberField("latencyNanos", r.latency().toNanos());
    Duration ttft = r.timeToFirstToken();
    if (ttft == null) {
      g.writeNullField("timeToFirstTokenNanos");
    } else {
      g.writeNumberField("timeToFirstTokenNanos", ttft.toNanos());
    }
    g.writeBooleanField("cacheHit", r.cacheHit());
    g.writeNumberField("savedCostNanos", r.savedCost().nanos());
    g.writeNumberField("attempts", r.attempts());
    g.writeStringField("outcome", r.outcome().name());
    ErrorKind kind = r.errorKind();
    g.writeStringField("errorKind", kind == null ? null : kind.name());
    g.writeStringField("errorType", r.errorType());
    g.writeEndObject();
  }

  static UsageRecord read(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not a JSON usage record: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("Not a JSON usage record object");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode tagNode = n.get("tags");
    if (tagNode != null && tagNode.isObject()) {
      for (Map.Entry<String, JsonNode> e : tagNode.properties()) {
        tags.put(e.getKey(), e.getValue().asText());
      }
    }
    RequestContext context =
        new RequestContext(
            text(n, "tenant"), text(n, "team"), text(n, "feature"), text(n, "user"), tags);
    Usage usage =
        new Usage(
            number(n, "inputTokens"),
            number(n, "outputTokens"),
            number(n, "cachedReadTokens"),
            number(n, "cacheWriteTokens"),
            number(n, "reasoningTokens"));
    Cost cost =
        new Cost(
            Money.ofNanos(number(n, "costNanos")), Cost.Status.valueOf(required(n, "costStatus")));
    JsonNode ttft = n.get("timeToFirstTokenNanos");
    String errorKind = text(n, "errorKind");
    return new UsageRecord(
        required(n, "requestId"),
        Instant.parse(required(n, "time")),
        CallInfo.Kind.valueOf(required(n, "kind")),
        context,
        required(n, "requestedModel"),
        text(n, "alias"),
        text(n, "provider"),
        text(n, "model"),
        text(n, "keyId"),
        usage,
        cost,
        Duration.ofNanos(number(n, "latencyNanos")),
        ttft == null || ttft.isNull() ? null : Duration.ofNanos(ttft.asLong()),
        n.path("cacheHit").asBoolean(false),
        Money.ofNanos(n.path("savedCostNanos").asLong(0)),
        (int) number(n, "attempts"),
        UsageOutcome.valueOf(required(n, "outcome")),
        errorKind == null ? null : ErrorKind.valueOf(errorKind),
        text(n, "errorType"));
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode n, String field) {
    String v = text(n, field);
    if (v == null) {
      throw new IllegalArgumentException("Usage record has no '" + field + "'");
    }
    return v;
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? 0 : v.asLong();
  }
}
