package dev.llmgateway.spi;

import dev.llmgateway.error.ConfigurationException;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A secret value such as an API key, held so that it is never printed: {@link #toString()} names
 * only where the secret comes from, never its value.
 *
 * <pre>{@code
 * Secret key = Secret.env("OPENAI_API_KEY");   // read when first needed
 * Secret fixed = Secret.of("test-key-123");    // tests only
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Secret {
  private final String source;
  private final @Nullable String envName;
  private final Function<String, @Nullable String> env;
  private final @Nullable String value;

  private Secret(
      String source,
      @Nullable String envName,
      Function<String, @Nullable String> env,
      @Nullable String value) {
    this.source = source;
    this.envName = envName;
    this.env = env;
    this.value = value;
  }

  /**
   * A secret given as a value.
   *
   * @param value the secret, not blank
   * @return the secret
   * @throws ConfigurationException if the value is blank
   */
  public static Secret of(String value) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException("A secret value must not be blank");
    }
    return new Secret("value", null, name -> null, value);
  }

  /**
   * A secret read from an environment variable each time it is revealed.
   *
   * @param variable the variable's name
   * @return the secret
   * @throws ConfigurationException if the name is blank
   */
  public static Secret env(String variable) {
    return env(variable, System::getenv);
  }

  /**
   * A secret read from a variable through the given lookup; for tests and for configuration sources
   * other than the process environment.
   *
   * @param variable the variable's name
   * @param lookup returns the value of a variable, or {@code null} if it is not set
   * @return the secret
   * @throws ConfigurationException if the name is blank
   */
  public static Secret env(String variable, Function<String, @Nullable String> lookup) {
    if (variable == null || variable.isBlank()) {
      throw new ConfigurationException("An environment variable name must not be blank");
    }
    Objects.requireNonNull(lookup, "lookup");
    return new Secret("env:" + variable, variable, lookup, null);
  }

  /**
   * The secret's value. Call it only where the value is sent to its destination, never to log.
   *
   * @return the value
   * @throws ConfigurationException if the secret comes from a variable that is not set or is blank
   */
  public String reveal() {
    if (value != null) {
      return value;
    }
    String v = env.apply(Objects.requireNonNull(envName));
    if (v == null || v.isBlank()) {
      throw new ConfigurationException("Environment variable '" + envName + "' is not set");
    }
    return v;
  }

  /**
   * Where the secret comes from: {@code value} or {@code env:NAME}. Safe to print.
   *
   * @return the source description
   */
  public String source() {
    return source;
  }

  /** Returns {@code Secret[source]}; never the value. */
  @Override
  public String toString() {
    return "Secret[" + source + "]";
  }
}
