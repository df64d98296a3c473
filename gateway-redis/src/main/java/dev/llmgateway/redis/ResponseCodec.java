package dev.llmgateway.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.model.ChatResponse;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Cost;
import dev.llmgateway.model.FinishReason;
import dev.llmgateway.model.Money;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.Route;
import dev.llmgateway.model.TargetRef;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A cached answer as bytes: one format byte ({@code 'J'} plain JSON, {@code 'Z'} gzip-compressed
 * JSON), then the JSON of the answer. Answers whose JSON reaches the compression threshold are
 * compressed. The route keeps its alias, target and key id; its attempts are not stored (a hit is
 * served with a route of its own). Thread-safe: one shared {@link ObjectMapper}.
 */
final class ResponseCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte PLAIN = 'J';
  private static final byte GZIP = 'Z';

  private final int compressAbove;

  ResponseCodec(int compressAbove) {
    this.compressAbove = compressAbove;
  }

  byte[] encode(ChatResponse r) {
    try {
      byte[] json = JSON.writeValueAsBytes(tree(r));
      if (json.length < compressAbove) {
        byte[] out = new byte[json.length + 1];
        out[0] = PLAIN;
        System.arraycopy(json, 0, out, 1, json.length);
        return out;
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4 + 16);
      bytes.write(GZIP);
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(json);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode a cached answer", e);
    }
  }

  ChatResponse decode(byte[] bytes) {
    try {
      JsonNode n;
      if (bytes.length > 0 && bytes[0] == GZIP) {
        try (GZIPInputStream in =
            new GZIPInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
          n = JSON.readTree(in);
        }
      } else if (bytes.length > 0 && bytes[0] == PLAIN) {
        n = JSON.readTree(bytes, 1, bytes.length - 1);
      } else {
        throw new IllegalArgumentException("not a cached answer (unknown format byte)");
      }
      return response(n);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot decode a cached answer", e);
    }
  }

  private static ObjectNode tree(ChatResponse r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", r.id()).put("provider", r.provider()).put("model", r.model());
    ArrayNode content = n.putArray("content");
    for (ContentPart p : r.content()) {
      if (p instanceof ContentPart.Text t) {
        content.addObject().put("text", t.text());
      } else if (p instanceof ContentPart.Image i) {
        content
            .addObject()
            .put("url", i.url())
            .put("mediaType", i.mediaType())
            .put("base64Data", i.base64Data())
            .put("detail", i.detail());
      }
    }
    ArrayNode tools = n.putArray("toolCalls");
    for (ToolCall c : r.toolCalls()) {
      tools.addObject().put("id", c.id()).put("name", c.name()).put("arguments", c.argumentsJson());
    }
    n.put("finishReason", r.finishReason().name());
    Usage u = r.usage();
    ObjectNode usage =
        n.putObject("usage")
            .put("input", u.inputTokens())
            .put("output", u.outputTokens())
            .put("cachedRead", u.cachedReadInputTokens())
            .put("cacheWrite", u.cacheWriteInputTokens())
            .put("reasoning", u.reasoningTokens());
    ArrayNode reported = usage.putArray("reported");
    u.reported().forEach(c -> reported.add(c.name()));
    n.putObject("cost")
        .put("nanos", r.cost().amount().nanos())
        .put("status", r.cost().status().name());
    Route route = r.route();
    n.putObject("route")
        .put("alias", route.alias())
        .put("provider", route.target().provider())
        .put("model", route.target().model())
        .put("keyId", route.keyId())
        .put("latencyNanos", route.latency().toNanos());
    n.put("refusal", r.refusal());
    ArrayNode reasoning = n.putArray("reasoning");
    for (ReasoningBlock b : r.reasoning()) {
      reasoning
          .addObject()
          .put("text", b.text())
          .put("signature", b.signature())
          .put("redactedData", b.redactedData())
          .put("id", b.id())
          .put("encryptedContent", b.encryptedContent());
    }
    return n;
  }

  private static ChatResponse response(JsonNode n) {
    List<ContentPart> content = new ArrayList<>();
    for (JsonNode p : n.path("content")) {
      if (p.has("text")) {
        content.add(new ContentPart.Text(p.path("text").asText()));
      } else {
        content.add(
            new ContentPart.Image(
                text(p, "url"), text(p, "mediaType"), text(p, "base64Data"), text(p, "detail")));
      }
    }
    List<ToolCall> tools = new ArrayList<>();
    for (JsonNode c : n.path("toolCalls")) {
      tools.add(
          new ToolCall(
              c.path("id").asText(), c.path("name").asText(), c.path("arguments").asText()));
    }
    JsonNode u = n.path("usage");
    Set<Usage.Count> reported = EnumSet.noneOf(Usage.Count.class);
    u.path("reported").forEach(c -> reported.add(Usage.Count.valueOf(c.asText())));
    Usage usage =
        new Usage(
            u.path("input").asLong(),
            u.path("output").asLong(),
            u.path("cachedRead").asLong(),
            u.path("cacheWrite").asLong(),
            u.path("reasoning").asLong(),
            reported);
    JsonNode c = n.path("cost");
    Cost cost =
        new Cost(
            Money.ofNanos(c.path("nanos").asLong()),
            Cost.Status.valueOf(c.path("status").asText()));
    JsonNode r = n.path("route");
    Route route =
        new Route(
            text(r, "alias"),
            new TargetRef(r.path("provider").asText(), r.path("model").asText()),
            text(r, "keyId"),
            List.of(),
            false,
            Duration.ofNanos(r.path("latencyNanos").asLong()));
    List<ReasoningBlock> reasoning = new ArrayList<>();
    for (JsonNode b : n.path("reasoning")) {
      reasoning.add(
          new ReasoningBlock(
              b.path("text").asText(),
              text(b, "signature"),
              text(b, "redactedData"),
              text(b, "id"),
              text(b, "encryptedContent")));
    }
    return new ChatResponse(
        n.path("id").asText(),
        n.path("provider").asText(),
        n.path("model").asText(),
        content,
        tools,
        FinishReason.valueOf(n.path("finishReason").asText()),
        usage,
        cost,
        route,
        text(n, "refusal"),
        reasoning);
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
