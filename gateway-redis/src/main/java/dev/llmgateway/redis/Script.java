package dev.llmgateway.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script of this package, read once from its resource, with the SHA-1 that {@code EVALSHA}
 * names it by.
 *
 * @param name the resource's name without {@code .lua}
 * @param source the script
 * @param sha its SHA-1 in lower-case hex
 */
record Script(String name, String source, String sha) {
  static final Script BUDGET_RESERVE = load("budget-reserve");
  static final Script BUDGET_SETTLE = load("budget-settle");
  static final Script BUDGET_RELEASE = load("budget-release");
  static final Script BUDGET_STATUS = load("budget-status");
  static final Script QUOTA_ACQUIRE = load("quota-acquire");
  static final Script QUOTA_ADJUST = load("quota-adjust");
  static final Script KEYS_COOL = load("keys-cool");
  static final Script KEYS_DISABLED = load("keys-disabled");

  private static Script load(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name + ".lua")) {
      if (in == null) {
        throw new IllegalStateException("Script resource " + name + ".lua is missing");
      }
      String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      byte[] sha =
          MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
      return new Script(name, source, HexFormat.of().formatHex(sha));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read script " + name, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
