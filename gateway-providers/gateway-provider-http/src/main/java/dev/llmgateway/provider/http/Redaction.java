package dev.llmgateway.provider.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Keeps secrets out of logs, exception messages and {@code toString()}: header and query values
 * that carry credentials are replaced with {@value #REDACTED}.
 *
 * <pre>{@code
 * log.debug("--> POST {} {}", Redaction.url(url), Redaction.headers(request.headers()));
 * }</pre>
 *
 * <p>Sensitive headers, case-insensitive: {@code Authorization}, {@code Proxy-Authorization},
 * {@code x-api-key}, {@code api-key}, {@code x-goog-api-key}. Sensitive query parameters: {@code
 * key}, {@code api-key}, {@code api_key}, {@code access_token}. Thread-safe.
 */
public final class Redaction {
  /** What replaces a secret value. */
  public static final String REDACTED = "[redacted]";

  private static final Set<String> SENSITIVE_HEADERS =
      Set.of("authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key");
  private static final Set<String> SENSITIVE_QUERY =
      Set.of("key", "api-key", "api_key", "access_token");

  /** Shorter values are not scrubbed from text: they would mangle it and are no real keys. */
  private static final int MIN_SECRET_LENGTH = 6;

  private Redaction() {}

  /**
   * Whether a header carries a credential.
   *
   * @param name the header name, any case
   * @return {@code true} for credential headers
   */
  public static boolean isSensitiveHeader(String name) {
    return SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * Headers as {@code [Name: value, ...]} with credential values redacted.
   *
   * @param headers the headers
   * @return a printable form
   */
  public static String headers(Headers headers) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < headers.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      String name = headers.name(i);
      sb.append(name).append(": ").append(isSensitiveHeader(name) ? REDACTED : headers.value(i));
    }
    return sb.append(']').toString();
  }

  /**
   * A URL with credential query parameters redacted.
   *
   * @param url the URL
   * @return a printable form
   */
  public static String url(HttpUrl url) {
    if (url.querySize() == 0) {
      return url.toString();
    }
    boolean sensitive = false;
    for (String name : url.queryParameterNames()) {
      sensitive |= SENSITIVE_QUERY.contains(name.toLowerCase(Locale.ROOT));
    }
    if (!sensitive) {
      return url.toString();
    }
    // Rebuilt in order: setQueryParameter would move the redacted parameter to the end.
    HttpUrl.Builder builder = url.newBuilder().query(null);
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      boolean secret = SENSITIVE_QUERY.contains(name.toLowerCase(Locale.ROOT));
      builder.addQueryParameter(name, secret ? REDACTED : url.queryParameterValue(i));
    }
    return builder.build().toString();
  }

  /**
   * The credential values a request carries (header values, and the token after a {@code Bearer} or
   * {@code Basic} scheme), so that they can be scrubbed from text the server echoes back.
   *
   * @param requestHeaders the request's headers
   * @return the secret values, possibly empty
   */
  public static List<String> secretsOf(Headers requestHeaders) {
    List<String> secrets = new ArrayList<>(2);
    for (int i = 0; i < requestHeaders.size(); i++) {
      if (isSensitiveHeader(requestHeaders.name(i))) {
        String value = requestHeaders.value(i);
        secrets.add(value);
        int space = value.indexOf(' ');
        if (space > 0) {
          secrets.add(value.substring(space + 1).trim());
        }
      }
    }
    return secrets;
  }

  /**
   * Replaces every occurrence of the given secrets in a text with {@value #REDACTED}.
   *
   * @param text the text, such as an error body from a provider
   * @param secrets the secret values; values shorter than 6 characters are ignored
   * @return the scrubbed text
   */
  public static String scrub(String text, Collection<String> secrets) {
    String result = text;
    for (String secret : secrets) {
      if (secret.length() >= MIN_SECRET_LENGTH && result.contains(secret)) {
        result = result.replace(secret, REDACTED);
      }
    }
    return result;
  }
}
