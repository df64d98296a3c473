package dev.llmgateway.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The fake server's thinking signatures and encrypted reasoning: derived from the thinking text
 * alone (a 64-bit FNV-1a hash), so they are the same on every run, and checkable when a client
 * sends a thinking block back.
 */
final class Signatures {
  private Signatures() {}

  /** The signature of a thinking text, shaped like Anthropic's (base64). */
  static String sign(String thoughts) {
    String digest = String.format(Locale.ROOT, "fakellm-signature:%016x", fnv1a64(thoughts));
    return Base64.getEncoder().encodeToString(digest.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Whether a signature belongs to the thinking text. A block sent back with empty text (thinking
   * the caller asked not to see) only needs a signature of this server's shape.
   */
  static boolean verify(String thoughts, String signature) {
    if (!thoughts.isEmpty()) {
      return sign(thoughts).equals(signature);
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(signature), StandardCharsets.US_ASCII);
      return decoded.startsWith("fakellm-signature:");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The encrypted content of a reasoning item (OpenAI Responses), derived from its thoughts. */
  static String encrypt(String thoughts) {
    return "gAAAAB" + sign(thoughts);
  }

  private static long fnv1a64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
