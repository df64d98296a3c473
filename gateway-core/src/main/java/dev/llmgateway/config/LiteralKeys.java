package dev.llmgateway.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognizes text that looks like a credential, so that a key pasted into a configuration file is
 * refused (and never echoed in a message) instead of being used or logged.
 */
final class LiteralKeys {
  /** Prefixes of well-known key formats, followed by at least 16 token characters. */
  private static final Pattern PREFIXED =
      Pattern.compile(
          "(?:^|[^A-Za-z0-9])(?:sk-ant-|sk-proj-|sk-|sk_live_|sk_test_|rk_live_|gsk_|hf_|ghp_|gho_"
              + "|github_pat_|glpat-|xox[abprs]-|r8_|AKIA|ASIA|AIza)[A-Za-z0-9_\\-]{16,}");

  /** A long run of token characters with no separator a name would have. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-+/=]{32,}");

  /** Hexadecimal keys (Azure OpenAI's are 32 hex digits). */
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32,}");

  /** Header names that carry credentials. */
  private static final Set<String> CREDENTIAL_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "x-api-key",
          "api-key",
          "x-goog-api-key",
          "cookie",
          "ocp-apim-subscription-key");

  private LiteralKeys() {}

  /**
   * Whether the text has a substring in a well-known key format ({@code sk-...}, {@code AKIA...}).
   */
  static boolean hasKnownKeyFormat(String text) {
    return PREFIXED.matcher(text).find();
  }

  /**
   * Whether free text (a header or option value, an extra parameter) looks like a credential: a
   * well-known key format, a bearer token, or a long token that mixes upper case, lower case and
   * digits or is hexadecimal.
   */
  static boolean looksLikeKey(String text) {
    String t = text.strip();
    if (hasKnownKeyFormat(t)) {
      return true;
    }
    if (t.regionMatches(true, 0, "bearer ", 0, 7) || t.regionMatches(true, 0, "basic ", 0, 6)) {
      return t.length() > 14;
    }
    if (HEX.matcher(t).matches()) {
      return true;
    }
    if (!TOKEN.matcher(t).matches() || t.startsWith("/") || t.contains("//")) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      upper |= Character.isUpperCase(c);
      lower |= Character.isLowerCase(c);
      digit |= Character.isDigit(c);
    }
    return upper && lower && digit;
  }

  /** Whether a header of this name carries credentials. */
  static boolean isCredentialHeader(String name) {
    return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }
}
