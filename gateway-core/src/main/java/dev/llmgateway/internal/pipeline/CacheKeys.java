package dev.llmgateway.internal.pipeline;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.Reasoning;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ResponseFormat;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolChoice;
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
 * <p>The document is an object whose keys are written in sorted order, at every depth, including
 * the user's maps ({@code extraParams}, tool schemas, the response format's schema), so the order
 * in which a map was filled never changes the key. It holds everything that can change the answer:
 * the model or alias as requested, every message (role, name, tool call id, every content part,
 * every tool call, every reasoning block with its signature, redacted data, item id and encrypted
 * content), temperature, topP, maxTokens, stop, seed, tools (name, description, schema, strict),
 * toolChoice, responseFormat (type, name, schema, strict), endUser, extraParams, reasoning (effort,
 * budget, whether thoughts are asked for), and the partition value. It leaves out what does not:
 * the rest of the {@code RequestContext}, the {@code CallOptions} (timeout, attempts, headers), the
 * {@code CachePolicy}, the prompt-cache markers and {@code promptCacheKey} (they change the price,
 * not the answer). Calls with {@code previousResponseId} or {@code store(true)} are never cached,
 * so their fields are not part of it.
 *
 * <p>Thread-safe; one {@link MessageDigest} per thread.
 */
public final class CacheKeys {
  /** Bumped when the document's shape changes, so old entries of a shared store are not reused. */
  static final int VERSION = 2;

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

  /** The canonical document; keys in sorted order (the order written here is alphabetical). */
  public static String canonical(ChatRequest r, String partition) {
    StringBuilder sb = new StringBuilder(capacity(r));
    sb.append('{');
    field(sb, "endUser", true).append(str(sb, r.endUser()));
    field(sb, "extraParams", false);
    value(sb, r.extraParams());
    field(sb, "maxTokens", false);
    value(sb, r.maxTokens());
    field(sb, "messages", false).append('[');
    for (int i = 0; i < r.messages().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      message(sb, r.messages().get(i));
    }
    sb.append(']');
    field(sb, "model", false);
    string(sb, r.model());
    field(sb, "partition", false);
    string(sb, partition);
    field(sb, "reasoning", false);
    reasoning(sb, r.reasoning());
    field(sb, "responseFormat", false);
    responseFormat(sb, r.responseFormat());
    field(sb, "seed", false);
    value(sb, r.seed());
    field(sb, "stop", false);
    value(sb, r.stop());
    field(sb, "temperature", false);
    value(sb, r.temperature());
    field(sb, "toolChoice", false);
    toolChoice(sb, r.toolChoice());
    field(sb, "tools", false).append('[');
    for (int i = 0; i < r.tools().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      tool(sb, r.tools().get(i));
    }
    sb.append(']');
    field(sb, "topP", false);
    value(sb, r.topP());
    field(sb, "v", false).append(VERSION);
    return sb.append('}').toString();
  }

  /** Room for the document of a request without tools, so that the builder seldom grows. */
  private static int capacity(ChatRequest r) {
    long chars = 320;
    for (int i = 0; i < r.messages().size(); i++) {
      chars += 160;
      List<ContentPart> parts = r.messages().get(i).content();
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j) instanceof ContentPart.Text t) {
          chars += t.text().length() + 48;
        }
      }
    }
    return (int) Math.min(chars, 1 << 20);
  }

  /** A field name: one of the constants here, none of which needs escaping. */
  private static StringBuilder field(StringBuilder sb, String name, boolean first) {
    if (!first) {
      sb.append(',');
    }
    return sb.append('"').append(name).append("\":");
  }

  /** Writes a nullable string and returns "" so it can sit in an append chain. */
  private static String str(StringBuilder sb, @Nullable String s) {
    if (s == null) {
      sb.append("null");
    } else {
      string(sb, s);
    }
    return "";
  }

  private static void message(StringBuilder sb, Message m) {
    sb.append('{');
    field(sb, "content", true).append('[');
    for (int i = 0; i < m.content().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      ContentPart p = m.content().get(i);
      if (p instanceof ContentPart.Text t) {
        sb.append('{');
        field(sb, "text", true);
        string(sb, t.text());
        field(sb, "type", false).append("\"text\"}");
      } else if (p instanceof ContentPart.Image img) {
        sb.append('{');
        field(sb, "data", true).append(str(sb, img.base64Data()));
        field(sb, "detail", false).append(str(sb, img.detail()));
        field(sb, "mediaType", false).append(str(sb, img.mediaType()));
        field(sb, "type", false).append("\"image\"");
        field(sb, "url", false).append(str(sb, img.url()));
        sb.append('}');
      }
    }
    sb.append(']');
    field(sb, "name", false).append(str(sb, m.name()));
    field(sb, "reasoning", false).append('[');
    for (int i = 0; i < m.reasoning().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      reasoningBlock(sb, m.reasoning().get(i));
    }
    sb.append(']');
    field(sb, "role", false);
    string(sb, m.role().name());
    field(sb, "toolCallId", false).append(str(sb, m.toolCallId()));
    field(sb, "toolCalls", false).append('[');
    for (int i = 0; i < m.toolCalls().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      ToolCall c = m.toolCalls().get(i);
      sb.append('{');
      field(sb, "arguments", true);
      string(sb, c.argumentsJson());
      field(sb, "id", false);
      string(sb, c.id());
      field(sb, "name", false);
      string(sb, c.name());
      sb.append('}');
    }
    sb.append("]}");
  }

  private static void reasoning(StringBuilder sb, @Nullable Reasoning r) {
    if (r == null) {
      sb.append("null");
      return;
    }
    sb.append('{');
    field(sb, "budgetTokens", true);
    value(sb, r.budgetTokens());
    field(sb, "effort", false).append(str(sb, r.effort() == null ? null : r.effort().name()));
    field(sb, "includeThoughts", false).append(r.includeThoughts());
    sb.append('}');
  }

  private static void reasoningBlock(StringBuilder sb, ReasoningBlock b) {
    sb.append('{');
    field(sb, "encryptedContent", true).append(str(sb, b.encryptedContent()));
    field(sb, "id", false).append(str(sb, b.id()));
    field(sb, "redactedData", false).append(str(sb, b.redactedData()));
    field(sb, "signature", false).append(str(sb, b.signature()));
    field(sb, "text", false);
    string(sb, b.text());
    sb.append('}');
  }

  private static void responseFormat(StringBuilder sb, ResponseFormat f) {
    sb.append('{');
    field(sb, "schema", true);
    value(sb, f.schema());
    field(sb, "schemaName", false).append(str(sb, f.schemaName()));
    field(sb, "strict", false).append(f.strict());
    field(sb, "type", false);
    string(sb, f.type().name());
    sb.append('}');
  }

  private static void toolChoice(StringBuilder sb, @Nullable ToolChoice c) {
    if (c == null) {
      sb.append("null");
      return;
    }
    sb.append('{');
    field(sb, "mode", true);
    string(sb, c.mode().name());
    field(sb, "tool", false).append(str(sb, c.toolName()));
    sb.append('}');
  }

  private static void tool(StringBuilder sb, ToolDefinition t) {
    sb.append('{');
    field(sb, "description", true).append(str(sb, t.description()));
    field(sb, "name", false);
    string(sb, t.name());
    field(sb, "parameters", false);
    value(sb, t.parameters());
    field(sb, "strict", false).append(t.strict());
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
