package dev.llmgateway.provider.openai;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Mints Vertex AI access tokens from a service-account JSON key with Google's auth library ({@value
 * GoogleAuthLibrary#ARTIFACT}), an optional dependency. This is the only class that names the
 * library's types; it is loaded only after {@link GoogleAuthLibrary#require} found the library, so
 * that its absence is a clear configuration error rather than a {@link NoClassDefFoundError} in the
 * middle of a call.
 *
 * <p>Thread-safe once created: the library's credentials are.
 */
final class GoogleServiceAccount implements AccessTokenCache.Minter {
  /** The OAuth2 scope Vertex AI needs. */
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

  private final GoogleCredentials credentials;

  private GoogleServiceAccount(GoogleCredentials credentials) {
    this.credentials = credentials;
  }

  /**
   * Reads a service-account JSON key.
   *
   * @param json the key file's content, with {@code private_key}, {@code client_email} and {@code
   *     token_uri}
   * @throws IOException if it is not a service-account key; the message never quotes the key
   */
  static GoogleServiceAccount fromJson(String json) throws IOException {
    ServiceAccountCredentials parsed =
        ServiceAccountCredentials.fromStream(
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    return new GoogleServiceAccount(parsed.createScoped(List.of(SCOPE)));
  }

  /**
   * Asks the key's token endpoint ({@code token_uri}) for a new token. The lifetime is measured
   * against the wall clock the library uses, then placed by the caller on the provider's clock.
   */
  @Override
  public AccessTokenCache.Minted mint() throws IOException {
    AccessToken token = credentials.refreshAccessToken();
    if (token == null || token.getTokenValue() == null) {
      throw new IOException("the token endpoint returned no access token");
    }
    long lifetimeMillis =
        token.getExpirationTime() == null
            ? Duration.ofHours(1).toMillis() // Google's documented default lifetime
            : token.getExpirationTime().getTime() - System.currentTimeMillis();
    // Whole seconds: expires_in is given in seconds, the milliseconds are only the round trip.
    long seconds = Math.max(1, Math.round(lifetimeMillis / 1000.0));
    return new AccessTokenCache.Minted(token.getTokenValue(), Duration.ofSeconds(seconds));
  }

  /** Never shows the key or tokens. */
  @Override
  public String toString() {
    return "GoogleServiceAccount";
  }
}
