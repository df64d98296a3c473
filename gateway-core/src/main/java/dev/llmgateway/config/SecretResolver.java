package dev.llmgateway.config;

import dev.llmgateway.error.ConfigurationException;
import dev.llmgateway.spi.Secret;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns a secret reference of a configuration file, {@code ${scheme:name}}, into a {@link Secret}.
 * The built-in schemes are {@code env} (an environment variable) and {@code file} (the content of a
 * file, without its surrounding whitespace); a resolver of your own adds schemes for a vault or a
 * secrets manager.
 *
 * <pre>{@code
 * SecretResolver vault = new SecretResolver() {
 *   public Set<String> schemes() { return Set.of("vault"); }
 *   public Secret resolve(String scheme, String name) { return Secret.of(vaultClient.read(name)); }
 * };
 * GatewayClient gateway = GatewayClient.builder()
 *     .secretResolver(vault)                    // before config(...)
 *     .config(Path.of("gateway.yaml"))          // apiKey: ${vault:secret/llm/openai#key}
 *     .build();
 * }</pre>
 *
 * <p>References are resolved when the file is loaded, once per reference, so a missing secret is
 * reported with the other problems of the file, naming its path. Implementations must be
 * thread-safe if shared, and must never put a secret's value in an exception message.
 */
public interface SecretResolver {

  /**
   * The schemes this resolver resolves, such as {@code vault}.
   *
   * @return the schemes; lower case letters, digits, {@code +}, {@code .} and {@code -}
   */
  Set<String> schemes();

  /**
   * Resolves one reference.
   *
   * @param scheme one of {@link #schemes()}
   * @param name what follows the colon in the reference, such as {@code OPENAI_API_KEY}
   * @return the secret
   * @throws ConfigurationException if the secret does not exist or cannot be read, saying why
   *     without its value
   */
  Secret resolve(String scheme, String name);

  /**
   * This resolver for its schemes, then {@code other} for the schemes this one does not have.
   *
   * @param other the resolver of the other schemes
   * @return the combined resolver
   */
  default SecretResolver or(SecretResolver other) {
    Objects.requireNonNull(other, "other");
    SecretResolver first = this;
    Set<String> all = new LinkedHashSet<>(first.schemes());
    all.addAll(other.schemes());
    Set<String> schemes = Set.copyOf(all);
    return new SecretResolver() {
      @Override
      public Set<String> schemes() {
        return schemes;
      }

      @Override
      public Secret resolve(String scheme, String name) {
        return first.schemes().contains(scheme)
            ? first.resolve(scheme, name)
            : other.resolve(scheme, name);
      }

      @Override
      public String toString() {
        return first + " or " + other;
      }
    };
  }

  /**
   * The built-in schemes: {@code env} from the process environment and {@code file}.
   *
   * @return the default resolver
   */
  static SecretResolver defaults() {
    return environment(System::getenv).or(files());
  }

  /**
   * The {@code env} scheme, reading variables through a lookup (for tests, or another source of
   * variables). The secret stays a reference: its value is read again whenever it is used, as
   * {@link Secret#env(String, Function)} does; resolving checks that the variable is set.
   *
   * @param lookup returns a variable's value, or {@code null} if it is not set
   * @return the resolver
   */
  static SecretResolver environment(Function<String, @Nullable String> lookup) {
    return BuiltInSecrets.environment(lookup);
  }

  /**
   * The {@code file} scheme: the secret is the content of the named file (a path, absolute or
   * relative to the working directory), read as UTF-8 when the reference is resolved, without
   * leading and trailing whitespace.
   *
   * @return the resolver
   */
  static SecretResolver files() {
    return BuiltInSecrets.FILES;
  }
}
