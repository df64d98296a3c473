package dev.llmgateway.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Caller keys: how they are made and hashed. A key's text is never stored, only its SHA-256. */
final class Secrets {
  /** Every caller key starts with this, so that scanners and people recognise one. */
  static final String KEY_PREFIX = "lgw_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Secrets() {}

  /** A new key: the prefix and 32 random bytes, base64url. */
  static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A new short public id for a key: 8 random bytes, hex. */
  static String newId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "key_" + HEX.formatHex(bytes);
  }

  /**
   * The lower-case hex SHA-256 of a key's text. Keys are 256 random bits, so a plain (unsalted)
   * hash is enough: nothing can be guessed from it.
   */
  static String sha256(String key) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HEX.formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  static boolean isSha256Hex(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
