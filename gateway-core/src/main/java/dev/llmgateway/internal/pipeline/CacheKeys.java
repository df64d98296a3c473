package dev.llmgateway.internal.pipeline;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The response cache's key: SHA-256 over a canonical JSON document of the request, as 64 lowercase
 * hex characters.
 *
 * <p>The document writes its own fields in a fixed order and leaves out each one that holds its
 * default (null, an empty list or map, false, plain-text response format), which keeps it short
 * without making two requests alike: a field is present exactly when it is not its default. The
 * user's maps ({@code extraParams}, tool schemas, the response format's schema) are written by
 * sorted key at every depth, so the order in which a map was filled never changes the key. The
 * document holds everything that can change the answer: the model or alias as requested, every
 * message (role, name, tool call id, every content part, every tool call, every reasoning block
 * with its signature, redacted data, item id and encrypted content), temperature, topP, maxTokens,
 * stop, seed, tools (name, description, schema, strict), toolChoice, responseFormat (type, name,
 * schema, strict), endUser, extraParams, reasoning (effort, budget, whether thoughts are asked
 * for), and the partition value. It leaves out what does not: the rest of the {@code
 * RequestContext}, the {@code CallOptions} (timeout, attempts, headers), the {@code CachePolicy},
 * the prompt-cache markers and {@code promptCacheKey} (they change the price, not the answer).
 * Calls with {@code previousResponseId} or {@code store(true)} are never cached, so their fields
 * are not part of it.
 *
 * <p>Thread-safe; one {@link MessageDigest} per thread.
 */
