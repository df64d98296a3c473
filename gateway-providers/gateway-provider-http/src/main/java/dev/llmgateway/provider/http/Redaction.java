package dev.llmgateway.provider.http;

import dev.llmgateway.spi.Redactor;
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
 * key}, {@code api-key}, {@code api_key}, {@code access_token}. Scrubbing secrets out of text a
 * provider sent is the job of {@link Redactor}; {@link #secretsOf} and {@link #redactorOf} feed it
 * the credentials a request carries. Thread-safe.
 */
public final class Redaction {
  /** What replaces a secret value. */
  public static final String REDACTED = Redactor.REDACTED;

  private static final Set<String> SENSITIVE_HEADERS =
      Set.of("authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key");
  private static final Set<String> SENSITIVE_QUERY =
      Set.of("key", "api-key", "api_key", "access_token");

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
   * The credential values a request carries, so that they can be scrubbed from text the server
   * echoes back: the value of each credential header, or, for a value with an authorization scheme
   * ({@code Bearer token}, {@code Basic credentials}), the part after the scheme. The scheme itself
   * is no secret, and keeping it out keeps ordinary words such as "Bearer" from being scrubbed.
   *
   * @param requestHeaders the request's headers
   * @return the secret values, possibly empty
   */
  public static List<String> secretsOf(Headers requestHeaders) {
    List<String> secrets = new ArrayList<>(2);
    for (int i = 0; i < requestHeaders.size(); i++) {
      if (isSensitiveHeader(requestHeaders.name(i))) {
        String value = requestHeaders.value(i).trim();
        int space = value.indexOf(' ');
        secrets.add(space > 0 ? value.substring(space + 1).trim() : value);
      }
    }
    return secrets;
  }

  /**
   * A redactor for the credentials a request carries ({@link #secretsOf}).
   *
   * @param requestHeaders the request's headers
   * @return the redactor
   */
  public static Redactor redactorOf(Headers requestHeaders) {
    return Redactor.of(secretsOf(requestHeaders));
  }

  /**
   * Replaces every occurrence of the given secrets, and of every fragment of at least {@value
   * Redactor#FRAGMENT_LENGTH} characters of them, in a text with {@value #REDACTED}; also the
   * credentials the text marks itself ({@code Bearer ...}, {@code x-api-key: ...}). See {@link
   * Redactor}, which does the work.
   *
   * @param text the text, such as an error body from a provider
   * @param secrets the secret values; values shorter than {@value Redactor#MIN_SECRET_LENGTH}
   *     characters are ignored
   * @return the scrubbed text
   */
  public static String scrub(String text, Collection<String> secrets) {
    return Redactor.of(secrets).scrub(text);
  }
}
