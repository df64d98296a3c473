package dev.llmgateway.config;

import dev.llmgateway.error.ConfigurationException;
import java.util.List;

/**
 * A configuration file, or a {@link GatewayConfig} applied to a builder, is invalid: carries every
 * problem found, each with its path, so that one run shows all of them.
 *
 * <pre>{@code
 * try {
 *   GatewayClient.fromConfig(Path.of("gateway.yaml"));
 * } catch (ConfigException e) {
 *   e.problems().forEach(p -> System.err.println(p));   // aliases.fast.targets[1].weight: ...
 * }
 * }</pre>
 *
 * <p>The message lists the problems one per line. Neither the message nor the problems show a
 * secret value or a value that looks like a key.
 */
public final class ConfigException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /** What was read, such as the file's path. */
  private final String source;

  /** Every problem found; never empty. */
  private final List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @param source what was read, such as the file's path
   * @param problems every problem found; at least one
   * @throws IllegalArgumentException if there is no problem
   */
  public ConfigException(String source, List<ConfigProblem> problems) {
    super(message(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private static String message(String source, List<ConfigProblem> problems) {
    if (problems == null || problems.isEmpty()) {
      throw new IllegalArgumentException("A ConfigException needs at least one problem");
    }
    StringBuilder sb = new StringBuilder("Configuration ").append(source).append(" has ");
    sb.append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }

  /**
   * What was read, such as the file's path.
   *
   * @return the source's name
   */
  public String source() {
    return source;
  }

  /**
   * Every problem found, in file order where it has one.
   *
   * @return the problems; never empty
   */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