public final class CacheKeys {
  /** Bumped when the document's shape changes, so old entries of a shared store are not reused. */
  static final int VERSION = 3;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JVM has no SHA-256", e);
            }
          });

  private CacheKeys() {}

  /**
   * The key of a request in a partition.
   *
   * @param request the request as it reaches the cache stage
   * @param partition the partition value ({@link dev.llmgateway.cache.CachePartition#valueOf})
   * @return 64 hex characters
   */
  public static String key(ChatRequest request, String partition) {
    String canonical = canonical(request, partition);
    MessageDigest digest = SHA256.get();
    digest.reset();
    byte[] hash = digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
    char[] out = new char[hash.length * 2];
    for (int i = 0; i < hash.length; i++) {
      out[2 * i] = HEX[(hash[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[hash[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * The canonical document: fixed fields in a fixed order, each left out when it holds its default
   * (null, empty, false), so that a plain request writes few fields; the user's maps by sorted key.
   */
  public static String canonical(ChatRequest r, String partition) {
    StringBuilder sb = new StringBuilder(capacity(r));
    sb.append("{\"v\":").append(VERSION).append(",\"model\":");
    string(sb, r.model());
    sb.append(",\"partition\":");
    string(sb, partition);
    sb.append(",\"messages\":[");
    for (int i = 0; i < r.messages().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      message(sb, r.messages().get(i));
    }
    sb.append(']');
    optional(sb, ",\"endUser\":", r.endUser());
    if (!r.extraParams().isEmpty()) {
      sb.append(",\"extraParams\":");
      value(sb, r.extraParams());
    }
    optional(sb, ",\"maxTokens\":", r.maxTokens());
    if (r.reasoning() != null) {
      reasoning(sb, r.reasoning());
    }
    responseFormat(sb, r.responseFormat());
    optional(sb, ",\"seed\":", r.seed());
    if (!r.stop().isEmpty()) {
      sb.append(",\"stop\":");
      value(sb, r.stop());
    }
    optional(sb, ",\"temperature\":", r.temperature());
    if (r.toolChoice() != null) {
      sb.append(",\"toolChoice\":{\"mode\":");
      string(sb, r.toolChoice().mode().name());
      optional(sb, ",\"tool\":", r.toolChoice().toolName());
      sb.append('}');
    }
    if (!r.tools().isEmpty()) {
      sb.append(",\"tools\":[");
      for (int i = 0; i < r.tools().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        tool(sb, r.tools().get(i));
      }
      sb.append(']');
    }
    optional(sb, ",\"topP\":", r.topP());
    return sb.append('}').toString();
  }

  /** Room for the document of a request without tools, so that the builder seldom grows. */
  private static int capacity(ChatRequest r) {
    long chars = 160;
    for (int i = 0; i < r.messages().size(); i++) {
      chars += 64;
      List<ContentPart> parts = r.messages().get(i).content();
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j) instanceof ContentPart.Text t) {
          chars += t.text().length() + 32;
        }
      }
    }
    return (int) Math.min(chars, 1 << 20);
  }

  /** A field (its name given with the leading comma and colon) unless its value is null. */
  private static void optional(StringBuilder sb, String prefix, @Nullable Object value) {
    if (value != null) {
      sb.append(prefix);
      value(sb, value);
    }
  }

  private static void message(StringBuilder sb, Message m) {
    sb.append("{\"role\":");
    string(sb, m.role().name());
    if (!m.content().isEmpty()) {
      sb.append(",\"content\":[");
      for (int i = 0; i < m.content().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        ContentPart p = m.content().get(i);
        if (p instanceof ContentPart.Text t) {
          sb.append("{\"type\":\"text\",\"text\":");
          string(sb, t.text());
          sb.append('}');
        } else if (p instanceof ContentPart.Image img) {
          sb.append("{\"type\":\"image\"");
          optional(sb, ",\"data\":", img.base64Data());
          optional(sb, ",\"detail\":", img.detail());
          optional(sb, ",\"mediaType\":", img.mediaType());
          optional(sb, ",\"url\":", img.url());
          sb.append('}');
        }
      }
      sb.append(']');
    }
    optional(sb, ",\"name\":", m.name());
    if (!m.reasoning().isEmpty()) {
      sb.append(",\"reasoning\":[");
      for (int i = 0; i < m.reasoning().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        reasoningBlock(sb, m.reasoning().get(i));
      }
      sb.append(']');
    }
    optional(sb, ",\"toolCallId\":", m.toolCallId());
    if (!m.toolCalls().isEmpty()) {
      sb.append(",\"toolCalls\":[");
      for (int i = 0; i < m.toolCalls().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        ToolCall c = m.toolCalls().get(i);
        sb.append("{\"id\":");
        string(sb, c.id());
        sb.append(",\"name\":");
        string(sb, c.name());
        sb.append(",\"arguments\":");
        string(sb, c.argumentsJson());
        sb.append('}');
      }
      sb.append(']');
    }
    sb.append('}');
  }

  private static void reasoning(StringBuilder sb, Reasoning r) {
    sb.append(",\"reasoning\":{\"includeThoughts\":").append(r.includeThoughts());
    optional(sb, ",\"budgetTokens\":", r.budgetTokens());
    if (r.effort() != null) {
      sb.append(",\"effort\":");
      string(sb, r.effort().name());
    }
    sb.append('}');
  }

  private static void reasoningBlock(StringBuilder sb, ReasoningBlock b) {
    sb.append("{\"text\":");
    string(sb, b.text());
    optional(sb, ",\"encryptedContent\":", b.encryptedContent());
    optional(sb, ",\"id\":", b.id());
    optional(sb, ",\"redactedData\":", b.redactedData());
    optional(sb, ",\"signature\":", b.signature());
    sb.append('}');
  }

  /** Left out for plain text, the default; otherwise every field that is not its default. */
  private static void responseFormat(StringBuilder sb, ResponseFormat f) {
    if (f.type() == ResponseFormat.Type.TEXT
        && f.schemaName() == null
        && f.schema().isEmpty()
        && !f.strict()) {
      return;
    }
    sb.append(",\"responseFormat\":{\"type\":");
    string(sb, f.type().name());
    optional(sb, ",\"schemaName\":", f.schemaName());
    if (!f.schema().isEmpty()) {
      sb.append(",\"schema\":");
      value(sb, f.schema());
    }
    if (f.strict()) {
      sb.append(",\"strict\":true");
    }
    sb.append('}');
  }

  private static void tool(StringBuilder sb, ToolDefinition t) {
    sb.append("{\"name\":");
    string(sb, t.name());
    optional(sb, ",\"description\":", t.description());
    if (!t.parameters().isEmpty()) {
      sb.append(",\"parameters\":");
      value(sb, t.parameters());
    }
    if (t.strict()) {
      sb.append(",\"strict\":true");
    }
    sb.append('}');
  }

  /** Writes a JSON-like value (null, string, number, boolean, map, list); maps by sorted key. */
  public static void value(StringBuilder sb, @Nullable Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      string(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      number(sb, n);
    } else if (v instanceof Map<?, ?> map && map.isEmpty()) {
      sb.append("{}");
    } else if (v instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      entries.sort((a, b) -> ((String) a.getKey()).compareTo((String) b.getKey()));
      sb.append('{');
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(sb, (String) entries.get(i).getKey());
        sb.append(':');
        value(sb, entries.get(i).getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        value(sb, list.get(i));
      }
      sb.append(']');
    } else {
      // Not JSON-like (the model records reject these); keep the key distinct anyway.
      string(sb, v.getClass().getName() + ":" + v);
    }
  }

  /** Numbers by value: 1, 1L and 1.0 write the same; so do 0.10 and 0.1. */
  private static void number(StringBuilder sb, Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      sb.append(n.longValue());
      return;
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        string(sb, Double.toString(d));
        return;
      }
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        sb.append((long) d);
        return;
      }
      sb.append(new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
      return;
    }
    BigDecimal b =
        n instanceof BigDecimal bd
            ? bd
            : n instanceof BigInteger bi ? new BigDecimal(bi) : new BigDecimal(n.toString());
    sb.append(b.stripTrailingZeros().toPlainString());
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    // Runs of characters that need no escape are appended at once: most text is one run.
    int run = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      }
    }
    sb.append(s, run, n).append('"');
  }
}
