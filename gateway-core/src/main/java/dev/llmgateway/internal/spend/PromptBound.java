package dev.llmgateway.internal.spend;

import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import java.util.List;

/**
 * An upper bound of a short chat prompt's tokens under a byte-level BPE tokenizer (the OpenAI
 * encodings of the default estimator), from the texts' UTF-8 length: such a token covers at least
 * one byte. It costs a pass over the characters instead of a tokenizer run (several microseconds
 * for a two-message prompt), and for a short prompt the difference to the exact count is a few
 * hundred tokens at most. A budget reservation uses it: it is settled to the real cost when the
 * call ends, so only the amount held while the call runs is larger. Recorded usage never comes from
 * it (a charge without reported usage takes the exact estimate).
 */
public final class PromptBound {
  /** Prompts up to this many characters of text get the bound; longer ones are counted. */
  public static final int MAX_CHARS = 1024;

  /** Per message: at least the default estimator's overhead on any model (4 or 5). */
  static final int PER_MESSAGE = 5;

  /** The reply priming the default estimator adds on OpenAI models. */
  static final int PRIMING = 3;

  /** Tokens the default estimator counts for one image. */
  static final int PER_IMAGE = 1600;

  /** Not returned by a bound: the prompt is too long, or has tools, to be bounded cheaply. */
  public static final long NONE = -1;

  private PromptBound() {}

  /**
   * The bound of a chat request's prompt.
   *
   * @param request the request as the attempt sends it
   * @return the bound in tokens, or {@link #NONE} if the request has tool definitions or more than
   *     {@link #MAX_CHARS} characters of text
   */
  public static long chat(ChatRequest request) {
    if (!request.tools().isEmpty()) {
      return NONE;
    }
    List<Message> messages = request.messages();
    long tokens = PRIMING;
    int chars = 0;
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      tokens += PER_MESSAGE;
      List<ContentPart> parts = m.content();
      for (int j = 0; j < parts.size(); j++) {
        if (parts.get(j) instanceof ContentPart.Text t) {
          String text = t.text();
          chars += text.length();
          if (chars > MAX_CHARS) {
            return NONE;
          }
          tokens += utf8Bound(text);
        } else {
          tokens += PER_IMAGE;
        }
      }
      List<ToolCall> calls = m.toolCalls();
      for (int j = 0; j < calls.size(); j++) {
        ToolCall call = calls.get(j);
        chars += call.name().length() + call.argumentsJson().length();
        if (chars > MAX_CHARS) {
          return NONE;
        }
        tokens += utf8Bound(call.name()) + utf8Bound(call.argumentsJson());
      }
    }
    return tokens;
  }

  /** At least the UTF-8 length: 1 byte per ASCII character, else 3 (a surrogate pair: 6 >= 4). */
  static long utf8Bound(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      bytes += text.charAt(i) < 0x80 ? 1 : 3;
    }
    return bytes;
  }
}
