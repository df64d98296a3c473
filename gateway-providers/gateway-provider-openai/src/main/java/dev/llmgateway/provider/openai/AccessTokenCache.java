package dev.llmgateway.provider.openai;

import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one credential's OAuth2 access token and mints a new one a margin before the current one
 * expires, measured on the provider's clock.
 *
 * <p>Thread-safe. Readers take the current token without locking; when it is due, one thread
 * refreshes under a lock while the others wait for that refresh instead of starting their own (a
 * {@link ReentrantLock}, since the refresh blocks on I/O and may run on a virtual thread). A failed
 * refresh leaves no token behind, so the next call tries again.
 */
final class AccessTokenCache {
  private static final Logger log = LoggerFactory.getLogger(AccessTokenCache.class);

  /** Mints access tokens; the only part that talks to the token endpoint. */
  interface Minter {
    /**
     * Mints a token.
     *
     * @return the token and how long it is valid from now
     * @throws IOException if the token endpoint cannot be reached or refuses
     */
    Minted mint() throws IOException;
  }

  /** A freshly minted token and its lifetime. {@link #toString()} hides the token. */
  record Minted(String token, Duration lifetime) {
    @Override
    public String toString() {
      return "Minted[lifetime " + lifetime + "]";
    }
  }

  /** The current token and when it is due for refresh. {@link #toString()} hides the token. */
  private record Current(String token, Instant refreshAt, Instant expiresAt) {
    @Override
    public String toString() {
      return "Current[refresh at " + refreshAt + "]";
    }
  }

  private final String provider;
  private final String keyId;
  private final Minter minter;
  private final Clock clock;
  private final Duration margin;
  private final ReentrantLock refreshLock = new ReentrantLock();
  private volatile @Nullable Current current;

  AccessTokenCache(String provider, String keyId, Minter minter, Clock clock, Duration margin) {
    this.provider = provider;
    this.keyId = keyId;
    this.minter = minter;
    this.clock = clock;
    this.margin = margin;
  }

  /**
   * The token to send now: the cached one until its refresh time, then a fresh one.
   *
   * @throws ProviderException ({@code AUTHENTICATION}) if no token can be minted
   */
  String token(@Nullable String model) {
    Current c = current;
    if (c != null && clock.instant().isBefore(c.refreshAt())) {
      return c.token();
    }
    refreshLock.lock();
    try {
      c = current;
      Instant now = clock.instant();
      if (c != null && now.isBefore(c.refreshAt())) {
        return c.token(); // another thread refreshed while this one waited
      }
      Minted minted;
      try {
        minted = minter.mint();
      } catch (IOException | RuntimeException e) {
        current = null;
        throw new ProviderException(
            ErrorKind.AUTHENTICATION,
            provider,
            model,
            "Provider '"
                + provider
                + "' could not obtain an access token for key '"
                + keyId
                + "' ("
                + e.getClass().getSimpleName()
                + ")",
            e);
      }
      Instant expiresAt = now.plus(minted.lifetime());
      // A margin longer than the token lives would refresh on every call: cap it at half.
      Duration lead =
          margin.compareTo(minted.lifetime().dividedBy(2)) > 0
              ? minted.lifetime().dividedBy(2)
              : margin;
      current = new Current(minted.token(), expiresAt.minus(lead), expiresAt);
      log.debug(
          "Provider '{}' key '{}': new access token valid until {}, refresh at {}",
          provider,
          keyId,
          expiresAt,
          expiresAt.minus(lead));
      return minted.token();
    } finally {
      refreshLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "AccessTokenCache[" + provider + ", key " + keyId + ", " + current + "]";
  }
}
