package dev.llmgateway.pricing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.llmgateway.model.ChatRequest;
import dev.llmgateway.model.ContentPart;
import dev.llmgateway.model.EmbeddingRequest;
import dev.llmgateway.model.Message;
import dev.llmgateway.model.ToolCall;
import dev.llmgateway.model.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The estimator behind {@link TokenEstimator#defaults()}; see there for the calibration. */
final class DefaultTokenEstimator implements TokenEstimator {
  static final DefaultTokenEstimator INSTANCE = new DefaultTokenEstimator();

  /** Chat format overhead per message on OpenAI models (3 documented, rounded up). */
  static final int OPENAI_TOKENS_PER_MESSAGE = 4;

  /** Tokens that prime the assistant's reply on OpenAI models. */
  static final int OPENAI_REPLY_PRIMING = 3;

  /** Role and separator overhead per message on other models. */
  static final int OTHER_TOKENS_PER_MESSAGE = 5;

  /** Tokens counted for one image. */
  static final int TOKENS_PER_IMAGE = 1600;

  /** Characters of one estimate that the tokenizer counts exactly (about 60,000 English tokens). */
  static final int EXACT_CHARS = 262_144;

  /**
   * The most characters the tokenizer sees at once. A run of text without spaces is one piece to
   * it, and its memory grows with the piece, so text is handed over in chunks of this size, cut
   * before a space where one is near.
   */
  static final int CHUNK_CHARS = 8_192;

  /** Windows sampled from the text beyond {@link #EXACT_CHARS}. */
  static final int SAMPLE_WINDOWS = 16;

  /** Characters of one sampled window. */
  static final int SAMPLE_CHARS = 4_096;

  /** Tokenizer id of the calibrated character estimate. */
  static final String CHARACTERS_ID = "chars/3.5";

  /** Encodings, loaded once on first use. */
  private static final class Encodings2 {
    static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final Encoding O200K = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    static final Encoding CL100K = REGISTRY.getEncoding(EncodingType.CL100K_BASE);
  }

  private DefaultTokenEstimator() {}

  @Override
  public long estimateChat(String providerType, String model, ChatRequest request) {
    @Nullable Encoding encoding = encoding(providerType, model);
    Tally tally = new Tally(encoding);
    long tokens = 0;
    int perMessage = encoding == null ? OTHER_TOKENS_PER_MESSAGE : OPENAI_TOKENS_PER_MESSAGE;
    for (Message m : request.messages()) {
      tokens += perMessage;
      for (ContentPart p : m.content()) {
        if (p instanceof ContentPart.Text t) {
          tally.add(t.text());
        } else {
          tokens += TOKENS_PER_IMAGE;
        }
      }
      for (ToolCall call : m.toolCalls()) {
        tally.add(call.name());
        tally.add(call.argumentsJson());
      }
    }
    for (ToolDefinition tool : request.tools()) {
      tokens += perMessage;
      tally.add(tool.toString());
    }
    if (encoding != null) {
      tokens += OPENAI_REPLY_PRIMING;
    }
    return Math.max(1, tokens + tally.total());
  }

  @Override
  public long estimateEmbedding(String providerType, String model, EmbeddingRequest request) {
    Tally tally = new Tally(encoding(providerType, model));
    for (String input : request.inputs()) {
      tally.add(input);
    }
    return Math.max(1, tally.total());
  }

  @Override
  public long estimateText(String providerType, String model, String text) {
    Tally tally = new Tally(encoding(providerType, model));
    tally.add(text);
    return tally.total();
  }

  @Override
  public String tokenizerId(String providerType, String model) {
    @Nullable Encoding encoding = encoding(providerType, model);
    return encoding == null ? CHARACTERS_ID : encoding.getName();
  }

  /**
   * The tokens of the texts of one estimate. The first {@link #EXACT_CHARS} characters are counted
   * exactly, in chunks of at most {@link #CHUNK_CHARS}; the rest is extrapolated from {@link
   * #SAMPLE_WINDOWS} windows of {@link #SAMPLE_CHARS} spread evenly over it, at the higher of their
   * density and the exact part's, and never above its UTF-8 length (a byte-level BPE token covers
   * at least one byte). So the work and the memory of one estimate are bounded whatever the size of
   * the request. Not thread-safe: one per estimate.
   */
  private static final class Tally {
    private final @Nullable Encoding encoding;
    private long tokens;
    private long exactChars;
    private long exactLeft = EXACT_CHARS;

    /** The texts, or their tails, beyond the exact part. */
    private @Nullable List<String> rest;

    private @Nullable List<Integer> restFrom;
    private long restChars;

    Tally(@Nullable Encoding encoding) {
      this.encoding = encoding;
    }

    void add(String text) {
      int length = text.length();
      if (length == 0) {
        return;
      }
      if (encoding == null) {
        // chars / 3.5, rounded up per text: (2 * chars + 6) / 7. Constant time.
        tokens += (2L * length + 6) / 7;
        return;
      }
      if (length <= exactLeft) {
        tokens += count(encoding, text, 0, length);
        exactChars += length;
        exactLeft -= length;
        return;
      }
      int cut = safeCut(text, (int) exactLeft);
      if (cut > 0) {
        tokens += count(encoding, text, 0, cut);
        exactChars += cut;
      }
      exactLeft = 0;
      if (rest == null) {
        rest = new ArrayList<>();
        restFrom = new ArrayList<>();
      }
      rest.add(text);
      restFrom.add(cut);
      restChars += length - cut;
    }

    long total() {
      if (rest == null || encoding == null) {
        return tokens;
      }
      List<Integer> from = restFrom;
      if (restChars <= (long) SAMPLE_WINDOWS * SAMPLE_CHARS) {
        long t = tokens;
        for (int i = 0; i < rest.size(); i++) {
          t += count(encoding, rest.get(i), from.get(i), rest.get(i).length());
        }
        return t;
      }
      long sampledTokens = 0;
      long sampledChars = 0;
      int part = 0;
      long partStart = 0; // offset of part's first rest character within all rest characters
      for (int w = 0; w < SAMPLE_WINDOWS; w++) {
        long center = (2L * w + 1) * restChars / (2L * SAMPLE_WINDOWS);
        while (center >= partStart + (rest.get(part).length() - from.get(part))) {
          partStart += rest.get(part).length() - from.get(part);
          part++;
        }
        String text = rest.get(part);
        int lo = from.get(part);
        int hi = text.length();
        int start;
        int end;
        if (hi - lo <= SAMPLE_CHARS) {
          start = lo;
          end = hi;
        } else {
          long s = lo + (center - partStart) - SAMPLE_CHARS / 2;
          start = (int) Math.max(lo, Math.min(s, hi - SAMPLE_CHARS));
          end = start + SAMPLE_CHARS;
          if (start > lo && Character.isLowSurrogate(text.charAt(start))) {
            start++;
          }
          end = safeCut(text, end);
        }
        sampledTokens += count(encoding, text, start, end);
        sampledChars += end - start;
      }
      long utf8 = 0;
      for (int i = 0; i < rest.size(); i++) {
        utf8 += utf8Length(rest.get(i), from.get(i));
      }
      // The higher of the two densities, as a fraction: tokens * restChars / chars, rounded up.
      long extrapolated;
      if (exactChars > 0 && tokens * sampledChars > sampledTokens * exactChars) {
        extrapolated = ceilMulDiv(tokens, restChars, exactChars);
      } else {
        extrapolated = ceilMulDiv(sampledTokens, restChars, Math.max(1, sampledChars));
      }
      return tokens + Math.min(extrapolated, utf8);
    }
  }

  /** a * b / c rounded up; a and b are counts of one request's text, far below 2^31. */
  private static long ceilMulDiv(long a, long b, long c) {
    return Math.addExact(Math.multiplyExact(a, b), c - 1) / c;
  }

  /** The exact tokens of text[from, to), handed to the tokenizer in bounded chunks. */
  private static long count(Encoding encoding, String text, int from, int to) {
    if (from == 0 && to == text.length() && to <= CHUNK_CHARS) {
      return encoding.countTokensOrdinary(text);
    }
    long tokens = 0;
    int start = from;
    while (start < to) {
      int end = Math.min(to, start + CHUNK_CHARS);
      if (end < to) {
        int space = end;
        int floor = start + CHUNK_CHARS / 2;
        while (space > floor && !Character.isWhitespace(text.charAt(space))) {
          space--;
        }
        end = space > floor ? space : safeCut(text, end);
      }
      tokens += encoding.countTokensOrdinary(text.substring(start, end));
      start = end;
    }
    return tokens;
  }

  /** An index at or just below {@code at} that does not split a surrogate pair. */
  private static int safeCut(String text, int at) {
    if (at > 0
        && at < text.length()
        && Character.isHighSurrogate(text.charAt(at - 1))
        && Character.isLowSurrogate(text.charAt(at))) {
      return at - 1;
    }
    return at;
  }

  /** The UTF-8 length of text from {@code from} to its end, without encoding it. */
  private static long utf8Length(String text, int from) {
    long bytes = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The OpenAI encoding of a model, or null for models of other vendors. */
  private static @Nullable Encoding encoding(String providerType, String model) {
    String m = model;
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      m = m.substring(slash + 1);
    }
    if (m.startsWith("gpt-4o")
        || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-")
        || m.startsWith("o1")
        || m.startsWith("o3")
        || m.startsWith("o4")
        || m.startsWith("ft:gpt-4o")
        || m.startsWith("ft:gpt-4.1")) {
      return Encodings2.O200K;
    }
    if (m.startsWith("gpt-") || m.startsWith("text-embedding-") || m.startsWith("ft:gpt-")) {
      return Encodings2.CL100K;
    }
    if ("openai".equals(providerType) && !m.startsWith("gemini") && !m.startsWith("claude")) {
      return Encodings2.O200K;
    }
    return null;
  }
}
