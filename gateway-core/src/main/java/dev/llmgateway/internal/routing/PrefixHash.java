package dev.llmgateway.internal.routing;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ReasoningBlock;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A 128-bit hash of a request's cacheable prefix, for cache affinity: the tools when {@link
 * ChatRequest#cacheTools()} marks them, then the messages up to and including the last one marked
 * {@link Message#cacheable()}, each with its role, name, tool call id, content parts, tool calls
 * and reasoning blocks. Maps (tool schemas) are read in sorted key order, so the order in which a
 * map was filled does not matter. The markers themselves are left out: the same prefix with another
 * lifetime is the same prefix.
 *
 * <p>Not cryptographic: two lanes of multiply-xorshift over the characters, each string prefixed
 * with its length so that structure cannot be forged, finished with MurmurHash3's mixer. A
 * collision only makes two conversations of one tenant share a target, which costs nothing but
 * spread. One pass over the prefix, no allocation per character. Not thread-safe; one per use.
 */
final class PrefixHash {
  private static final long P1 = 0x9E3779B97F4A7C15L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;

  private long h1 = 0x243F6A8885A308D3L;
  private long h2 = 0x13198A2E03707344L;

  private PrefixHash() {}

  /**
   * The hash of the request's cacheable prefix, or {@code null} when it marks none.
   *
   * @param request the request
   * @return two longs, or {@code null}
   */
  static long @Nullable [] of(ChatRequest request) {
    int last = -1;
    List<Message> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).cacheControl() != null) {
        last = i;
        break;
      }
    }
    if (last < 0 && request.cacheTools() == null) {
      return null;
    }
    PrefixHash h = new PrefixHash();
    if (request.cacheTools() != null) {
      h.mark('T');
      for (ToolDefinition t : request.tools()) {
        h.tool(t);
      }
    }
    h.mark('M');
    for (int i = 0; i <= last; i++) {
      h.message(messages.get(i));
    }
    return new long[] {fmix(h.h1 ^ h.h2), fmix(h.h2 + h.h1 * 31)};
  }

  private void tool(ToolDefinition t) {
    mark('t');
    string(t.name());
    string(t.description());
    value(t.parameters());
    mark(t.strict() ? '1' : '0');
  }

  private void message(Message m) {
    mark('m');
    string(m.role().name());
    string(m.name());
    string(m.toolCallId());
    for (ContentPart p : m.content()) {
      if (p instanceof ContentPart.Text t) {
        mark('x');
        string(t.text());
      } else if (p instanceof ContentPart.Image img) {
        mark('i');
        string(img.url());
        string(img.base64Data());
        string(img.mediaType());
        string(img.detail());
      } else {
        mark('?');
        string(p.toString());
      }
    }
    for (ToolCall c : m.toolCalls()) {
      mark('c');
      string(c.id());
      string(c.name());
      string(c.argumentsJson());
    }
    for (ReasoningBlock b : m.reasoning()) {
      mark('r');
      string(b.text());
      string(b.signature());
      string(b.redactedData());
      string(b.id());
      string(b.encryptedContent());
    }
  }

  /** A JSON-like value; maps by sorted key. */
  private void value(@Nullable Object v) {
    if (v == null) {
      mark('n');
    } else if (v instanceof String s) {
      mark('s');
      string(s);
    } else if (v instanceof Map<?, ?> map) {
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      entries.sort((a, b) -> String.valueOf(a.getKey()).compareTo(String.valueOf(b.getKey())));
      mark('{');
      for (Map.Entry<?, ?> e : entries) {
        string(String.valueOf(e.getKey()));
        value(e.getValue());
      }
      mark('}');
    } else if (v instanceof List<?> list) {
      mark('[');
      for (Object o : list) {
        value(o);
      }
      mark(']');
    } else {
      // Numbers and booleans: their text is what the provider receives.
      mark('v');
      string(v.toString());
    }
  }

  private void string(@Nullable String s) {
    if (s == null) {
      mark('\0');
      return;
    }
    add(s.length() + 1);
    for (int i = 0; i < s.length(); i++) {
      add(s.charAt(i));
    }
  }

  private void mark(char c) {
    add(-c - 1);
  }

  private void add(long v) {
    h1 = (h1 ^ v) * P1;
    h1 ^= h1 >>> 29;
    h2 = Long.rotateLeft(h2 + v, 31) * P2;
  }

  /** MurmurHash3's 64-bit finalizer. */
  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xFF51AFD7ED558CCDL;
    k ^= k >>> 33;
    k *= 0xC4CEB9F53A97FE53L;
    k ^= k >>> 33;
    return k;
  }
}
