package dev.llmgateway.provider.bedrock;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.error.ErrorKind;
import dev.llmgateway.error.ProviderException;
import dev.llmgateway.spi.ProviderKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Reads AWS credentials from a gateway key. A key's secret is {@code accessKeyId:secretAccessKey}
 * or {@code accessKeyId:secretAccessKey:sessionToken} (none of the three contains a colon). The
 * gateway's placeholder key for a provider configured without keys (id {@code none}) means: use the
 * client's own credentials (the {@code profile} option or the default AWS chain). The values are
 * never put into messages or logs.
 */
final class AwsKeys {
  /** The id the gateway gives the placeholder key of a provider configured without keys. */
  static final String NO_KEY_ID = "none";

  private AwsKeys() {}

  /**
   * The credentials a key stands for, or {@code null} for the client's own credentials.
   *
   * @throws ProviderException with {@link ErrorKind#AUTHENTICATION} if the key cannot be read or is
   *     not in the documented form
   */
  static @Nullable AwsCredentials credentials(ProviderKey key, String provider) {
    String value;
    try {
      value = key.secret().reveal();
    } catch (ConfigurationException e) {
      throw new ProviderException(
          ErrorKind.AUTHENTICATION,
          provider,
          null,
          "Provider '" + provider + "' key '" + key.id() + "' is not usable: " + e.getMessage(),
          e);
    }
    if (value.indexOf(':') < 0 && NO_KEY_ID.equals(key.id())) {
      return null;
    }
    String[] parts = value.split(":", -1);
    if ((parts.length != 2 && parts.length != 3) || anyBlank(parts)) {
      throw new ProviderException(
          ErrorKind.AUTHENTICATION,
          provider,
          null,
          "Provider '"
              + provider
              + "' key '"
              + key.id()
              + "' ("
              + key.secret().source()
              + ") is not of the form accessKeyId:secretAccessKey[:sessionToken]",
          null);
    }
    return parts.length == 2
        ? AwsBasicCredentials.create(parts[0], parts[1])
        : AwsSessionCredentials.create(parts[0], parts[1], parts[2]);
  }

  /** The secret strings of credentials, for scrubbing them from messages. */
  static List<String> secrets(@Nullable AwsCredentials credentials) {
    List<String> secrets = new ArrayList<>(3);
    if (credentials != null) {
      secrets.add(credentials.accessKeyId());
      secrets.add(credentials.secretAccessKey());
      if (credentials instanceof AwsSessionCredentials session) {
        secrets.add(session.sessionToken());
      }
    }
    return secrets;
  }

  private static boolean anyBlank(String[] parts) {
    for (String part : parts) {
      if (part.isBlank()) {
        return true;
      }
    }
    return false;
  }
}
