package dev.llmgateway.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * Call ids: {@code call-} and the call's number in base 36 ({@code call-1}, ..., {@code call-z}).
 */
final class CallIds {
  private static final byte[] PREFIX = "call-".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] DIGITS =
      "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.ISO_8859_1);

  /** Enough digits for any non-negative long: 36^13 > 2^63. */
  private static final int MAX_DIGITS = 13;

  private CallIds() {}

  /**
   * The id of the call with this number, written in one array (no intermediate strings, unlike
   * {@code "call-" + Long.toString(n, 36)}, which it equals).
   *
   * @param n the call's number, not negative
   * @return the id
   * @throws IllegalArgumentException if {@code n} is negative
   */
  static String of(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("call number must not be negative, was " + n);
    }
    byte[] id = new byte[PREFIX.length + MAX_DIGITS];
    int i = id.length;
    long rest = n;
    do {
      id[--i] = DIGITS[(int) (rest % 36)];
      rest /= 36;
    } while (rest > 0);
    int start = i - PREFIX.length;
    System.arraycopy(PREFIX, 0, id, start, PREFIX.length);
    return new String(id, start, id.length - start, StandardCharsets.ISO_8859_1);
  }
}
