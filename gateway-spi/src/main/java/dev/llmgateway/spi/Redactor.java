package dev.llmgateway.spi;

import dev.llmgateway.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Scrubs secrets out of text that a provider sent (error bodies, error events, parser messages, SDK
 * exceptions) before it becomes part of an exception message, an event or a log line. A provider
 * builds one from the secrets of its call (the key it sends, tokens it derived from it, its other
 * configured keys) and passes every piece of provider text through it.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.forKey(call.key()).and(List.of(accessToken));
 * String said = redactor.scrub(errorBody, 500);       // scrubbed first, then cut to 500 chars
 * Throwable cause = redactor.scrubbedCopy(parseError); // never keep a parser's raw input
 * }</pre>
 *
 * <p>What is replaced by {@value #REDACTED}:
 *
 * <ul>
 *   <li>every secret of at least {@value #MIN_SECRET_LENGTH} characters, and every fragment of at
 *       least {@value #FRAGMENT_LENGTH} characters of a secret: a text position is scrubbed when it
 *       lies in a run of {@value #FRAGMENT_LENGTH} characters that also occurs in a secret, so a
 *       key cut by some other component's truncation, or quoted in part, is still caught;
 *   <li>whatever the text itself marks as a credential, secret or not known: the token after {@code
 *       Bearer}, the value after {@code Authorization}, {@code Proxy-Authorization}, {@code
 *       x-api-key}, {@code api-key}, {@code api_key} or {@code x-goog-api-key} followed by {@code
 *       :} or {@code =} (quoted or not, an authorization scheme such as {@code Bearer} is kept),
 *       and the value of {@code key} and {@code access_token} URL query parameters.
 * </ul>
 *
 * <p>Cost: {@link #scrub(String)} is linear in the text's length (each window of {@value
 * #FRAGMENT_LENGTH} characters is looked up in a hash set of the secrets' fragments), so it is safe
 * on large bodies; {@link #scrub(String, int)} scans only a bounded prefix. Instances are immutable
 * and thread-safe.
 */
public final class Redactor {
  /** What replaces a secret or a fragment of one. */
  public static final String REDACTED = "[redacted]";

  /** Fragments of a secret this long or longer are scrubbed wherever they appear. */
  public static final int FRAGMENT_LENGTH = 8;

  /**
   * Secrets shorter than this are ignored: scrubbing them would mangle ordinary words, and they are
   * no real keys.
   */
  public static final int MIN_SECRET_LENGTH = 6;

  /** A redactor that knows no secret; it still scrubs the credential forms the text marks. */
  public static final Redactor NONE = new Redactor(List.of());

  /** How many characters past a cut {@link #scrub(String, int)} scans at least. */
  private static final int MIN_SCAN_MARGIN = 256;

  /** How deep {@link #scrub(Throwable)} follows causes and suppressed exceptions. */
  private static final int MAX_THROWABLE_DEPTH = 32;

  /** The longest message a scrubbed copy of a throwable keeps. */
  private static final int MAX_COPIED_MESSAGE = 4096;

  private static final String SCHEME = "(?:(?:bearer|basic|token|aws4-hmac-sha256)\\s+)?";
  private static final Pattern CREDENTIAL_FORMS =
      Pattern.compile(
          "(?i)\\bbearer\\s+([a-z0-9._~+/=-]{"
              + FRAGMENT_LENGTH
              + ",})"
              + "|\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?"
              + SCHEME
              + "([^\\s\"'<>,;&]+)"
              + "|\\b(?:x-goog-api-key|x-api-key|api-key|api_key)[\"']?\\s*[:=]\\s*[\"']?"
              + "([^\\s\"'<>,;&]+)"
              + "|[?&](?:key|access_token)=([^\\s\"'<>&#]+)");

  private final List<String> secrets;

  /** Packed fragments of secrets whose characters all fit in one byte (nearly every key). */
  private final LongSet narrowFragments;

  /** Fragments that hold a character above U+00FF, looked up as strings. */
  private final Set<String> wideFragments;

  /** Secrets shorter than {@link #FRAGMENT_LENGTH}, matched whole. */
  private final List<String> shortSecrets;

  private final int longest;

  private Redactor(Collection<String> values) {
    Set<String> distinct = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null && value.length() >= MIN_SECRET_LENGTH) {
        distinct.add(value);
      }
    }
    this.secrets = List.copyOf(distinct);
    List<String> shorts = new ArrayList<>();
    Set<String> wide = new HashSet<>();
    LongSet narrow = new LongSet(distinct.size() * 16);
    int max = 0;
    for (String secret : secrets) {
      max = Math.max(max, secret.length());
      if (secret.length() < FRAGMENT_LENGTH) {
        shorts.add(secret);
        continue;
      }
      for (int i = 0; i + FRAGMENT_LENGTH <= secret.length(); i++) {
        if (isNarrow(secret, i)) {
          narrow.add(pack(secret, i));
        } else {
          wide.add(secret.substring(i, i + FRAGMENT_LENGTH));
        }
      }
    }
    this.shortSecrets = List.copyOf(shorts);
    this.wideFragments = Collections.unmodifiableSet(wide);
    this.narrowFragments = narrow;
    this.longest = max;
  }

  /**
   * A redactor for the given secrets.
   *
   * @param secrets the secret values; {@code null} entries and values shorter than {@value
   *     #MIN_SECRET_LENGTH} characters are ignored
   * @return the redactor
   */
  public static Redactor of(Collection<String> secrets) {
    return secrets.isEmpty() ? NONE : new Redactor(secrets);
  }

  /**
   * A redactor for the value of a provider key. A key whose secret cannot be read (an unset
   * environment variable) contributes nothing: it was never sent either.
   *
   * @param key the key
   * @return the redactor
   */
  public static Redactor forKey(ProviderKey key) {
    return forKeys(List.of(key));
  }

  /**
   * A redactor for the values of several provider keys, such as every key a provider is configured
   * with. Keys whose secret cannot be read contribute nothing.
   *
   * @param keys the keys
   * @return the redactor
   */
  public static Redactor forKeys(Collection<ProviderKey> keys) {
    List<String> values = new ArrayList<>(keys.size());
    for (ProviderKey key : keys) {
      try {
        values.add(key.secret().reveal());
      } catch (ConfigurationException e) {
        // not readable now, so not sent now: nothing to scrub
      }
    }
    return of(values);
  }

  /**
   * A redactor that knows these secrets as well.
   *
   * @param more further secret values; as for {@link #of}
   * @return the combined redactor, or this one if {@code more} adds nothing
   */
  public Redactor and(Collection<String> more) {
    if (more.isEmpty() || secrets.containsAll(more)) {
      return this;
    }
    List<String> all = new ArrayList<>(secrets.size() + more.size());
    all.addAll(secrets);
    all.addAll(more);
    return new Redactor(all);
  }

  /**
   * A redactor that knows the secrets of both.
   *
   * @param other another redactor
   * @return the combined redactor
   */
  public Redactor and(Redactor other) {
    return and(other.secrets);
  }

  /**
   * Scrubs a whole text. Linear in its length.
   *
   * @param text the text, such as an error body
   * @return the text with every secret, fragment of one and marked credential replaced by {@value
   *     #REDACTED}; the same instance if nothing was found
   */
  public String scrub(String text) {
    if (text.isEmpty()) {
      return text;
    }
    Ranges ranges = new Ranges();
    markFragments(text, ranges);
    for (String secret : shortSecrets) {
      for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
        ranges.add(at, at + secret.length());
      }
    }
    Matcher m = CREDENTIAL_FORMS.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.start(g) >= 0) {
          ranges.add(m.start(g), m.end(g));
        }
      }
    }
    return ranges.apply(text);
  }

  /**
   * Scrubs a text and cuts it to at most {@code maxChars} characters (plus {@code "..."} when cut).
   * The text is scrubbed before it is cut, so that a cut cannot hide a secret from the scrubbing;
   * only a bounded prefix is scanned (the kept part plus a margin longer than any secret), and the
   * last characters of that prefix, where a secret cut by the scan could leave a piece shorter than
   * {@value #FRAGMENT_LENGTH} characters, are dropped.
   *
   * @param text the text
   * @param maxChars the most characters to keep, at least 0
   * @return the scrubbed, possibly cut text
   * @throws IllegalArgumentException if {@code maxChars} is negative
   */
  public String scrub(String text, int maxChars) {
    if (maxChars < 0) {
      throw new IllegalArgumentException("maxChars must not be negative, was " + maxChars);
    }
    long scan = (long) maxChars + Math.max(MIN_SCAN_MARGIN, longest + FRAGMENT_LENGTH);
    if (text.length() <= scan) {
      return cut(scrub(text), maxChars);
    }
    String scrubbed = scrub(text.substring(0, (int) scan));
    String kept = scrubbed.substring(0, scrubbed.length() - (FRAGMENT_LENGTH - 1));
    return kept.length() <= maxChars ? kept + "..." : cut(kept, maxChars);
  }

  /**
   * Whether a text holds nothing that {@link #scrub(String)} would replace.
   *
   * @param text the text
   * @return {@code true} if scrubbing would leave it unchanged
   */
  public boolean isClean(String text) {
    return scrub(text).equals(text);
  }

  /**
   * The failure itself if no message in its chain (causes and suppressed exceptions, as {@code
   * toString()} prints them) holds anything to scrub, else a {@linkplain #scrubbedCopy scrubbed
   * copy}. Use it for failures that hold nothing of the provider's but their messages, such as
   * socket errors; their types then stay intact.
   *
   * @param failure the failure
   * @return the failure, or a scrubbed copy of it
   */
  public Throwable scrub(Throwable failure) {
    return isClean(failure, Collections.newSetFromMap(new IdentityHashMap<>()), 0)
        ? failure
        : scrubbedCopy(failure);
  }

  /**
   * A copy of a failure that holds nothing of the original but scrubbed text: the message of each
   * exception in the chain scrubbed (and cut to 4096 characters), the stack traces, and the causes
   * and suppressed exceptions copied the same way. Each copy's {@code toString()} names the
   * original's class, so a printed stack trace reads as the original's. Use it for failures that
   * may hold provider data beyond their message: a JSON parser's exception keeps the whole input it
   * parsed, an SDK's service exception keeps the raw response.
   *
   * @param failure the failure
   * @return the copy
   */
  public Throwable scrubbedCopy(Throwable failure) {
    return copy(failure, new IdentityHashMap<>(), 0);
  }

  /** Names how many secrets it knows, never a secret. */
  @Override
  public String toString() {
    return "Redactor[" + secrets.size() + " secrets]";
  }

  private void markFragments(String text, Ranges ranges) {
    if (narrowFragments.isEmpty() && wideFragments.isEmpty()) {
      return;
    }
    long window = 0;
    int lastWide = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0xFF) {
        lastWide = i;
      }
      window = (window << 8) | (c & 0xFF);
      int start = i - FRAGMENT_LENGTH + 1;
      if (start < 0) {
        continue;
      }
      boolean hit =
          lastWide < start
              ? narrowFragments.contains(window)
              : !wideFragments.isEmpty() && wideFragments.contains(text.substring(start, i + 1));
      if (hit) {
        ranges.add(start, i + 1);
      }
    }
  }

  /** Whether the eight characters from {@code from} on each fit in one byte. */
  private static boolean isNarrow(String s, int from) {
    for (int i = from; i < from + FRAGMENT_LENGTH; i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /** Packs eight characters of one byte each into a long, exactly: no two windows collide. */
  private static long pack(String s, int from) {
    long packed = 0;
    for (int i = from; i < from + FRAGMENT_LENGTH; i++) {
      packed = (packed << 8) | s.charAt(i);
    }
    return packed;
  }

  private boolean isClean(Throwable t, Set<Throwable> seen, int depth) {
    if (depth > MAX_THROWABLE_DEPTH || !seen.add(t)) {
      return true;
    }
    String message = t.getMessage();
    if (message != null && !isClean(message)) {
      return false;
    }
    if (!isClean(String.valueOf(t))) {
      return false;
    }
    Throwable cause = t.getCause();
    if (cause != null && !isClean(cause, seen, depth + 1)) {
      return false;
    }
    for (Throwable s : t.getSuppressed()) {
      if (!isClean(s, seen, depth + 1)) {
        return false;
      }
    }
    return true;
  }

  private Throwable copy(Throwable t, Map<Throwable, Throwable> copies, int depth) {
    Throwable done = copies.get(t);
    if (done != null) {
      return done;
    }
    String message = t.getMessage();
    Scrubbed copy =
        new Scrubbed(
            t.getClass().getName(), message == null ? null : scrub(message, MAX_COPIED_MESSAGE));
    copy.setStackTrace(t.getStackTrace());
    copies.put(t, copy);
    if (depth < MAX_THROWABLE_DEPTH) {
      Throwable cause = t.getCause();
      if (cause != null && cause != t) {
        copy.initCause(copy(cause, copies, depth + 1));
      }
      for (Throwable s : t.getSuppressed()) {
        copy.addSuppressed(copy(s, copies, depth + 1));
      }
    }
    return copy;
  }

  private static String cut(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
  }

  /**
   * A scrubbed stand-in for an exception: its {@code toString()} names the original class, its
   * message is the original's scrubbed.
   */
  private static final class Scrubbed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    Scrubbed(String originalClass, @Nullable String message) {
      super(message); // the cause stays unset until initCause
      this.originalClass = originalClass;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }

  /** Character ranges to replace, merged where they overlap or touch. */
  private static final class Ranges {
    private int[] bounds = new int[8];
    private int size;

    void add(int start, int end) {
      if (size > 0 && start >= bounds[size - 2] && start <= bounds[size - 1]) {
        bounds[size - 1] = Math.max(bounds[size - 1], end); // the common case: in order
        return;
      }
      if (size == bounds.length) {
        bounds = Arrays.copyOf(bounds, size * 2);
      }
      bounds[size++] = start;
      bounds[size++] = end;
    }

    String apply(String text) {
      if (size == 0) {
        return text;
      }
      int pairs = size / 2;
      long[] sorted = new long[pairs];
      for (int i = 0; i < pairs; i++) {
        sorted[i] = ((long) bounds[2 * i] << 32) | bounds[2 * i + 1];
      }
      Arrays.sort(sorted);
      StringBuilder out = new StringBuilder(text.length());
      int copied = 0;
      int i = 0;
      while (i < pairs) {
        int start = (int) (sorted[i] >>> 32);
        int end = (int) sorted[i];
        for (i++; i < pairs && (int) (sorted[i] >>> 32) <= end; i++) {
          end = Math.max(end, (int) sorted[i]);
        }
        out.append(text, copied, start).append(REDACTED);
        copied = end;
      }
      return out.append(text, copied, text.length()).toString();
    }
  }

  /** An open-addressing set of longs; built once, then only read. */
  private static final class LongSet {
    private long[] slots;
    private boolean[] used;
    private int count;

    LongSet(int expected) {
      int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
      slots = new long[capacity];
      used = new boolean[capacity];
    }

    boolean isEmpty() {
      return count == 0;
    }

    void add(long value) {
      if ((count + 1) * 2 > slots.length) {
        grow();
      }
      int mask = slots.length - 1;
      for (int i = index(value, mask); ; i = (i + 1) & mask) {
        if (!used[i]) {
          used[i] = true;
          slots[i] = value;
          count++;
          return;
        }
        if (slots[i] == value) {
          return;
        }
      }
    }

    boolean contains(long value) {
      int mask = slots.length - 1;
      for (int i = index(value, mask); used[i]; i = (i + 1) & mask) {
        if (slots[i] == value) {
          return true;
        }
      }
      return false;
    }

    private void grow() {
      long[] oldSlots = slots;
      boolean[] oldUsed = used;
      slots = new long[oldSlots.length * 2];
      used = new boolean[oldSlots.length * 2];
      count = 0;
      for (int i = 0; i < oldSlots.length; i++) {
        if (oldUsed[i]) {
          add(oldSlots[i]);
        }
      }
    }

    private static int index(long value, int mask) {
      long h = value * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }
  }
}
